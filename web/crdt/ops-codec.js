// Values (§6.1), operations batches "TVO" (§6.2) and versions "TVV" (§6.3), byte-for-byte as
// Sources/TavoloCRDT/Encoding/Operations+Encoding.swift and Version+Encoding.swift.
import { ByteReader, ByteWriter, DecodeError, Limits, utf8Compare } from './bytes.js';
import { ObjectRef, OpKind, Version, kindName } from './ids.js';

const OPS_MAGIC = [0x54, 0x56, 0x4f];
const VERSION_MAGIC = [0x54, 0x56, 0x56];
export const FORMAT_VERSION = 1;

export function writeValue(w, v) {
  if (v === null || v === undefined) w.byte(0);
  else if (v === false) w.byte(1);
  else if (v === true) w.byte(2);
  else if (typeof v === 'bigint') { w.byte(3); w.zigzag(v); }
  else if (typeof v === 'number') {
    w.byte(4);
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) w.byte(dv.getUint8(i));
  } else if (typeof v === 'string') { w.byte(5); w.string(v); }
  else if (v instanceof ObjectRef) { w.byte(6); w.byte(kindName.indexOf(v.kind)); }
  else throw new TypeError('not a value');
}

/** A value; nested objects decode with id null (the receiver uses the operation's id). */
export function readValue(r) {
  const tag = r.byte();
  switch (tag) {
    case 0: return null;
    case 1: return false;
    case 2: return true;
    case 3: return r.zigzag();
    case 4: {
      const b = r.raw(8);
      return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
    }
    case 5: return r.string();
    case 6: {
      const k = r.byte();
      if (k > 2) throw new DecodeError('invalidTag', k);
      return new ObjectRef(kindName[k], null);
    }
    default: throw new DecodeError('invalidTag', tag);
  }
}

function checkMagic(r, bytes, magic) {
  if (bytes.length < 4) throw new DecodeError('truncated');
  const m = r.raw(3);
  if (m[0] !== magic[0] || m[1] !== magic[1] || m[2] !== magic[2]) throw new DecodeError('badMagic');
  const v = r.byte();
  if (v !== FORMAT_VERSION) throw new DecodeError('unsupportedVersion', v);
}

/**
 * A run as exchanged between replicas (Swift `RemoteRun`):
 * { replica, seq, len, parents: [{replica, counter}], kind, target: OpID|null,
 *   pos, forward, content: [scalars], key, value, element: OpID|null, parentSlot: OpID|null, right }
 */
export function makeRun(fields) {
  return {
    replica: '', seq: 0, len: 1, parents: [], kind: 0, target: null,
    pos: 0, forward: true, content: [], key: '', value: null, element: null, parentSlot: null, right: true,
    ...fields,
  };
}

/** Encodes runs as an operations batch (Uint8Array). */
export function encodeOperations(runs) {
  const w = new ByteWriter();
  w.raw(OPS_MAGIC);
  w.byte(FORMAT_VERSION);
  const names = [];
  const index = new Map();
  const name = (s) => { if (!index.has(s)) { index.set(s, names.length); names.push(s); } };
  for (const r of runs) {
    name(r.replica);
    for (const p of r.parents) name(p.replica);
    if (r.target) name(r.target.replica);
    if (r.element) name(r.element.replica);
    if (r.parentSlot) name(r.parentSlot.replica);
  }
  w.varint(names.length);
  for (const n of names) w.string(n);
  const id = (x) => { w.varint(index.get(x.replica)); w.varint(x.counter); };
  const optID = (x) => { if (x) { w.varint(index.get(x.replica) + 1); w.varint(x.counter); } else w.varint(0); };
  w.varint(runs.length);
  for (const r of runs) {
    w.varint(index.get(r.replica));
    w.varint(r.seq);
    w.varint(r.len);
    w.varint(r.parents.length);
    for (const p of r.parents) id(p);
    w.byte(r.kind);
    optID(r.target);
    switch (r.kind) {
      case OpKind.insertText: w.varint(r.pos); w.scalars(r.content); break;
      case OpKind.deleteText: w.varint(r.pos); w.byte(r.forward ? 1 : 0); break;
      case OpKind.mapSet: w.string(r.key); writeValue(w, r.value); break;
      case OpKind.mapDelete: w.string(r.key); break;
      case OpKind.listInsert: optID(r.parentSlot); w.byte(r.right ? 1 : 0); writeValue(w, r.value); break;
      case OpKind.listMove: optID(r.element); optID(r.parentSlot); w.byte(r.right ? 1 : 0); break;
      case OpKind.listDelete: optID(r.element); break;
      default: throw new TypeError(`bad kind ${r.kind}`);
    }
  }
  return w.bytes();
}

/** Decodes an operations batch into runs; throws DecodeError (never anything else) on bad input. */
export function decodeOperations(bytes) {
  try {
    return decodeOperationsUnchecked(bytes);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError('inconsistent', String(e && e.message));
  }
}

function decodeOperationsUnchecked(bytes) {
  const r = new ByteReader(bytes);
  checkMagic(r, bytes, OPS_MAGIC);
  const nNames = r.count();
  const names = [];
  for (let i = 0; i < nNames; i++) {
    const s = r.string(Limits.maxReplicaBytes);
    if (s.length === 0) throw new DecodeError('invalidReference');
    names.push(s);
  }
  const id = () => {
    const i = r.varint();
    if (i >= names.length) throw new DecodeError('invalidReference');
    return { replica: names[i], counter: r.varint(Limits.maxOperations) };
  };
  const optID = () => {
    const i = r.varint();
    if (i === 0) return null;
    if (i > names.length) throw new DecodeError('invalidReference');
    return { replica: names[i - 1], counter: r.varint(Limits.maxOperations) };
  };
  const nRuns = r.count();
  const runs = [];
  for (let n = 0; n < nRuns; n++) {
    const agent = r.varint();
    if (agent >= names.length) throw new DecodeError('invalidReference');
    const seq = r.varint(Limits.maxOperations);
    const len = r.varint(Limits.maxRunLength);
    if (len < 1) throw new DecodeError('inconsistent');
    const np = r.varint(Limits.maxParents);
    if (np > r.remaining) throw new DecodeError('truncated');
    const parents = [];
    for (let i = 0; i < np; i++) parents.push(id());
    const k = r.byte();
    if (k > 6) throw new DecodeError('invalidTag', k);
    const run = makeRun({ replica: names[agent], seq, len, parents, kind: k, target: optID() });
    if (k !== OpKind.insertText && k !== OpKind.deleteText && len !== 1) throw new DecodeError('inconsistent');
    switch (k) {
      case OpKind.insertText:
        run.pos = r.varint(Limits.maxPosition);
        run.content = r.scalars();
        if (run.content.length !== len) throw new DecodeError('invalidText');
        break;
      case OpKind.deleteText:
        run.pos = r.varint(Limits.maxPosition);
        run.forward = r.bool();
        break;
      case OpKind.mapSet: run.key = r.string(); run.value = readValue(r); break;
      case OpKind.mapDelete: run.key = r.string(); break;
      case OpKind.listInsert: run.parentSlot = optID(); run.right = r.bool(); run.value = readValue(r); break;
      case OpKind.listMove: run.element = optID(); run.parentSlot = optID(); run.right = r.bool(); break;
      case OpKind.listDelete: run.element = optID(); break;
    }
    if (run.value instanceof ObjectRef) run.value = new ObjectRef(run.value.kind, { replica: run.replica, counter: run.seq });
    runs.push(run);
  }
  if (r.remaining !== 0) throw new DecodeError('trailingBytes');
  return runs;
}

/** Encodes a version vector (replicas sorted bytewise on UTF-8). */
export function encodeVersion(version) {
  const w = new ByteWriter();
  w.raw(VERSION_MAGIC);
  w.byte(FORMAT_VERSION);
  const sorted = version.sorted();
  w.varint(sorted.length);
  for (const [k, n] of sorted) { w.string(k); w.varint(n); }
  return w.bytes();
}

export function decodeVersion(bytes) {
  try {
    const r = new ByteReader(bytes);
    checkMagic(r, bytes, VERSION_MAGIC);
    const n = r.count();
    const counts = new Map();
    for (let i = 0; i < n; i++) {
      const k = r.string(Limits.maxReplicaBytes);
      if (k.length === 0 || counts.has(k)) throw new DecodeError('inconsistent');
      counts.set(k, r.varint(Limits.maxOperations));
    }
    if (r.remaining !== 0) throw new DecodeError('trailingBytes');
    return new Version(counts);
  } catch (e) {
    if (e instanceof DecodeError) throw e;
    throw new DecodeError('inconsistent', String(e && e.message));
  }
}

export { utf8Compare };
