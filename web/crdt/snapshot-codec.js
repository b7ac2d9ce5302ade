// Document snapshots "TVD" v1 (docs/crdt.md §6.4), as Sources/TavoloCRDT/Encoding/Document+Snapshot.swift
// and PendingContent.swift. Loading rebuilds the inserted content eagerly (Swift does it lazily,
// with the same result).
import { ByteReader, ByteWriter, DecodeError, Limits, scalarsToUTF8, utf8Decode } from './bytes.js';
import { CausalGraph } from './causal-graph.js';
import { ObjectRef, OpKind } from './ids.js';
import { lz4Compress, lz4Decompress } from './lz4.js';
import { readValue, writeValue } from './ops-codec.js';
import { AuthorSink, TextBuffer, mergeText } from './text-merge.js';

const MAGIC = [0x54, 0x56, 0x44];

function readBlockSlice(r) {
  const size = r.varint(Limits.maxDecompressed);
  const n = r.varint();
  if (n > r.remaining) throw new DecodeError('truncated');
  if (size > n * 255 + 16) throw new DecodeError('badCompression');
  return [r.raw(n), size];
}

function writeBlock(w, raw) {
  const c = lz4Compress(raw);
  w.varint(raw.length);
  w.varint(c.length);
  w.raw(c);
}

/** Index of the op-log run containing `lv`. */
function runIndex(runs, lv) {
  let lo = 0, hi = runs.length - 1;
  while (lo < hi) { const m = (lo + hi + 1) >> 1; if (runs[m].lv <= lv) lo = m; else hi = m - 1; }
  return lo;
}

/**
 * Loads a snapshot into `doc` (a fresh Document whose replica is `replica ?? the saved one`);
 * `makeDocument(replica)` builds it. Throws DecodeError on malformed input (never anything else).
 */
export function decodeSnapshotInto(bytes, makeDocument, replica = null) {
  try {
    return decode(bytes, makeDocument, replica);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError('inconsistent', String(e && e.message));
  }
}

function decode(bytes, makeDocument, replica) {
  const r = new ByteReader(bytes);
  if (bytes.length < 4) throw new DecodeError('truncated');
  const m = r.raw(3);
  if (m[0] !== MAGIC[0] || m[1] !== MAGIC[1] || m[2] !== MAGIC[2]) throw new DecodeError('badMagic');
  const v = r.byte();
  if (v !== 1) throw new DecodeError('unsupportedVersion', v);
  const saved = r.string(Limits.maxReplicaBytes);
  if (!saved.length) throw new DecodeError('invalidReference');
  const doc = makeDocument(replica ?? saved);
  const graph = new CausalGraph();
  const nAgents = r.count();
  for (let i = 0; i < nAgents; i++) {
    const name = r.string(Limits.maxReplicaBytes);
    if (!name.length || graph.agentIndex.has(name)) throw new DecodeError('inconsistent');
    graph.agent(name);
  }
  const nTexts = r.count();
  const textLengths = [];
  for (let i = 0; i < nTexts; i++) textLengths.push(r.varint(Limits.maxDecompressed));
  const [textBlock, textSize] = readBlockSlice(r);
  const textBytes = lz4Decompress(textBlock, textSize);
  if (textLengths.reduce((a, b) => a + b, 0) !== textBytes.length) throw new DecodeError('inconsistent');
  const loaded = [];
  let offset = 0, textScalars = 0;
  for (const l of textLengths) {
    const t = new TextBuffer();
    t.scalars = utf8Decode(textBytes.subarray(offset, offset + l));
    offset += l;
    textScalars += t.count;
    loaded.push(t);
  }
  const nEntries = r.count();
  for (let k = 0; k < nEntries; k++) {
    const a = r.varint();
    if (a >= graph.agents.length) throw new DecodeError('invalidReference');
    const len = r.varint(Limits.maxOperations);
    if (len < 1 || graph.count + len > Limits.maxOperations) throw new DecodeError('limitExceeded');
    const np = r.varint(Limits.maxParents);
    if (np > r.remaining) throw new DecodeError('truncated');
    const parents = [];
    for (let i = 0; i < np; i++) {
      const d = r.varint();
      if (d < 1 || d > graph.count) throw new DecodeError('invalidReference');
      parents.push(graph.count - d);
    }
    graph.add(a, graph.nextSeq(a), len, parents);
  }
  doc.graph = graph;
  doc.me = graph.agent(doc.replica);
  const nRuns = r.count();
  let lastPos = 0, lastTarget = -2, lv = 0, inserted = 0;
  for (let k = 0; k < nRuns; k++) {
    const flags = r.byte();
    const kind = flags & 7;
    if (kind > 6 || flags >= 32) throw new DecodeError('invalidTag', flags);
    const target = flags & 16 ? lastTarget : r.varint(2 ** 40) - 1;
    lastTarget = target;
    const len = r.varint(Limits.maxRunLength);
    if (len < 1 || lv + len > graph.count) throw new DecodeError('inconsistent');
    if (target < -1 || target >= doc.objects.length) throw new DecodeError('invalidReference');
    if (kind === OpKind.insertText || kind === OpKind.deleteText) {
      if (target >= 0 && doc.objects[target].kind !== 'text') throw new DecodeError('inconsistent');
      const p = lastPos + Number(r.zigzag());
      if (p < 0 || p > Limits.maxPosition) throw new DecodeError('limitExceeded');
      const run = { lv, len, kind, target, pos: p, forward: (flags & 8) === 0, data: 0 };
      if (kind === OpKind.insertText) { run.data = inserted; inserted += len; lastPos = p + len; } else lastPos = p;
      doc.log.runs.push(run);
    } else {
      if (len !== 1) throw new DecodeError('inconsistent');
      const p = { key: '', value: null, element: -1, parentSlot: -1, right: true };
      switch (kind) {
        case OpKind.mapSet: p.key = r.string(); p.value = readValue(r); break;
        case OpKind.mapDelete: p.key = r.string(); break;
        case OpKind.listInsert: p.parentSlot = r.varint() - 1; p.right = r.bool(); p.value = readValue(r); break;
        case OpKind.listMove: p.element = r.varint() - 1; p.parentSlot = r.varint() - 1; p.right = r.bool(); break;
        default: p.element = r.varint() - 1;
      }
      if (p.element >= lv || p.parentSlot >= lv) throw new DecodeError('invalidReference');
      if (p.value instanceof ObjectRef) p.value = new ObjectRef(p.value.kind, graph.id(lv));
      doc.addPayloadOp(lv, kind, target, p);
    }
    lv += len;
  }
  if (lv !== graph.count) throw new DecodeError('inconsistent');
  const [deletedBlock, deletedSize] = readBlockSlice(r);
  if (r.remaining !== 0) throw new DecodeError('trailingBytes');
  const textObjects = [];
  doc.objects.forEach((o, i) => { if (o.kind === 'text') textObjects.push(i); });
  if (textObjects.length !== loaded.length || textScalars > inserted ||
      deletedSize > 4 * (inserted - textScalars) || deletedSize < inserted - textScalars) {
    throw new DecodeError('inconsistent');
  }
  textObjects.forEach((oi, k) => { doc.objects[oi].state = loaded[k]; });
  doc.log.content = new Array(inserted).fill(0);
  doc.log.content = materialize(doc, textObjects, loaded, deletedBlock, deletedSize, inserted);
  return doc;
}

/** The content arena: present scalars from the texts (placed by replaying each text's history), the rest from the deleted block. */
function materialize(doc, textObjects, texts, deletedBlock, deletedSize, count) {
  const content = new Array(count).fill(0xfffd);
  const known = new Uint8Array(count);
  const runs = doc.log.runs;
  const frontier = doc.graph.frontier.slice();
  textObjects.forEach((oi, k) => {
    const scalars = texts[k].scalars;
    const authors = new AuthorSink();
    mergeText(doc.graph, doc.log, oi, [], frontier, authors);
    const lvs = authors.lvs;
    if (lvs.length !== scalars.length) return;
    for (let i = 0; i < lvs.length; i++) {
      const r = runs[runIndex(runs, lvs[i])];
      if (r.kind !== OpKind.insertText || lvs[i] < r.lv) continue;
      const idx = r.data + lvs[i] - r.lv;
      if (idx >= 0 && idx < count) { content[idx] = scalars[i]; known[idx] = 1; }
    }
  });
  let deleted = [];
  try { deleted = utf8Decode(lz4Decompress(deletedBlock, deletedSize)); } catch { deleted = []; }
  let d = 0;
  for (let idx = 0; idx < count && d < deleted.length; idx++) if (!known[idx]) content[idx] = deleted[d++];
  return content;
}

/** Encodes a document as a snapshot, byte-identical to Swift's `encodeSnapshot()` for the same history. */
export function encodeSnapshot(doc) {
  const g = doc.graph, log = doc.log;
  const w = new ByteWriter();
  w.raw(MAGIC);
  w.byte(1);
  w.string(doc.replica);
  w.varint(g.agents.length);
  for (const a of g.agents) w.string(a);
  const texts = doc.objects.filter((o) => o.kind === 'text');
  const parts = texts.map((o) => scalarsToUTF8(o.state.scalars));
  w.varint(texts.length);
  for (const p of parts) w.varint(p.length);
  const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) { all.set(p, off); off += p.length; }
  writeBlock(w, all);
  w.varint(g.entries.length);
  for (const e of g.entries) {
    w.varint(e.agent);
    w.varint(e.end - e.start);
    w.varint(e.parents.length);
    for (const p of e.parents) w.varint(e.start - p);
  }
  w.varint(log.runs.length);
  let lastPos = 0, lastTarget = -2;
  for (const r of log.runs) {
    const flags = r.kind | (r.forward ? 0 : 8) | (r.target === lastTarget ? 16 : 0);
    w.byte(flags);
    if ((flags & 16) === 0) w.varint(r.target + 1);
    lastTarget = r.target;
    w.varint(r.len);
    if (r.kind === OpKind.insertText) { w.zigzag(r.pos - lastPos); lastPos = r.pos + r.len; }
    else if (r.kind === OpKind.deleteText) { w.zigzag(r.pos - lastPos); lastPos = r.pos; }
    else {
      const p = r.p;
      switch (r.kind) {
        case OpKind.mapSet: w.string(p.key); writeValue(w, p.value); break;
        case OpKind.mapDelete: w.string(p.key); break;
        case OpKind.listInsert: w.varint(p.parentSlot + 1); w.byte(p.right ? 1 : 0); writeValue(w, p.value); break;
        case OpKind.listMove: w.varint(p.element + 1); w.varint(p.parentSlot + 1); w.byte(p.right ? 1 : 0); break;
        default: w.varint(p.element + 1);
      }
    }
  }
  const present = new Uint8Array(log.content.length);
  doc.objects.forEach((o, oi) => {
    if (o.kind !== 'text') return;
    const authors = new AuthorSink();
    mergeText(g, log, oi, [], g.frontier.slice(), authors);
    for (const lv of authors.lvs) {
      const r = log.runs[runIndex(log.runs, lv)];
      present[r.data + lv - r.lv] = 1;
    }
  });
  const deleted = [];
  for (let i = 0; i < log.content.length; i++) if (!present[i]) deleted.push(log.content[i]);
  writeBlock(w, scalarsToUTF8(deleted));
  return w.bytes();
}
