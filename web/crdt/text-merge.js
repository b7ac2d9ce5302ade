// Eg-walker text merge (docs/crdt.md §3.3-3.4): a port of Sources/TavoloCRDT/Text/Tracker.swift
// and TextMerge.swift. Same traversal order, critical versions, YjsMod/FugueMax integration,
// and clamping of malformed positions, so every replica (Swift or JS) ends with the same text.
import { OpKind } from './ids.js';
import { utf8Less } from './bytes.js';

// Swift uses 2^58 + offset; JS numbers are exact only below 2^53, so placeholders start at
// 2^52 (ids are only compared with each other, and real LVs stay below 2^31).
const PLACEHOLDER_BASE = 2 ** 52;
const PLACEHOLDER_LEN = 2 ** 50;
const NO_ORIGIN = -1;

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

export class Tracker {
  constructor() { this.reset(); }

  reset() {
    this.items = [{ id: PLACEHOLDER_BASE, len: PLACEHOLDER_LEN, originLeft: -1, originRight: -1, state: 1, everDeleted: false }];
    this.targets = [];
    this.targetsSorted = true;
  }

  split(i, k) {
    const it = this.items[i];
    const r = { ...it, id: it.id + k, len: it.len - k, originLeft: it.id + k - 1 };
    it.len = k;
    this.items.splice(i + 1, 0, r);
  }

  findVisible(pos) {
    let acc = 0;
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      if (items[i].state !== 1) continue;
      const len = items[i].len;
      if (pos < acc + len) return [i, pos - acc];
      acc += len;
    }
    return null;
  }

  effectPosition(before) {
    let acc = 0;
    for (let j = 0; j < before; j++) if (!this.items[j].everDeleted) acc += this.items[j].len;
    return acc;
  }

  indexOf(id) {
    const items = this.items;
    for (let i = 0; i < items.length; i++) if (id >= items[i].id && id < items[i].id + items[i].len) return i;
    return -1;
  }

  insert(lv, len, pos, needEffect, graph) {
    let cursor = 0;
    let originLeft = NO_ORIGIN;
    const found = pos > 0 ? this.findVisible(pos - 1) : null;
    if (pos > 0 && found) {
      const [i, off] = found;
      originLeft = this.items[i].id + off;
      if (off + 1 < this.items[i].len) this.split(i, off + 1);
      cursor = i + 1;
    } else if (pos > 0) {
      cursor = this.items.length;
      const last = this.items[this.items.length - 1];
      if (last) originLeft = last.id + last.len - 1;
    }
    const items = this.items;
    let rightIdx = cursor;
    while (rightIdx < items.length && items[rightIdx].state === 0) rightIdx++;
    const originRight = rightIdx < items.length ? items[rightIdx].id : NO_ORIGIN;
    const leftIdx = cursor - 1;
    let dest = cursor;
    let scanning = false;
    for (let i = cursor; ; i++) {
      if (!scanning) dest = i;
      if (i === items.length || i === rightIdx) break;
      const other = items[i];
      const oleft = other.originLeft === NO_ORIGIN ? -1 : this.indexOf(other.originLeft);
      const oright = other.originRight === NO_ORIGIN ? items.length : this.indexOf(other.originRight);
      if (oleft < leftIdx || (oleft === leftIdx && oright === rightIdx && less(lv, other.id, graph))) break;
      if (oleft === leftIdx) scanning = oright < rightIdx;
    }
    const effect = needEffect ? this.effectPosition(dest) : 0;
    items.splice(dest, 0, { id: lv, len, originLeft, originRight, state: 1, everDeleted: false });
    return effect;
  }

  deleteForward(lv, len, pos, effect, emit) {
    let done = 0;
    while (done < len) {
      const f = this.findVisible(pos);
      if (!f) return;
      let [i, off] = f;
      if (off > 0) { this.split(i, off); i++; off = 0; }
      const m = Math.min(len - done, this.items[i].len);
      if (m < this.items[i].len) this.split(i, m);
      this.appendTarget({ lv: lv + done, target: this.items[i].id, len: m });
      this.items[i].state = 2;
      if (!this.items[i].everDeleted) {
        this.items[i].everDeleted = true;
        if (effect) emit(this.effectPosition(i), m);
      }
      done += m;
    }
  }

  deleteOne(lv, pos, effect, emit) {
    const f = this.findVisible(pos);
    if (!f) return;
    let [i, off] = f;
    if (off > 0) { this.split(i, off); i++; }
    if (this.items[i].len > 1) this.split(i, 1);
    this.appendTarget({ lv, target: this.items[i].id, len: 1 });
    this.items[i].state = 2;
    if (!this.items[i].everDeleted) {
      this.items[i].everDeleted = true;
      if (effect) emit(this.effectPosition(i), 1);
    }
  }

  appendTarget(t) {
    const last = this.targets[this.targets.length - 1];
    if (last && last.lv > t.lv) this.targetsSorted = false;
    this.targets.push(t);
  }

  forEachItem(lo, hi, body) {
    const items = this.items;
    let i = 0;
    while (i < items.length) {
      const s = Math.max(items[i].id, lo), e = Math.min(items[i].id + items[i].len, hi);
      if (s < e) {
        if (s > items[i].id) { this.split(i, s - items[i].id); i++; continue; }
        if (e < items[i].id + items[i].len) this.split(i, e - items[i].id);
        body(items[i]);
      }
      i++;
    }
  }

  deleteTargets(lo, hi, delta, out) {
    if (!this.targetsSorted) {
      // Swift's sort is not stable either, but targets never share an LV.
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

  applyMoves(inserts, deletes) {
    if (!inserts.length && !deletes.length) return;
    // The Swift version batches many ranges into one pass; applying them one by one in the same
    // order (deletes first when retreating, inserts first when advancing) gives the same states
    // only for the small case, so we port both paths.
    if (inserts.length + deletes.length <= 2) {
      const ins = () => { for (const [lo, hi, adv] of inserts) this.forEachItem(lo, hi, (it) => { it.state = adv ? 1 : 0; }); };
      const del = () => { for (const [lo, hi, d] of deletes) this.forEachItem(lo, hi, (it) => { it.state += d; }); };
      if (inserts.length && inserts[0][2] === false) { del(); ins(); } else { ins(); del(); }
      return;
    }
    const bounds = [];
    for (const [lo, hi] of inserts) bounds.push(lo, hi);
    for (const [lo, hi] of deletes) bounds.push(lo, hi);
    bounds.sort((x, y) => x - y);
    const unique = [];
    for (const b of bounds) if (unique[unique.length - 1] !== b) unique.push(b);
    const segs = unique.length;
    const ins = new Uint8Array(segs);
    const del = new Int32Array(segs);
    const seg = (x) => {
      let a = 0, b = unique.length;
      while (a < b) { const m = (a + b) >> 1; if (unique[m] <= x) a = m + 1; else b = m; }
      return a - 1;
    };
    for (const [lo, hi, adv] of inserts) for (let k = seg(lo); k < segs && unique[k] < hi; k++) ins[k] = adv ? 1 : 2;
    for (const [lo, hi, d] of deletes) for (let k = seg(lo); k < segs && unique[k] < hi; k++) del[k] += d;
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      const id = items[i].id, end = id + items[i].len;
      const k = seg(id);
      if (k + 1 < segs && unique[k + 1] < end) this.split(i, unique[k + 1] - id);
      if (k >= 0) {
        switch (ins[k]) {
          case 1: items[i].state = 1 + Math.max(del[k], 0); break;
          case 2: items[i].state = 0; break;
          default: items[i].state += del[k];
        }
      }
    }
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

  const tracker = new Tracker();
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
      if (span.emit) applyDirect(log, target, span.lo, span.hi, sink);
    } else {
      if (!samePrepare) moveTracker(graph, log, target, tracker, prepare, single !== null ? [single] : parents);
      applyTracked(graph, log, target, span.lo, span.hi, span.emit, tracker, sink);
      clear = false;
      if (criticalAfter) { tracker.reset(); clear = true; }
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
function chainOrder(graph, list) {
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

function applyDirect(log, target, lo, hi, sink) {
  for (const r of pieces(log, lo, hi)) {
    if (r.target !== target) continue;
    if (r.kind === OpKind.insertText) sink.insert(r.pos, log.content.slice(r.data, r.data + r.len), r.lv);
    else if (r.kind === OpKind.deleteText) {
      if (r.forward) sink.delete(r.pos, r.len);
      else {
        const first = Math.max(r.pos - r.len + 1, 0);
        if (r.pos >= first) sink.delete(first, r.pos - first + 1);
      }
    }
  }
}

function applyTracked(graph, log, target, lo, hi, emit, tracker, sink) {
  const del = (p, n) => sink.delete(p, n);
  for (const r of pieces(log, lo, hi)) {
    if (r.target !== target) continue;
    if (r.kind === OpKind.insertText) {
      const at = tracker.insert(r.lv, r.len, r.pos, emit, graph);
      if (emit) sink.insert(at, log.content.slice(r.data, r.data + r.len), r.lv);
    } else if (r.kind === OpKind.deleteText) {
      if (r.forward) tracker.deleteForward(r.lv, r.len, r.pos, emit, del);
      else for (let j = 0; j < r.len; j++) if (r.pos - j >= 0) tracker.deleteOne(r.lv + j, r.pos - j, emit, del);
    }
  }
}

function moveTracker(graph, log, target, tracker, from, to) {
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

/**
 * A text object's scalars in a gap buffer (Uint32Array), with the clamping sink Swift's TextBuffer
 * implements: malformed remote positions are clamped, never thrown.
 */
export class TextBuffer {
  constructor() {
    this.buf = new Uint32Array(16);
    this.gapStart = 0;
    this.gapEnd = 16;
    this.cache = '';
    this.cacheValid = true;
  }

  get count() { return this.buf.length - (this.gapEnd - this.gapStart); }

  moveGap(pos) {
    if (pos < this.gapStart) {
      const n = this.gapStart - pos;
      this.buf.copyWithin(this.gapEnd - n, pos, this.gapStart);
      this.gapStart = pos;
      this.gapEnd -= n;
    } else if (pos > this.gapStart) {
      const n = pos - this.gapStart;
      this.buf.copyWithin(this.gapStart, this.gapEnd, this.gapEnd + n);
      this.gapStart += n;
      this.gapEnd += n;
    }
  }

  ensureGap(n) {
    if (this.gapEnd - this.gapStart >= n) return;
    const count = this.count;
    let cap = Math.max(16, this.buf.length * 2);
    while (cap - count < n) cap *= 2;
    const b = new Uint32Array(cap);
    b.set(this.buf.subarray(0, this.gapStart));
    const tail = this.buf.length - this.gapEnd;
    b.set(this.buf.subarray(this.gapEnd), cap - tail);
    this.gapEnd = cap - tail;
    this.buf = b;
  }

  insert(pos, scalars) {
    if (!scalars.length) return;
    const p = Math.min(Math.max(pos, 0), this.count);
    this.moveGap(p);
    this.ensureGap(scalars.length);
    this.buf.set(scalars, this.gapStart);
    this.gapStart += scalars.length;
    this.cacheValid = false;
  }

  delete(pos, n) {
    const count = this.count;
    const p = Math.min(Math.max(pos, 0), count);
    const m = Math.min(Math.max(n, 0), count - p);
    if (m <= 0) return;
    this.moveGap(p);
    this.gapEnd += m;
    this.cacheValid = false;
  }

  /** A copy of the scalars, as an array. */
  get scalars() {
    const out = Array.from(this.buf.subarray(0, this.gapStart));
    for (let i = this.gapEnd; i < this.buf.length; i++) out.push(this.buf[i]);
    return out;
  }

  /** Replaces the content. */
  set scalars(arr) {
    this.buf = new Uint32Array(arr.length + 16);
    this.buf.set(arr);
    this.gapStart = arr.length;
    this.gapEnd = this.buf.length;
    this.cacheValid = false;
  }

  /** The scalar at position i. */
  at(i) { return this.buf[i < this.gapStart ? i : i + this.gapEnd - this.gapStart]; }

  /** Number of UTF-16 code units of the scalars from..<to. */
  utf16Length(from, to) {
    let n = to - from;
    for (let i = from; i < to; i++) if (this.at(i) > 0xffff) n++;
    return n;
  }

  /** The content as a JS string (cached until the next change). */
  string() {
    if (!this.cacheValid) {
      let s = '';
      const parts = [this.buf.subarray(0, this.gapStart), this.buf.subarray(this.gapEnd)];
      for (const part of parts) for (let i = 0; i < part.length; i += 8192) s += String.fromCodePoint(...part.subarray(i, i + 8192));
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
