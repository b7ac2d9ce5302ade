// The public API of the JavaScript replica (docs/crdt.md §1), compatible with
// Sources/TavoloCRDT/Document/*.swift. Positions are Unicode scalars unless a method says UTF-16.
import { DecodeError, Limits, scalarsToString, stringToScalars, utf8Compare, scalarToUTF16Index, utf16ToScalarIndex, wellFormed } from './bytes.js';
import { CausalGraph } from './causal-graph.js';
import { ObjectKind, ObjectRef, OpKind, Version, checkValue, idLess, idString, kindName } from './ids.js';
import { ListState } from './list-state.js';
import { decodeOperations, encodeOperations, encodeVersion, decodeVersion, makeRun } from './ops-codec.js';
import { AuthorSink, TextBuffer, Tracker, applyDirect, applyTracked, chainOrder, mergeText, moveTracker, pieces } from './text-merge.js';
import { decodeSnapshotInto, encodeSnapshot as encodeSnapshotOf } from './snapshot-codec.js';

/** The root map's id. Object ids are `null` (root) or the creating operation's {replica, counter}. */
export const ROOT = null;

/** Local edit errors (Swift `EditError`): code is noSuchObject, wrongKind, indexOutOfRange, nestedObjectsAreMadeWithMakeObject. */
export class EditError extends Error {
  constructor(code, info = {}) {
    super(`${code} ${JSON.stringify(info)}`);
    this.name = 'EditError';
    this.code = code;
    Object.assign(this, info);
  }
}

const MAX_PENDING_RUNS = 100000;

function trimRun(r, k) {
  if (k <= 0) return r;
  const c = { ...r, seq: r.seq + k, len: r.len - k };
  c.parents = [{ replica: r.replica, counter: c.seq - 1 }];
  if (r.kind === OpKind.insertText) { c.pos = r.pos + k; c.content = r.content.slice(k); }
  else if (r.kind === OpKind.deleteText && !r.forward) c.pos = r.pos - k;
  return c;
}

function expectedKind(kind) {
  if (kind === OpKind.insertText || kind === OpKind.deleteText) return 'text';
  if (kind === OpKind.mapSet || kind === OpKind.mapDelete) return 'map';
  return 'list';
}

function beats(a, b) { return a.lamport !== b.lamport ? a.lamport > b.lamport : utf8Compare(b.replica, a.replica) < 0; }

function compareScalarOrder(a, b) {
  // Code point order (Swift sorts keys by String <, i.e. by scalars after normalization).
  const x = stringToScalars(a), y = stringToScalars(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** Accepts a Version, a Map or a plain {replica: count} object. */
function asVersion(v) { return v instanceof Version ? v : new Version(v ?? {}); }

/** Forwards merge effects to a TextBuffer and records them as patches (with UTF-16 positions). */
class PatchSink {
  constructor(buffer, object, out) { this.buffer = buffer; this.object = object; this.out = out; }
  get count() { return this.buffer.count; }
  insert(pos, scalars, lv) {
    const b = this.buffer;
    const p = Math.min(Math.max(pos, 0), b.count);
    this.out.push({ object: this.object, position: p, deleted: 0, inserted: scalarsToString(scalars),
      position16: b.utf16Length(0, p), deleted16: 0 });
    this.buffer.insert(pos, scalars, lv);
  }
  delete(pos, n) {
    const b = this.buffer;
    const p = Math.min(Math.max(pos, 0), b.count);
    const m = Math.min(Math.max(n, 0), b.count - p);
    if (m > 0) {
      this.out.push({ object: this.object, position: p, deleted: m, inserted: '',
        position16: b.utf16Length(0, p), deleted16: b.utf16Length(p, p + m) });
    }
    this.buffer.delete(pos, n);
  }
}

export class Document {
  /** An empty document edited by `replica` (1...255 UTF-8 bytes). */
  constructor(replica) {
    if (typeof replica !== 'string' || wellFormed(replica) !== replica) throw new RangeError('replica ids are well-formed strings');
    const n = new TextEncoder().encode(replica).length;
    if (n === 0 || n > Limits.maxReplicaBytes) throw new RangeError('replica ids are 1...255 UTF-8 bytes');
    this.replica = replica;
    this.graph = new CausalGraph();
    this.me = this.graph.agent(replica);
    /** runs: {lv, len, kind, target (object index, -1 = no-op), pos, forward, data, p (payload)} */
    this.log = { runs: [], content: [] };
    /** {kind: 'map'|'list'|'text', creator: LV (-1 root), state} */
    this.objects = [{ kind: 'map', creator: -1, state: new Map() }];
    this.objectByLV = new Map();
    this.pending = [];
    /**
     * Merge state kept between merges, by text object index (Swift `LiveText`; a cache, never
     * encoded): {tracker (from the empty version), prepare (frontier), tracked (events below it are in)}.
     */
    this.live = new Map();
  }

  /** The version this replica has. */
  get version() { return this.graph.version; }
  get operationCount() { return this.graph.count; }

  // MARK: objects

  objectIndex(id) {
    if (id === null || id === undefined) return 0;
    const lv = this.graph.lv(id);
    if (lv === null) return null;
    return this.objectByLV.get(lv) ?? null;
  }

  object(id, kind) {
    const i = this.objectIndex(id);
    if (i === null) throw new EditError('noSuchObject', { object: id });
    if (this.objects[i].kind !== kind) throw new EditError('wrongKind', { object: id, expected: kind });
    return i;
  }

  lookup(id, kind) {
    const i = this.objectIndex(id);
    if (i === null || this.objects[i].kind !== kind) return null;
    return this.objects[i].state;
  }

  /** 'map', 'list', 'text' or null. */
  kindOf(id) { const i = this.objectIndex(id); return i === null ? null : this.objects[i].kind; }

  createObject(kind, lv) {
    const state = kind === 'text' ? new TextBuffer() : kind === 'map' ? new Map() : new ListState();
    this.objects.push({ kind, creator: lv, state });
    this.objectByLV.set(lv, this.objects.length - 1);
  }

  addLocal(len) {
    const g = this.graph;
    const lv = g.count;
    const linear = g.frontier.length === 1 && g.frontier[0] === lv - 1;
    g.add(this.me, g.nextSeq(this.me), len, g.frontier.slice());
    return [lv, linear];
  }

  addPayloadOp(lv, kind, target, p) {
    this.log.runs.push({ lv, len: 1, kind, target, pos: 0, forward: true, data: 0, p });
    this.integratePayloadOp(lv, kind, target, p);
  }

  integratePayloadOp(lv, kind, target, p) {
    if (target < 0) return;
    if (p.value instanceof ObjectRef && (kind === OpKind.mapSet || kind === OpKind.listInsert)) this.createObject(p.value.kind, lv);
    const info = this.objects[target];
    const [agent] = this.graph.agentSeq(lv);
    const lamport = this.graph.lamport(lv);
    const replica = this.graph.agents[agent];
    if ((kind === OpKind.mapSet || kind === OpKind.mapDelete) && info.kind === 'map') {
      const entry = { value: kind === OpKind.mapSet ? p.value : undefined, lamport, replica, lv };
      // Swift's String keys compare by canonical equivalence: "é" and "e\u0301" are one key.
      const key = p.key.normalize('NFC');
      const old = info.state.get(key);
      if (!old || beats(entry, old)) info.state.set(key, entry);
    } else if (kind === OpKind.listInsert && info.kind === 'list') {
      info.state.addSlot(lv, p.parentSlot, p.right, lamport, replica, true, p.value, null);
    } else if (kind === OpKind.listMove && info.kind === 'list') {
      info.state.addSlot(lv, p.parentSlot, p.right, lamport, replica, false, null, p.element);
    } else if (kind === OpKind.listDelete && info.kind === 'list') {
      info.state.delete(p.element);
    }
  }

  change(lv, n) { return { first: this.graph.id(lv), count: n }; }

  // MARK: text (positions in Unicode scalars)

  /** Inserts `text` at scalar offset `position` of text object `obj`; returns a Change {first, count}. */
  insertText(text, position, obj) {
    const oi = this.object(obj, 'text');
    const buf = this.objects[oi].state;
    const len = buf.count;
    if (!Number.isInteger(position) || position < 0 || position > len) throw new EditError('indexOutOfRange', { index: position, count: len });
    const scalars = stringToScalars(text);
    const n = scalars.length;
    if (n === 0) return { first: null, count: 0 };
    const content = this.log.content;
    const start = content.length;
    for (const s of scalars) content.push(s);
    const [lv, linear] = this.addLocal(n);
    const runs = this.log.runs;
    const last = runs[runs.length - 1];
    if (linear && last && last.kind === OpKind.insertText && last.target === oi &&
        last.pos + last.len === position && last.data + last.len === start) {
      last.len += n;
    } else {
      runs.push({ lv, len: n, kind: OpKind.insertText, target: oi, pos: position, forward: true, data: start });
    }
    buf.insert(position, scalars);
    return this.change(lv, n);
  }

  /** Deletes `count` scalars at `position` of text object `obj`. */
  deleteText(position, count, obj) {
    const oi = this.object(obj, 'text');
    const buf = this.objects[oi].state;
    const len = buf.count;
    if (!Number.isInteger(position) || !Number.isInteger(count) || position < 0 || count < 0 || position + count > len) {
      throw new EditError('indexOutOfRange', { index: position + count, count: len });
    }
    if (count === 0) return { first: null, count: 0 };
    const [lv, linear] = this.addLocal(count);
    const runs = this.log.runs;
    const r = runs[runs.length - 1];
    const fresh = () => runs.push({ lv, len: count, kind: OpKind.deleteText, target: oi, pos: position, forward: true, data: 0 });
    if (linear && r && r.kind === OpKind.deleteText && r.target === oi) {
      if ((r.forward || r.len === 1) && r.pos === position) { r.forward = true; r.len += count; }
      else if (count === 1 && (!r.forward || r.len === 1) && position === r.pos - r.len) { r.forward = false; r.len += 1; }
      else fresh();
    } else fresh();
    buf.delete(position, count);
    return this.change(lv, count);
  }

  /** Replaces `deleted` scalars at `position` with `text`. */
  spliceText(position, deleted, text, obj) {
    const d = this.deleteText(position, deleted, obj);
    const i = this.insertText(text, position, obj);
    return { first: d.first ?? i.first, count: d.count + i.count };
  }

  /** UTF-16 variants for browser editors: indices and counts in UTF-16 code units of the current text. */
  insertTextUTF16(text, index16, obj) { return this.insertText(text, utf16ToScalarIndex(this.text(obj), index16), obj); }
  deleteTextUTF16(index16, count16, obj) {
    const s = this.text(obj);
    const a = utf16ToScalarIndex(s, index16), b = utf16ToScalarIndex(s, index16 + count16);
    return this.deleteText(a, b - a, obj);
  }
  spliceTextUTF16(index16, deleted16, text, obj) {
    const s = this.text(obj);
    const a = utf16ToScalarIndex(s, index16), b = utf16ToScalarIndex(s, index16 + deleted16);
    return this.spliceText(a, b - a, text, obj);
  }

  /** The content of a text object ("" if none). */
  text(obj) { const b = this.lookup(obj, 'text'); return b ? b.string() : ''; }
  /** The scalars (code points) of a text object. */
  textScalars(obj) { const b = this.lookup(obj, 'text'); return b ? b.scalars : []; }
  /** Length in Unicode scalars. */
  textLength(obj) { const b = this.lookup(obj, 'text'); return b ? b.count : 0; }

  // MARK: maps

  /** Sets `key` of map `obj` to a scalar value (null, boolean, bigint = Int64, number = Double, string). */
  set(key, value, obj = ROOT) {
    if (value instanceof ObjectRef) throw new EditError('nestedObjectsAreMadeWithMakeObject');
    value = checkValue(value);
    const oi = this.object(obj, 'map');
    const [lv] = this.addLocal(1);
    this.addPayloadOp(lv, OpKind.mapSet, oi, { key: wellFormed(String(key)), value, element: -1, parentSlot: -1, right: true });
    return this.change(lv, 1);
  }

  /**
   * Creates a new empty object of `kind` ('map' | 'list' | 'text') under string key `at` of map
   * `obj`, or at numeric index `at` of list `obj`; returns its id.
   */
  makeObject(kind, at, obj = ROOT) {
    if (!(kind in ObjectKind)) throw new TypeError(`bad kind ${kind}`);
    if (typeof at === 'number') {
      const lv = this.listInsert(null, at, obj, kind);
      return this.graph.id(lv);
    }
    const oi = this.object(obj, 'map');
    const [lv] = this.addLocal(1);
    const id = this.graph.id(lv);
    this.addPayloadOp(lv, OpKind.mapSet, oi, { key: wellFormed(String(at)), value: new ObjectRef(kind, id), element: -1, parentSlot: -1, right: true });
    return id;
  }

  removeValue(key, obj = ROOT) {
    const oi = this.object(obj, 'map');
    const [lv] = this.addLocal(1);
    this.addPayloadOp(lv, OpKind.mapDelete, oi, { key: wellFormed(String(key)), value: null, element: -1, parentSlot: -1, right: true });
    return this.change(lv, 1);
  }

  /** The value under `key` (undefined when absent; nested objects are ObjectRef). */
  value(key, obj = ROOT) {
    const m = this.lookup(obj, 'map');
    return m ? m.get(wellFormed(String(key)).normalize('NFC'))?.value : undefined;
  }

  /** Present keys (in NFC: keys are identified up to canonical equivalence, as in Swift), sorted by code point. */
  keys(obj = ROOT) {
    const m = this.lookup(obj, 'map');
    if (!m) return [];
    return [...m.entries()].filter(([, e]) => e.value !== undefined).map(([k]) => k).sort(compareScalarOrder);
  }

  // MARK: lists

  listInsert(value, index, obj, kind) {
    const oi = this.object(obj, 'list');
    const l = this.objects[oi].state;
    const n = l.order.length;
    if (!Number.isInteger(index) || index < 0 || index > n) throw new EditError('indexOutOfRange', { index, count: n });
    const place = l.placement(index);
    const [lv] = this.addLocal(1);
    const stored = kind ? new ObjectRef(kind, this.graph.id(lv)) : value;
    this.addPayloadOp(lv, OpKind.listInsert, oi, { key: '', value: stored, element: -1, parentSlot: place.parent, right: place.right });
    return lv;
  }

  /** Inserts a scalar value at `index` of list `obj`. */
  insert(value, index, obj) {
    if (value instanceof ObjectRef) throw new EditError('nestedObjectsAreMadeWithMakeObject');
    value = checkValue(value);
    return this.change(this.listInsert(value, index, obj, null), 1);
  }

  /** Moves the element at `from` so that it ends up at index `to`. */
  move(from, to, obj) {
    const oi = this.object(obj, 'list');
    const l = this.objects[oi].state;
    const n = l.order.length;
    if (!Number.isInteger(from) || from < 0 || from >= n) throw new EditError('indexOutOfRange', { index: from, count: n });
    if (!Number.isInteger(to) || to < 0 || to >= n) throw new EditError('indexOutOfRange', { index: to, count: n });
    const element = l.order[from];
    const place = l.placement(to, element);
    const [lv] = this.addLocal(1);
    this.addPayloadOp(lv, OpKind.listMove, oi, { key: '', value: null, element: l.elements[element].lv, parentSlot: place.parent, right: place.right });
    return this.change(lv, 1);
  }

  /** Removes the element at `index`. */
  remove(index, obj) {
    const oi = this.object(obj, 'list');
    const l = this.objects[oi].state;
    const n = l.order.length;
    if (!Number.isInteger(index) || index < 0 || index >= n) throw new EditError('indexOutOfRange', { index, count: n });
    const element = l.order[index];
    const [lv] = this.addLocal(1);
    this.addPayloadOp(lv, OpKind.listDelete, oi, { key: '', value: null, element: l.elements[element].lv, parentSlot: -1, right: true });
    return this.change(lv, 1);
  }

  values(obj) {
    const l = this.lookup(obj, 'list');
    return l ? l.order.map((e) => l.elements[e].value) : [];
  }

  /** Stable ids of the elements in order (each element's insert). */
  elementIDs(obj) {
    const l = this.lookup(obj, 'list');
    return l ? l.order.map((e) => this.graph.id(l.elements[e].lv)) : [];
  }

  /**
   * The materialized tree: {map: {key: node}} | {list: [node]} | {text: string} | {value: v}
   * (the same shape as Swift's `Node`).
   */
  node(obj = ROOT) {
    const i = this.objectIndex(obj);
    if (i === null) return { value: null };
    const info = this.objects[i];
    const expand = (v) => (v instanceof ObjectRef ? this.node(v.id) : { value: v });
    if (info.kind === 'text') return { text: info.state.string() };
    if (info.kind === 'map') {
      const out = {};
      for (const [k, e] of info.state) if (e.value !== undefined) out[k] = expand(e.value);
      return { map: out };
    }
    const l = info.state;
    return { list: l.order.map((e) => expand(l.elements[e].value)) };
  }

  // MARK: history (docs/crdt.md §7)

  /** The content of text `obj` at an earlier (or concurrent) version, replayed from the history. */
  textAt(obj, version) {
    version = asVersion(version);
    const oi = this.objectIndex(obj);
    if (oi === null || this.objects[oi].kind !== 'text') return '';
    const sink = new TextBuffer();
    mergeText(this.graph, this.log, oi, [], this.graph.frontierOf(version), sink);
    return sink.string();
  }

  /** The patches turning text `obj` at `from` into the text at `from ∪ to` ({position, deleted, inserted}, scalars). */
  changes(obj, from, to) {
    const oi = this.objectIndex(obj);
    if (oi === null || this.objects[oi].kind !== 'text') return [];
    const a = this.graph.frontierOf(asVersion(from)), b = this.graph.frontierOf(asVersion(to));
    const start = new TextBuffer();
    mergeText(this.graph, this.log, oi, [], a, start);
    const patches = [];
    mergeText(this.graph, this.log, oi, a, b, new PatchSink(start, obj, patches));
    return patches.map(({ position, deleted, inserted }) => ({ position, deleted, inserted }));
  }

  /** Who wrote each character of text `obj`: [{position, count, replica, first}] (as Swift's `authorship(of:)`). */
  authorship(obj, version = null) {
    const oi = this.objectIndex(obj);
    if (oi === null || this.objects[oi].kind !== 'text') return [];
    const g = this.graph;
    const sink = new AuthorSink();
    mergeText(g, this.log, oi, [], version ? g.frontierOf(asVersion(version)) : g.frontier.slice(), sink);
    const lvs = sink.lvs;
    const spans = [];
    for (let i = 0; i < lvs.length;) {
      const e = g.entries[g.entryIndex(lvs[i])];
      let j = i + 1;
      while (j < lvs.length && lvs[j] === lvs[j - 1] + 1 && lvs[j] < e.end) j++;
      const id = g.id(lvs[i]);
      const last = spans[spans.length - 1];
      if (last && last.replica === id.replica && last.position + last.count === i &&
          g.lv({ replica: id.replica, counter: last.first.counter + last.count }) === lvs[i]) {
        last.count += j - i;
      } else spans.push({ position: i, count: j - i, replica: id.replica, first: id });
      i = j;
    }
    return spans;
  }

  /** The whole document as it was at `version`, as a new replica holding exactly that history. */
  documentAt(version) {
    const d = new Document(this.replica);
    d.apply(this.operationsBetween(new Version(), asVersion(version)));
    return d;
  }

  // MARK: checks

  /** Internal consistency (expensive: replays every text); empty when healthy (Swift `checkInvariants`). */
  checkInvariants() {
    const problems = [];
    const g = this.graph;
    let lv = 0;
    for (const e of g.entries) {
      if (e.start !== lv || e.end <= e.start) problems.push(`graph entry ${e.start}..<${e.end} not contiguous`);
      for (const p of e.parents) if (p >= e.start) problems.push(`parent ${p} not before ${e.start}`);
      lv = e.end;
    }
    const spanTotal = g.agentSpans.reduce((n, sp) => n + sp.reduce((m, x) => m + x.len, 0), 0);
    if (spanTotal !== g.count) problems.push(`agent spans cover ${spanTotal} of ${g.count} events`);
    lv = 0;
    for (const r of this.log.runs) {
      if (r.lv !== lv || r.len <= 0) { problems.push(`op run at ${r.lv} not contiguous`); break; }
      lv = r.lv + r.len;
    }
    if (lv !== g.count) problems.push(`op runs cover ${lv} of ${g.count} events`);
    this.objects.forEach((info, oi) => {
      if (info.kind === 'text') {
        const replay = new TextBuffer();
        mergeText(g, this.log, oi, [], g.frontier.slice(), replay);
        const cur = info.state.scalars, again = replay.scalars;
        if (again.length !== cur.length || again.some((x, i) => x !== cur[i])) {
          problems.push(`text ${idString(this.objectID(oi))} differs from its replayed history`);
        }
      } else if (info.kind === 'list') {
        const l = info.state;
        if (new Set(l.order).size !== l.order.length) problems.push(`list ${idString(this.objectID(oi))} shows an element twice`);
        const live = l.elements.filter((e) => !e.deleted).length;
        if (live !== l.order.length) problems.push(`list ${idString(this.objectID(oi))} shows ${l.order.length} of ${live} live elements`);
      }
    });
    return problems;
  }

  /** The ids of every object of `kind` ('map' | 'list' | 'text'), reachable or not. */
  objectIDs(kind) {
    const out = [];
    this.objects.forEach((o, i) => { if (o.kind === kind) out.push(this.objectID(i)); });
    return out;
  }

  /** Operations received whose dependencies have not arrived yet. */
  get bufferedCount() { return this.pending.reduce((n, r) => n + r.len, 0); }

  // MARK: sync

  /** Every operation this document has that `version` lacks, as runs, in causal (LV) order. */
  operations(since = new Version()) { return this.operationsOfSpans(this.spans(since, null)); }
  /** The operations in `to` but not in `from`. */
  operationsBetween(from, to) { return this.operationsOfSpans(this.spans(from, to)); }
  /** The encoded batch a peer at `since` lacks (Uint8Array). */
  encodedOperations(since = new Version()) { return encodeOperations(this.operations(since)); }

  spans(from, to) {
    const g = this.graph;
    from = asVersion(from);
    to = to === null ? null : asVersion(to);
    const spans = [];
    g.agents.forEach((name, a) => {
      const lo = from.get(name);
      const hi = to ? Math.min(to.get(name), g.nextSeq(a)) : g.nextSeq(a);
      const list = g.agentSpans[a];
      let i = 0, j = list.length;
      while (i < j) { const m = (i + j) >> 1; if (list[m].seq + list[m].len <= lo) i = m + 1; else j = m; }
      for (; i < list.length && list[i].seq < hi; i++) {
        const s = list[i];
        const x = Math.max(lo, s.seq), y = Math.min(hi, s.seq + s.len);
        if (x < y) spans.push([s.lv + x - s.seq, s.lv + y - s.seq]);
      }
    });
    return spans.sort((p, q) => p[0] - q[0]);
  }

  operationsOfSpans(spans) {
    const g = this.graph;
    const runs = [];
    for (const [lo, hi] of spans) {
      let lv = lo;
      while (lv < hi) {
        const e = g.entries[g.entryIndex(lv)];
        const end = Math.min(hi, e.end);
        for (const r of pieces(this.log, lv, end)) runs.push(this.remoteRun(r));
        lv = end;
      }
    }
    return runs;
  }

  objectID(index) { const c = this.objects[index].creator; return c < 0 ? null : this.graph.id(c); }

  remoteRun(r) {
    const g = this.graph;
    const id = g.id(r.lv);
    // A no-op run (its target was missing or of the wrong kind) names itself as target: never an
    // object when it is applied, so every replica keeps it as a no-op too (docs/crdt.md §5).
    const target = r.target >= 0 ? this.objectID(r.target) : id;
    const out = makeRun({ replica: id.replica, seq: id.counter, len: r.len, parents: g.parents(r.lv).map((p) => g.id(p)), kind: r.kind, target });
    if (r.kind === OpKind.insertText) { out.pos = r.pos; out.content = this.log.content.slice(r.data, r.data + r.len); }
    else if (r.kind === OpKind.deleteText) { out.pos = r.pos; out.forward = r.forward; }
    else {
      out.key = r.p.key;
      out.value = r.p.value;
      out.element = r.p.element >= 0 ? g.id(r.p.element) : null;
      out.parentSlot = r.p.parentSlot >= 0 ? g.id(r.p.parentSlot) : null;
      out.right = r.p.right;
    }
    return out;
  }

  /** Decodes and applies an encoded batch (throws DecodeError). */
  applyEncoded(bytes) { return this.apply(decodeOperations(bytes)); }

  /**
   * Applies remote runs in any order, any number of times: new ones are merged, known ones
   * ignored, those whose dependencies are missing kept until the dependencies arrive. A text
   * operation whose position lies outside the text at its parent version does nothing (§5): its
   * run still takes its place in the history and counts as applied, and the run's first such
   * operation is listed in `refused`. Returns {applied, duplicates, buffered, missing, refused,
   * patches}: `patches` are the splices made to each text, in order, for an editor to replay:
   * {object, position, deleted, inserted, position16, deleted16} (positions in scalars and in
   * UTF-16 code units of the text just before that patch).
   */
  apply(runs) {
    const result = { applied: 0, duplicates: 0, buffered: 0, missing: [], refused: [], patches: [] };
    const g = this.graph;
    const oldFrontier = g.frontier.slice();
    const firstNew = g.count;
    const touched = [];
    let progress = false;
    let keep = [];
    const integrate = (run) => {
      let r = run;
      const a = g.agent(r.replica);
      const next = g.nextSeq(a);
      if (r.seq + r.len <= next) { result.duplicates += r.len; return; }
      if (r.seq > next) { keep.push(r); return; }
      // The head of a run this replica already has is a duplicate too (not only whole runs).
      result.duplicates += next - r.seq;
      r = trimRun(r, next - r.seq);
      if (g.count + r.len > Limits.maxOperations) return;
      const parents = [];
      for (const p of r.parents) {
        const lv = g.lv(p);
        if (lv === null) break;
        parents.push(lv);
      }
      if (parents.length !== r.parents.length) { keep.push(r); return; }
      const lv = g.add(a, r.seq, r.len, parents);
      const target = this.objectIndex(r.target) ?? -1;
      if (this.integrateRemote(r, lv, target) && !touched.includes(target)) touched.push(target);
      result.applied += r.len;
      progress = true;
    };
    // Buffered runs first, then the new ones, then retry what still waits until nothing more applies.
    const waiting = this.pending;
    this.pending = [];
    for (const r of waiting) integrate(r);
    for (const r of runs) integrate(r);
    while (progress && keep.length) {
      progress = false;
      const again = keep;
      keep = [];
      for (const r of again) integrate(r);
    }
    if (keep.length > MAX_PENDING_RUNS) keep = keep.slice(keep.length - MAX_PENDING_RUNS);
    this.pending = keep;
    result.buffered = keep.reduce((s, r) => s + r.len, 0);
    if (keep.length) result.missing = this.missing;
    if (g.count > firstNew) {
      const spans = this.newSpans(firstNew, oldFrontier);
      const outOfRange = [];
      for (const oi of touched) for (const lv of this.mergeNew(spans, oi, result.patches)) outOfRange.push(lv);
      result.refused = outOfRange.map((lv) => g.id(lv)).sort((x, y) => (idLess(x, y) ? -1 : idLess(y, x) ? 1 : 0));
    }
    return result;
  }

  /** The new events firstNew..<count cut at graph entries, each {lo, hi, direct}: direct when made on everything before it. */
  newSpans(firstNew, old) {
    const g = this.graph;
    const spans = [];
    let frontier = old.slice();
    for (let k = firstNew < g.count ? g.entryIndex(firstNew) : g.entries.length; k < g.entries.length; k++) {
      const e = g.entries[k];
      const lo = Math.max(e.start, firstNew);
      const parents = lo > e.start ? [lo - 1] : e.parents;
      spans.push({ lo, hi: e.end, direct: sameFrontier(parents, frontier) });
      frontier = frontier.filter((f) => !parents.includes(f));
      frontier.push(e.end - 1);
    }
    return spans;
  }

  liveText(oi) {
    let state = this.live.get(oi);
    if (!state) { state = { tracker: new Tracker(), prepare: [], tracked: 0 }; this.live.set(oi, state); }
    return state;
  }

  /**
   * Merges the new events in `spans` into text object `oi` (Swift `mergeNew`): those made on top
   * of everything straight into the text; from the first concurrent one on, through the text's
   * kept tracker in chain order. Returns the first events of runs that lay outside the text.
   */
  mergeNew(spans, oi, patches) {
    const g = this.graph, log = this.log;
    const sink = new PatchSink(this.objects[oi].state, this.objectID(oi), patches);
    const firstTracked = spans.find((s) => !s.direct)?.lo ?? g.count;
    const at = { length: sink.count };
    const outOfRange = [];
    for (const span of spans) {
      if (span.lo >= firstTracked) continue;
      for (const r of pieces(log, span.lo, span.hi)) {
        if (r.target !== oi) continue;
        const k = applyDirect(log, r, at, true, sink);
        if (k !== null) outOfRange.push(r.lv + k);
      }
    }
    if (firstTracked >= g.count) return outOfRange;
    const state = this.liveText(oi);
    this.catchUp(state, oi, firstTracked);
    state.tracker.outOfRange.length = 0;
    const list = [];
    for (const span of spans) {
      if (span.hi <= firstTracked) continue;
      const lo = Math.max(span.lo, firstTracked);
      if (pieces(log, lo, span.hi).some((r) => r.target === oi)) list.push({ lo, hi: span.hi, emit: true });
    }
    for (const k of chainOrder(g, list)) {
      const span = list[k];
      const parents = g.parents(span.lo);
      if (!sameFrontier(state.prepare, parents)) moveTracker(g, log, oi, state.tracker, state.prepare, parents);
      applyTracked(g, log, oi, span.lo, span.hi, true, state.tracker, sink);
      state.prepare = [span.hi - 1];
    }
    state.tracked = g.count;
    for (const lv of state.tracker.outOfRange) outOfRange.push(lv);
    state.tracker.outOfRange.length = 0;
    return outOfRange;
  }

  /** Puts into the tracker every event of text `oi` in state.tracked..<end (already in the text). */
  catchUp(state, oi, end) {
    if (state.tracked >= end) return;
    const g = this.graph;
    const none = { insert() {}, delete() {} };
    for (const r of pieces(this.log, state.tracked, end)) {
      if (r.target !== oi) continue;
      const parents = g.parents(r.lv);
      if (!sameFrontier(state.prepare, parents)) moveTracker(g, this.log, oi, state.tracker, state.prepare, parents);
      applyTracked(g, this.log, oi, r.lv, r.lv + r.len, false, state.tracker, none);
      state.prepare = [r.lv + r.len - 1];
    }
    state.tracked = end;
  }

  /** The first missing operation blocking each buffered run (sorted). */
  get missing() {
    const g = this.graph;
    const out = new Map();
    for (const r of this.pending) {
      const ai = g.agentIndex.get(r.replica);
      const next = ai === undefined ? 0 : g.nextSeq(ai);
      if (next < r.seq) out.set(idString({ replica: r.replica, counter: next }), { replica: r.replica, counter: next });
      else for (const p of r.parents) if (g.lv(p) === null) out.set(idString(p), p);
    }
    return [...out.values()].sort((a, b) => (idLess(a, b) ? -1 : idLess(b, a) ? 1 : 0));
  }

  /** Dependencies of `runs` that neither this document nor earlier runs provide (document unchanged). */
  missingDependencies(runs) {
    const g = this.graph;
    const next = new Map();
    const missing = new Map();
    const nextCounter = (rep) => {
      if (next.has(rep)) return next.get(rep);
      const ai = g.agentIndex.get(rep);
      return ai === undefined ? 0 : g.nextSeq(ai);
    };
    for (const run of runs) {
      const known = nextCounter(run.replica);
      if (run.seq > known) missing.set(idString({ replica: run.replica, counter: known }), { replica: run.replica, counter: known });
      for (const p of run.parents) if (g.lv(p) === null && p.counter >= nextCounter(p.replica)) missing.set(idString(p), p);
      next.set(run.replica, Math.max(known, run.seq + run.len));
    }
    return [...missing.values()].sort((a, b) => (idLess(a, b) ? -1 : idLess(b, a) ? 1 : 0));
  }

  /** Logs a remote run (applying map and list operations); returns the logged run when it is a text operation on a text. */
  integrateRemote(r, lv, target) {
    let kind = r.kind;
    const targetKind = target >= 0 ? this.objects[target].kind : null;
    const expected = expectedKind(kind);
    const t = targetKind === expected ? target : -1;
    if (r.len !== 1 && expected !== 'text') kind = OpKind.mapDelete;
    if (kind === OpKind.insertText) {
      const start = this.log.content.length;
      for (const s of r.content) this.log.content.push(s);
      const run = { lv, len: r.len, kind, target: t, pos: r.pos, forward: true, data: start };
      this.log.runs.push(run);
      return t >= 0 ? run : null;
    } else if (kind === OpKind.deleteText && !r.forward && r.pos < 0) {
      // A backward run whose known head was trimmed off can start below position 0: those deletes
      // do nothing, and a negative position cannot be encoded. Kept as a no-op, as Swift does.
      this.log.runs.push({ lv, len: r.len, kind, target: -1, pos: 0, forward: false, data: 0 });
      return null;
    } else if (kind === OpKind.deleteText) {
      const run = { lv, len: r.len, kind, target: t, pos: r.pos, forward: r.forward, data: 0 };
      this.log.runs.push(run);
      return t >= 0 ? run : null;
    } else {
      let value = r.value;
      if (value instanceof ObjectRef) value = new ObjectRef(value.kind, { replica: r.replica, counter: r.seq });
      const p = {
        key: r.key, value, right: r.right,
        element: r.element ? (this.graph.lv(r.element) ?? -1) : -1,
        parentSlot: r.parentSlot ? (this.graph.lv(r.parentSlot) ?? -1) : -1,
      };
      this.addPayloadOp(lv, kind, r.len === 1 ? t : -1, p);
    }
    return null;
  }
}

function sameFrontier(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export { Version, ObjectRef, encodeVersion, decodeVersion, encodeOperations, decodeOperations, DecodeError, kindName, scalarToUTF16Index, utf16ToScalarIndex };


/** Loads a snapshot (docs/crdt.md §6.4); edits as `replica` or else as the replica that saved it. */
Document.decodeSnapshot = function decodeSnapshot(bytes, replica = null) {
  return decodeSnapshotInto(bytes, (r) => new Document(r), replica);
};

/** The whole document (current texts plus complete history) as a snapshot, as Swift's `encodeSnapshot()`. */
Document.prototype.encodeSnapshot = function encodeSnapshot() { return encodeSnapshotOf(this); };
