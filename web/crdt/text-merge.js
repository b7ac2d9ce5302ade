// Eg-walker text merge (docs/crdt.md §3.3-3.4): a port of Sources/TavoloCRDT/Text/Tracker.swift,
// Tracker+Edits.swift, PrefixSums.swift, RecordIndex.swift, DirectText.swift and TextMerge.swift.
// Same traversal order, critical versions, YjsMod/FugueMax integration, chunked records, and the
// same handling of operations outside the text at their parent version (no-ops, reported by
// their first operation outside on every path), so every replica (Swift or JS) ends with the same
// text and reports the same ids.
import { OpKind } from './ids.js';
import { utf8Less } from './bytes.js';

// Swift uses 2^58 + offset; JS numbers are exact only below 2^53, so placeholders start at
// 2^52 (ids are only compared with each other, and real LVs stay below 2^31).
const PLACEHOLDER_BASE = 2 ** 52;
const NO_ORIGIN = -1;
const CHUNK_LIMIT = 128;
const BLOCK_LIMIT = 256;
// A spot (a record's place: rank of its chunk in document order, slot in the chunk) is one
// number, rank * SLOTS + slot, so spots compare with === and cost no allocation. A chunk can
// hold more than CHUNK_LIMIT records between rebalances (applyMoves splits many), never 2^26.
const SLOTS = 2 ** 26;

/** Slices of the op log's runs overlapping lo..<hi (log: {runs: [{lv, len, kind, target, pos, forward, data}]}). */
export function pieces(log, lo, hi) {
  const out = [];
  const runs = log.runs;
  if (lo >= hi || !runs.length) return out;
  let a = 0, b = runs.length - 1;
  while (a < b) { const m = (a + b + 1) >> 1; if (runs[m].lv <= lo) a = m; else b = m - 1; }
  for (let i = a; i < runs.length && runs[i].lv < hi; i++) {
    const r = runs[i];
    const s = Math.max(lo, r.lv), e = Math.min(hi, r.lv + r.len);
    if (s >= e) continue;
    const k = s - r.lv;
    if (k === 0 && e === r.lv + r.len) { out.push(r); continue; }
    const c = { ...r, lv: s, len: e - s };
    if (r.kind === OpKind.insertText) { c.pos += k; c.data += k; }
    else if (r.kind === OpKind.deleteText && !r.forward) c.pos -= k;
    out.push(c);
  }
  return out;
}

function upper(list, key) {
  let lo = 0, hi = list.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (list[m] <= key) lo = m + 1; else hi = m; }
  return lo;
}

/**
 * Which chunk holds the record starting at each character id: a sorted map in blocks (Swift
 * `RecordIndex`), so finding the record containing an id costs two binary searches.
 */
export class RecordIndex {
  constructor() { this.removeAll(); }
  removeAll() { this.firstKeys = []; this.keys = []; this.chunks = []; }
  block(key) { return Math.max(upper(this.firstKeys, key) - 1, 0); }
  set(key, chunk) {
    if (!this.keys.length) { this.firstKeys = [key]; this.keys = [[key]]; this.chunks = [[chunk]]; return; }
    const b = this.block(key);
    const keys = this.keys[b], chunks = this.chunks[b];
    const i = upper(keys, key);
    if (i > 0 && keys[i - 1] === key) { chunks[i - 1] = chunk; return; }
    keys.splice(i, 0, key);
    chunks.splice(i, 0, chunk);
    if (i === 0) this.firstKeys[b] = key;
    if (keys.length > BLOCK_LIMIT) {
      const half = keys.length >> 1;
      this.keys.splice(b + 1, 0, keys.splice(half));
      this.chunks.splice(b + 1, 0, chunks.splice(half));
      this.firstKeys.splice(b + 1, 0, this.keys[b + 1][0]);
    }
  }
  /** The chunk of the record with the greatest start at or below `id`, or -1. */
  chunkContaining(id) {
    if (!this.keys.length) return -1;
    const b = this.block(id);
    const i = upper(this.keys[b], id);
    return i > 0 ? this.chunks[b][i - 1] : -1;
  }
}

/**
 * A Fenwick tree over the tracker's chunks in document order (Swift `PrefixSums`): the length of
 * the text before a chunk, and the chunk holding a position, in O(log chunks). Rebuilt
 * (O(chunks)) only when a chunk splits, once per CHUNK_LIMIT / 2 records added. Kept in this
 * module so that the browser loads no extra file (index.html preloads the modules it imports).
 */
export class PrefixSums {
  constructor(values = []) {
    this.tree = new Float64Array(16); // exact for integers below 2^53; tree[0] unused
    this.size = 0;
    this.rebuild(values.length, (i) => values[i]);
  }

  /** Sets the values to valueAt(0..<count), reusing the storage (called on every chunk split). */
  rebuild(count, valueAt) {
    if (this.tree.length < count + 1) this.tree = new Float64Array(Math.max(count + 1, 2 * this.tree.length));
    const tree = this.tree;
    this.size = count + 1;
    tree[0] = 0;
    for (let i = 0; i < count; i++) tree[i + 1] = valueAt(i);
    for (let i = 1; i <= count; i++) {
      const parent = i + (i & -i);
      if (parent <= count) tree[parent] += tree[i];
    }
    let step = 1;
    while (step * 2 < this.size) step *= 2;
    this.topStep = step;
  }

  /** Adds `delta` to the value at `index` (0-based). */
  add(index, delta) {
    if (delta === 0) return;
    const tree = this.tree, size = this.size;
    for (let i = index + 1; i < size; i += i & -i) tree[i] += delta;
  }

  /** The sum of the values before `index`. */
  prefix(index) {
    const tree = this.tree;
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += tree[i];
    return sum;
  }

  /**
   * [index, sum before it] of the first index whose running sum exceeds `target` (values are
   * never negative), or null when the total is at most `target`.
   */
  search(target) {
    const tree = this.tree, size = this.size;
    let pos = 0, rest = target;
    for (let step = this.topStep; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < size && tree[next] <= rest) { pos = next; rest -= tree[next]; }
    }
    return pos < size - 1 ? [pos, target - rest] : null;
  }
}

const prepLen = (it) => (it.state === 1 ? it.len : 0);
const effLen = (it) => (it.everDeleted ? 0 : it.len);

/**
 * The Eg-walker tracker (Swift `Tracker`): Fugue/YjsMod-ordered character runs ("records")
 * built from a common version, whose text is one placeholder run of exactly `length`
 * characters. Records live in chunks of at most 128 with their prepare/effect lengths, summed
 * per chunk rank in Fenwick trees (`PrefixSums`), so a position's chunk is found in O(log
 * chunks); a record by id through `RecordIndex`.
 * item.state: 0 not inserted in the prepare version, 1 inserted, n >= 2 deleted by n-1 ops;
 * item.everDeleted: deleted in the effect version.
 */
export class Tracker {
  constructor(length = 0) {
    /** First events of operation runs found outside the text at their parent version (no-ops, §5). */
    this.outOfRange = [];
    this.index = new RecordIndex();
    this.reset(length);
  }

  /** Forgets everything: the text as it is now, `length` characters (exact), becomes the placeholder. */
  reset(length) {
    this.index.removeAll();
    if (length > 0) {
      this.chunks = [{ items: [{ id: PLACEHOLDER_BASE, len: length, originLeft: -1, originRight: -1, state: 1, everDeleted: false }],
        prepareLength: length, effectLength: length }];
      this.index.set(PLACEHOLDER_BASE, 0);
    } else {
      this.chunks = [{ items: [], prepareLength: 0, effectLength: 0 }];
    }
    this.order = [0];
    this.rankOf = [0];
    /** Chunks grown past CHUNK_LIMIT since the last `rebalance`. */
    this.overfull = [];
    this.prepareLength = length;
    this.effectLength = length;
    this.targets = [];
    this.targetsSorted = true;
    this.rebuildSums();
  }

  /** Per rank (document order): the chunks' prepare and effect lengths, summed in Fenwick trees. */
  rebuildSums() {
    const order = this.order, chunks = this.chunks;
    this.prepareSums ??= new PrefixSums();
    this.effectSums ??= new PrefixSums();
    this.prepareSums.rebuild(order.length, (r) => chunks[order[r]].prepareLength);
    this.effectSums.rebuild(order.length, (r) => chunks[order[r]].effectLength);
  }

  get recordCount() { return this.chunks.reduce((n, c) => n + c.items.length, 0); }

  // MARK: walking

  get end() { return this.order.length * SLOTS; }
  get start() { return this.chunks[this.order[0]].items.length ? 0 : this.end; }
  chunkAt(s) { return this.chunks[this.order[Math.floor(s / SLOTS)]]; }
  item(s) { return this.chunkAt(s).items[s % SLOTS]; }
  next(s) {
    const slot = s % SLOTS;
    return slot + 1 < this.chunkAt(s).items.length ? s + 1 : s - slot + SLOTS;
  }

  /** Changes one record, keeping the chunk and total lengths right. */
  modify(s, body) {
    const c = this.chunkAt(s);
    const it = c.items[s % SLOTS];
    const p0 = prepLen(it), e0 = effLen(it);
    body(it);
    const dp = prepLen(it) - p0, de = effLen(it) - e0;
    c.prepareLength += dp; c.effectLength += de;
    this.prepareLength += dp; this.effectLength += de;
    const rank = Math.floor(s / SLOTS);
    this.prepareSums.add(rank, dp);
    this.effectSums.add(rank, de);
  }

  /** Inserts a record before `s` (at the very end when `s` is `end`). */
  insertItem(item, s) {
    let rank = Math.floor(s / SLOTS), slot = s % SLOTS;
    if (rank === this.order.length) { rank--; slot = this.chunks[this.order[rank]].items.length; }
    const ci = this.order[rank], c = this.chunks[ci];
    c.items.splice(slot, 0, item);
    if (c.items.length === CHUNK_LIMIT + 1) this.overfull.push(ci);
    const p = prepLen(item), e = effLen(item);
    c.prepareLength += p; c.effectLength += e;
    this.prepareLength += p; this.effectLength += e;
    this.prepareSums.add(rank, p);
    this.effectSums.add(rank, e);
    this.index.set(item.id, ci);
  }

  /** Splits the record at `s` so that it keeps its first `k` characters; the rest follows it. */
  split(s, k) {
    const ci = this.order[Math.floor(s / SLOTS)], items = this.chunks[ci].items, slot = s % SLOTS;
    const it = items[slot];
    const rest = { id: it.id + k, len: it.len - k, originLeft: it.id + k - 1, originRight: it.originRight, state: it.state, everDeleted: it.everDeleted };
    it.len = k;
    items.splice(slot + 1, 0, rest);
    if (items.length === CHUNK_LIMIT + 1) this.overfull.push(ci);
    this.index.set(rest.id, ci);
  }

  /**
   * Splits chunks grown past the limit (every spot held before is stale afterwards), as Swift
   * does: only those that grew, then the prefix sums are rebuilt.
   */
  rebalance() {
    if (!this.overfull.length) return;
    const overfull = this.overfull;
    while (overfull.length) {
      const ci = overfull.pop(), c = this.chunks[ci];
      if (c.items.length <= CHUNK_LIMIT) continue;
      const half = c.items.length >> 1;
      const moved = { items: c.items.splice(half), prepareLength: 0, effectLength: 0 };
      for (const it of moved.items) { moved.prepareLength += prepLen(it); moved.effectLength += effLen(it); }
      c.prepareLength -= moved.prepareLength;
      c.effectLength -= moved.effectLength;
      const id = this.chunks.length;
      for (const it of moved.items) this.index.set(it.id, id);
      this.chunks.push(moved);
      const rank = this.rankOf[ci] + 1;
      this.order.splice(rank, 0, id);
      this.rankOf.push(0);
      for (let r = rank; r < this.order.length; r++) this.rankOf[this.order[r]] = r;
      // Either half may still be too long (a chunk can grow by many records in one operation).
      if (c.items.length > CHUNK_LIMIT) overfull.push(ci);
      if (moved.items.length > CHUNK_LIMIT) overfull.push(id);
    }
    this.rebuildSums();
  }

  // MARK: finding

  /** [spot, offset] of the `pos`-th visible character of the prepare version, or null. */
  findVisible(pos) {
    if (pos < 0 || pos >= this.prepareLength) return null;
    const found = this.prepareSums.search(pos);
    if (!found) return null;
    const [rank, before] = found;
    let acc = before;
    const items = this.chunks[this.order[rank]].items;
    for (let slot = 0; slot < items.length; slot++) {
      if (items[slot].state !== 1) continue;
      const len = items[slot].len;
      if (pos < acc + len) return [rank * SLOTS + slot, pos - acc];
      acc += len;
    }
    return null;
  }

  /** Number of characters present in the effect version before the record at `s`. */
  effectPosition(s) {
    const rank = Math.floor(s / SLOTS), order = this.order;
    let acc = this.effectSums.prefix(Math.min(rank, order.length));
    if (rank < order.length) {
      const items = this.chunks[order[rank]].items, slot = s % SLOTS;
      for (let i = 0; i < slot; i++) if (!items[i].everDeleted) acc += items[i].len;
    }
    return acc;
  }

  /** The spot of the record containing character `id`, or -1. */
  locate(id) {
    const ci = this.index.chunkContaining(id);
    if (ci < 0) return -1;
    const items = this.chunks[ci].items;
    for (let slot = 0; slot < items.length; slot++) {
      if (id >= items[slot].id && id < items[slot].id + items[slot].len) return this.rankOf[ci] * SLOTS + slot;
    }
    return -1;
  }

  // MARK: edits (Swift Tracker+Edits.swift)

  /**
   * Integrates an insert run (events lv..<lv+len) at prepare position `pos`; returns its effect
   * position, or null when `pos` lies outside the text at the parent version: such an insert does
   * nothing, the same on every replica whatever else it has seen (§5).
   */
  insert(lv, len, pos, needEffect, graph) {
    if (pos > this.prepareLength || pos < 0) { this.outOfRange.push(lv); return null; }
    const end = this.end;
    let cursor = this.start;
    let left = -1;
    let originLeft = NO_ORIGIN;
    const found = pos > 0 ? this.findVisible(pos - 1) : null;
    if (found) {
      const [s, off] = found;
      const it = this.item(s);
      originLeft = it.id + off;
      if (off + 1 < it.len) this.split(s, off + 1);
      left = s;
      cursor = this.next(s);
    }
    let right = cursor;
    while (right !== end && this.item(right).state === 0) right = this.next(right);
    const originRight = right !== end ? this.item(right).id : NO_ORIGIN;
    // YjsMod (equivalent to FugueMax) integration over the concurrent records in between.
    let dest = cursor;
    let scanning = false;
    let i = cursor;
    for (;;) {
      if (!scanning) dest = i;
      if (i === end || i === right) break;
      const other = this.item(i);
      const leftOrder = this.compareLeft(other.originLeft, left, i);
      if (leftOrder < 0) break;
      if (leftOrder === 0) {
        const rightOrder = this.compareRight(other.originRight, i, right);
        if (rightOrder === 0 && less(lv, other.id, graph)) break;
        scanning = rightOrder < 0;
      }
      i = this.next(i);
    }
    const effect = needEffect ? this.effectPosition(dest) : 0;
    this.insertItem({ id: lv, len, originLeft, originRight, state: 1, everDeleted: false }, dest);
    this.rebalance();
    return effect;
  }

  /** -1 if `origin` lies before the new record's left neighbour, 0 on it, 1 between it and `i`. */
  compareLeft(origin, left, i) {
    if (left < 0) return origin === NO_ORIGIN ? 0 : 1;
    if (origin === NO_ORIGIN) return -1;
    for (let s = left; s !== i; s = this.next(s)) {
      const r = this.item(s);
      if (origin >= r.id && origin < r.id + r.len) return s === left ? 0 : 1;
    }
    return -1;
  }

  /** -1 if `origin` (right origin of the record at `i`) lies before `right`, 0 on it, 1 after it or none. */
  compareRight(origin, i, right) {
    const end = this.end;
    if (origin === NO_ORIGIN) return right === end ? 0 : 1;
    for (let s = this.next(i); s !== end; s = this.next(s)) {
      const r = this.item(s);
      if (origin >= r.id && origin < r.id + r.len) return s === right ? 0 : -1;
      if (s === right) return 1;
    }
    return 1;
  }

  /**
   * Deletes the prepare-visible characters at pos..<pos+len (events lv..<lv+len, all at `pos`);
   * emit(effectPos, n) for those not already deleted in the effect version. Deletes past the end
   * of the text at their parent version delete nothing (§5).
   */
  deleteForward(lv, len, pos, effect, emit) {
    let done = 0;
    while (done < len) {
      const f = this.findVisible(pos);
      if (!f) { this.outOfRange.push(lv + done); break; }
      let [s, off] = f;
      if (off > 0) { this.split(s, off); s = this.next(s); off = 0; }
      const m = Math.min(len - done, this.item(s).len);
      if (m < this.item(s).len) this.split(s, m);
      const r = this.item(s);
      this.appendTarget({ lv: lv + done, target: r.id, len: m });
      const wasDeleted = r.everDeleted;
      const at = effect && !wasDeleted ? this.effectPosition(s) : 0;
      this.modify(s, (it) => { it.state = 2; it.everDeleted = true; });
      if (!wasDeleted && effect) emit(at, m);
      done += m;
    }
    this.rebalance();
  }

  /** Deletes one prepare-visible character at `pos` (event `lv`). */
  deleteOne(lv, pos, effect, emit) {
    const f = this.findVisible(pos);
    if (!f) { this.outOfRange.push(lv); return; }
    let [s, off] = f;
    if (off > 0) { this.split(s, off); s = this.next(s); }
    if (this.item(s).len > 1) this.split(s, 1);
    const r = this.item(s);
    this.appendTarget({ lv, target: r.id, len: 1 });
    const wasDeleted = r.everDeleted;
    const at = effect && !wasDeleted ? this.effectPosition(s) : 0;
    this.modify(s, (it) => { it.state = 2; it.everDeleted = true; });
    if (!wasDeleted && effect) emit(at, 1);
    this.rebalance();
  }

  appendTarget(t) {
    const last = this.targets[this.targets.length - 1];
    if (last && last.lv > t.lv) this.targetsSorted = false;
    this.targets.push(t);
  }

  /** Calls `body` on every record whose ids lie in lo..<hi, splitting records at the bounds. */
  forEachItem(lo, hi, body) {
    let id = lo;
    while (id < hi) {
      let s = this.locate(id);
      if (s < 0) return;
      const first = this.item(s).id;
      if (first < id) { this.split(s, id - first); s = this.next(s); }
      const r = this.item(s);
      const rEnd = r.id + r.len;
      if (rEnd > hi) this.split(s, hi - r.id);
      this.modify(s, body);
      id = Math.min(rEnd, hi);
    }
  }

  /** The character ranges [lo, hi, delta] deleted by delete events lo..<hi. */
  deleteTargets(lo, hi, delta, out) {
    if (!this.targetsSorted) {
      // Targets never share an LV: any sort gives Swift's order.
      this.targets.sort((x, y) => x.lv - y.lv);
      this.targetsSorted = true;
    }
    const t = this.targets;
    let a = 0, b = t.length;
    while (a < b) { const m = (a + b) >> 1; if (t[m].lv + t[m].len <= lo) a = m + 1; else b = m; }
    for (let k = a; k < t.length && t[k].lv < hi; k++) {
      const x = t[k];
      const s = Math.max(x.lv, lo), e = Math.min(x.lv + x.len, hi);
      if (s < e) out.push([x.target + (s - x.lv), x.target + (e - x.lv), delta]);
    }
  }

  /**
   * Moves the prepare version: `inserts` [lo, hi, advance], `deletes` [lo, hi, delta]. Retreats
   * first (deletes, then inserts), then advances (inserts, then deletes).
   */
  applyMoves(inserts, deletes) {
    for (const [lo, hi, d] of deletes) if (d < 0) this.forEachItem(lo, hi, (it) => { it.state += d; });
    for (const [lo, hi, adv] of inserts) if (!adv) this.forEachItem(lo, hi, (it) => { it.state = 0; });
    for (const [lo, hi, adv] of inserts) if (adv) this.forEachItem(lo, hi, (it) => { it.state = 1; });
    for (const [lo, hi, d] of deletes) if (d > 0) this.forEachItem(lo, hi, (it) => { it.state += d; });
    this.rebalance();
  }
}

/** Orders two concurrent inserters by replica id (bytewise UTF-8), then counter. */
function less(a, b, graph) {
  const [aa, sa] = graph.agentSeq(a), [ab, sb] = graph.agentSeq(b);
  if (aa === ab) return sa < sb;
  return utf8Less(graph.agents[aa], graph.agents[ab]);
}

/**
 * Brings text object `target` (its scalars in `sink`, a TextSink) from version `from` to
 * `from ∪ to` (frontiers of LVs). sink: { insert(pos, scalars, lv), delete(pos, n) } (clamping);
 * `lv` is the LV of the first inserted scalar.
 */
export function mergeText(graph, log, target, from, to, sink) {
  const spans = [];
  const common = graph.walk(from, to, 'conflict', (lo, hi, side) => spans.push({ lo, hi, emit: side === 2 }));
  if (!spans.length) return;
  // Visited newest first: reverse, then the already-applied ones before the new ones, each group
  // in the chain-following topological order of Swift's TextMerge.chainOrder.
  spans.reverse();
  const known = spans.filter((s) => !s.emit), fresh = spans.filter((s) => s.emit);
  const knownOrder = chainOrder(graph, known), freshOrder = chainOrder(graph, fresh);
  const order = knownOrder.map((i) => known[i]).concat(freshOrder.map((i) => fresh[i]));
  const starts = [];
  let total = 0;
  for (const s of order) { starts.push(total); total += s.hi - s.lo; }
  const knownStart = new Array(known.length).fill(0);
  knownOrder.forEach((i, k) => { knownStart[i] = starts[k]; });
  const freshStart = new Array(fresh.length).fill(0);
  freshOrder.forEach((i, k) => { freshStart[i] = starts[known.length + k]; });
  const search = (lv, list, start) => {
    const i = findSpan(lv, list);
    return i === null ? null : start[i] + lv - list[i].lo;
  };
  const position = (lv) => search(lv, known, knownStart) ?? search(lv, fresh, freshStart) ?? -1;
  const sufMin = new Array(order.length).fill(Infinity);
  let running = Infinity;
  for (let k = order.length - 1; k >= 0; k--) {
    sufMin[k] = running;
    const lo = order[k].lo;
    const p = graph.singleParent(lo);
    if (p !== null) running = Math.min(running, position(p));
    else {
      const ps = graph.parents(lo);
      if (!ps.length) running = -1; else for (const q of ps) running = Math.min(running, position(q));
    }
  }

  // Until the first concurrent event the text is a plain sequence of `at.length` characters; the
  // tracker is made (with that exact length, which decides what lies outside the text) only then.
  const tracker = new Tracker();
  const at = { length: common >= 0 ? textLengthAt(graph, log, target, common) : 0 };
  let clear = true;
  let prepare = common >= 0 ? [common] : [];
  let heads = prepare.slice();
  for (let k = 0; k < order.length; k++) {
    const span = order[k];
    const single = graph.singleParent(span.lo);
    const parents = single === null ? graph.parents(span.lo) : [];
    if (single !== null) {
      const i = heads.indexOf(single);
      if (i >= 0) heads.splice(i, 1);
    } else heads = heads.filter((h) => !parents.includes(h));
    heads.push(span.hi - 1);
    const last = starts[k] + span.hi - span.lo - 1;
    const criticalAfter = heads.length === 1 && sufMin[k] >= last;
    const samePrepare = single !== null
      ? prepare.length === 1 && prepare[0] === single
      : parents.length === prepare.length && parents.every((p, i) => p === prepare[i]);
    if (clear && criticalAfter && samePrepare) {
      for (const r of pieces(log, span.lo, span.hi)) {
        if (r.target === target) applyDirect(log, r, at, span.emit, sink);
      }
    } else {
      if (clear) tracker.reset(at.length);
      if (!samePrepare) moveTracker(graph, log, target, tracker, prepare, single !== null ? [single] : parents);
      applyTracked(graph, log, target, span.lo, span.hi, span.emit, tracker, sink);
      clear = false;
      if (criticalAfter) {
        // Everything processed is an ancestor of this version: its text is the effect version.
        at.length = tracker.effectLength;
        clear = true;
      }
    }
    prepare = [span.hi - 1];
  }
}

/** Index of the span (in `list`, sorted by LV) holding event `lv`, or null. */
function findSpan(lv, list) {
  let a = 0, b = list.length;
  while (a < b) { const m = (a + b) >> 1; if (list[m].hi <= lv) a = m + 1; else b = m; }
  return a < list.length && list[a].lo <= lv ? a : null;
}

/**
 * A topological order of `list` (sorted by LV) that, whenever it can, continues with a span whose
 * parent is the last event just processed, else takes the oldest ready span (Swift `chainOrder`).
 */
export function chainOrder(graph, list) {
  const n = list.length;
  if (n <= 1) return Array.from({ length: n }, (_, i) => i);
  const indegree = new Array(n).fill(0);
  const children = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (const p of graph.parents(list[i].lo)) {
      const j = findSpan(p, list);
      if (j !== null && j !== i) { children[j].push(i); indegree[i]++; }
    }
  }
  const heap = []; // min-heap of ready span indices
  const push = (x) => {
    heap.push(x);
    let c = heap.length - 1;
    while (c > 0 && heap[(c - 1) >> 1] > heap[c]) { const p = (c - 1) >> 1; [heap[c], heap[p]] = [heap[p], heap[c]]; c = p; }
  };
  const pop = () => {
    const top = heap[0];
    heap[0] = heap[heap.length - 1];
    heap.pop();
    let p = 0;
    for (;;) {
      const l = 2 * p + 1, r = l + 1;
      let m = p;
      if (l < heap.length && heap[l] < heap[m]) m = l;
      if (r < heap.length && heap[r] < heap[m]) m = r;
      if (m === p) break;
      [heap[p], heap[m]] = [heap[m], heap[p]];
      p = m;
    }
    return top;
  };
  for (let i = 0; i < n; i++) if (indegree[i] === 0) push(i);
  const out = [];
  let next = null;
  while (out.length < n) {
    let i;
    if (next !== null) { i = next; next = null; } else if (heap.length) i = pop(); else break;
    out.push(i);
    const last = list[i].hi - 1;
    for (const c of children[i]) {
      indegree[c]--;
      if (indegree[c] === 0) {
        if (next === null && graph.singleParent(list[c].lo) === last) next = c; else push(c);
      }
    }
  }
  if (out.length < n) for (let i = 0; i < n; i++) if (!out.includes(i)) out.push(i);
  return out;
}

/** The length of text `target` at the version of event `lv` and its ancestors. */
export function textLengthAt(graph, log, target, lv) {
  const counter = new CountingSink();
  mergeText(graph, log, target, [], [lv], counter);
  return counter.count;
}

/**
 * Applies run `r` straight to a text of `at.length` characters (updated) as the tracker does
 * (Swift `DirectText.apply`, §5): an insert past the end and deletes past the end or below 0 do
 * nothing. With `emit` false the effect is only counted. Returns the offset in `r` of its first
 * operation outside the text (which did nothing), or null: an insert 0; a forward delete n when
 * only n of its operations fit; a backward delete 0 when its first operation is at or past the
 * end, else n when it goes below 0 after n operations (the tracked path reports the same).
 */
export function applyDirect(log, r, at, emit, sink) {
  if (r.kind === OpKind.insertText) {
    if (r.pos > at.length) return 0;
    if (emit) sink.insert(r.pos, log.content.slice(r.data, r.data + r.len), r.lv);
    at.length += r.len;
    return null;
  }
  if (r.kind !== OpKind.deleteText) return null;
  if (r.forward) {
    const n = Math.max(0, Math.min(r.len, at.length - r.pos));
    if (n > 0) { if (emit) sink.delete(r.pos, n); at.length -= n; }
    return n < r.len ? n : null;
  }
  // Op j deletes at pos - j; those at or past the end delete nothing, the rest go down to 0.
  const skipped = Math.max(0, r.pos - at.length + 1);
  const n = Math.max(0, Math.min(r.len - skipped, r.pos - skipped + 1));
  if (n > 0) { if (emit) sink.delete(r.pos - skipped - n + 1, n); at.length -= n; }
  return skipped > 0 ? 0 : n < r.len ? n : null;
}

/** A sink that only counts characters (the length of a text at a version). */
export class CountingSink {
  constructor() { this.count = 0; }
  insert(_pos, scalars) { this.count += scalars.length; }
  delete(_pos, n) { this.count -= n; }
}

export function applyTracked(graph, log, target, lo, hi, emit, tracker, sink) {
  const del = (p, n) => sink.delete(p, n);
  const out = tracker.outOfRange;
  for (const r of pieces(log, lo, hi)) {
    if (r.target !== target) continue;
    // Report a run that lies outside its text once, by its first such operation.
    const reported = out.length;
    if (r.kind === OpKind.insertText) {
      const at = tracker.insert(r.lv, r.len, r.pos, emit, graph);
      if (at !== null && emit) sink.insert(at, log.content.slice(r.data, r.data + r.len), r.lv);
    } else if (r.kind === OpKind.deleteText) {
      if (r.forward) tracker.deleteForward(r.lv, r.len, r.pos, emit, del);
      else {
        for (let j = 0; j < r.len; j++) {
          // Below position 0: outside the text like past its end (the first such is reported).
          if (r.pos - j < 0) { out.push(r.lv + j); break; }
          tracker.deleteOne(r.lv + j, r.pos - j, emit, del);
        }
      }
    }
    if (out.length > reported + 1) out.length = reported + 1;
  }
}

export function moveTracker(graph, log, target, tracker, from, to) {
  const inserts = [];
  const deletes = [];
  graph.diff(from, to, (lo, hi, side) => {
    const advance = side === 2;
    for (const r of pieces(log, lo, hi)) {
      if (r.target !== target) continue;
      if (r.kind === OpKind.insertText) inserts.push([r.lv, r.lv + r.len, advance]);
      else if (r.kind === OpKind.deleteText) tracker.deleteTargets(r.lv, r.lv + r.len, advance ? 1 : -1, deletes);
    }
  });
  tracker.applyMoves(inserts, deletes);
}

const BLOCK = 1024;
const countAstral = (arr, from = 0, to = arr.length) => {
  let n = 0;
  for (let i = from; i < to; i++) if (arr[i] > 0xffff) n++;
  return n;
};

/**
 * A text object's scalars in blocks of about 1,024 (arrays), each with the number of astral
 * scalars it holds, so that an edit and the UTF-16 offset of a position (the patches of `apply`)
 * cost O(blocks + block size) wherever the edits land, not the length of the text. Positions
 * are clamped, never thrown (the merge never asks for one outside).
 */
export class TextBuffer {
  constructor() {
    this.blocks = [{ s: [], astral: 0 }];
    this.length = 0;
    this.cache = '';
    this.cacheValid = true;
  }

  get count() { return this.length; }

  /** [block index, offset] of position p (0 <= p <= count; the end is in the last block). */
  find(p) {
    const blocks = this.blocks;
    for (let b = 0; b < blocks.length - 1; b++) {
      const n = blocks[b].s.length;
      if (p < n) return [b, p];
      p -= n;
    }
    return [blocks.length - 1, p];
  }

  insert(pos, scalars) {
    const len = scalars.length;
    if (!len) return;
    const p = Math.min(Math.max(pos, 0), this.length);
    const [b, off] = this.find(p);
    const blk = this.blocks[b];
    if (len <= 4096) blk.s.splice(off, 0, ...scalars);
    else blk.s = blk.s.slice(0, off).concat(Array.from(scalars), blk.s.slice(off));
    blk.astral += countAstral(scalars);
    this.length += len;
    if (blk.s.length > 2 * BLOCK) {
      const parts = [];
      for (let i = 0; i < blk.s.length; i += BLOCK) {
        const s = blk.s.slice(i, i + BLOCK);
        parts.push({ s, astral: countAstral(s) });
      }
      this.blocks.splice(b, 1, ...parts);
    }
    this.cacheValid = false;
  }

  delete(pos, n) {
    const p = Math.min(Math.max(pos, 0), this.length);
    let m = Math.min(Math.max(n, 0), this.length - p);
    if (m <= 0) return;
    this.length -= m;
    let [b, off] = this.find(p);
    while (m > 0) {
      const blk = this.blocks[b];
      const k = Math.min(m, blk.s.length - off);
      blk.astral -= countAstral(blk.s, off, off + k);
      blk.s.splice(off, k);
      m -= k;
      if (!blk.s.length && this.blocks.length > 1) this.blocks.splice(b, 1); else b++;
      off = 0;
    }
    this.cacheValid = false;
  }

  /** A copy of the scalars, as an array. */
  get scalars() {
    const out = [];
    for (const blk of this.blocks) for (const x of blk.s) out.push(x);
    return out;
  }

  /** Replaces the content. */
  set scalars(arr) {
    this.blocks = [];
    for (let i = 0; i < arr.length; i += BLOCK) {
      const s = Array.from(arr.slice(i, i + BLOCK));
      this.blocks.push({ s, astral: countAstral(s) });
    }
    if (!this.blocks.length) this.blocks.push({ s: [], astral: 0 });
    this.length = arr.length;
    this.cacheValid = false;
  }

  /** The scalar at position i. */
  at(i) { const [b, off] = this.find(i); return this.blocks[b].s[off]; }

  /** Number of astral scalars before position p. */
  astralBefore(p) {
    let n = 0;
    for (const blk of this.blocks) {
      if (p <= blk.s.length) return n + (p === blk.s.length ? blk.astral : countAstral(blk.s, 0, p));
      n += blk.astral;
      p -= blk.s.length;
    }
    return n;
  }

  /** Number of UTF-16 code units of the scalars from..<to. */
  utf16Length(from, to) { return to - from + this.astralBefore(to) - this.astralBefore(from); }

  /** The content as a JS string (cached until the next change). */
  string() {
    if (!this.cacheValid) {
      let s = '';
      for (const blk of this.blocks) for (let i = 0; i < blk.s.length; i += 8192) s += String.fromCodePoint(...blk.s.slice(i, i + 8192));
      this.cache = s;
      this.cacheValid = true;
    }
    return this.cache;
  }
}

/** For each scalar of a text, the LV that inserted it (Swift `AuthorBuffer`). */
export class AuthorSink {
  constructor() { this.lvs = []; }
  get count() { return this.lvs.length; }
  insert(pos, scalars, lv) {
    const p = Math.min(Math.max(pos, 0), this.lvs.length);
    const add = scalars.map((_, i) => lv + i);
    if (add.length < 10000) this.lvs.splice(p, 0, ...add);
    else this.lvs = this.lvs.slice(0, p).concat(add, this.lvs.slice(p));
  }
  delete(pos, n) {
    const p = Math.min(Math.max(pos, 0), this.lvs.length);
    this.lvs.splice(p, Math.min(Math.max(n, 0), this.lvs.length - p));
  }
}
