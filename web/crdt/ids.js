// Identifiers, object kinds, values and versions (docs/crdt.md §2, §6.1).
import { utf8Less, utf8Compare, wellFormed } from './bytes.js';

/** Operation kinds as on the wire (§6.2). */
export const OpKind = Object.freeze({
  insertText: 0, deleteText: 1, mapSet: 2, mapDelete: 3, listInsert: 4, listMove: 5, listDelete: 6,
});

/** Object kinds as on the wire (value tag 6). */
export const ObjectKind = Object.freeze({ map: 0, list: 1, text: 2 });
export const kindName = ['map', 'list', 'text'];

export function sameID(a, b) {
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  return a.replica === b.replica && a.counter === b.counter;
}
export function idLess(a, b) { return a.replica !== b.replica ? utf8Less(a.replica, b.replica) : a.counter < b.counter; }
export function idString(id) { return id ? `${id.replica}@${id.counter}` : 'root'; }

/**
 * A nested object stored as a value: `kind` is 'map', 'list' or 'text', `id` the id of the
 * operation that created it (an ObjectID; null only for the root).
 *
 * Other values: null, booleans, bigint (Swift Int64), number (Swift Double), string.
 */
export class ObjectRef {
  constructor(kind, id) { this.kind = kind; this.id = id; }
}

/** Checks that a JS value can be stored (throws TypeError otherwise); strings come back well-formed. */
export function checkValue(v) {
  if (typeof v === 'string') return wellFormed(v);
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    if (BigInt.asIntN(64, v) !== v) throw new TypeError('integer outside Int64');
    return v;
  }
  if (v instanceof ObjectRef) return v;
  throw new TypeError(`not a storable value: ${typeof v}`);
}

/** A version vector: replica -> count (zero counts omitted). Plain object wrapper. */
export class Version {
  constructor(counts = {}) {
    this.counts = new Map();
    const entries = counts instanceof Map ? counts.entries() : Object.entries(counts);
    for (const [k, v] of entries) if (v > 0) this.counts.set(k, v);
  }
  get(replica) { return this.counts.get(replica) ?? 0; }
  includes(other) { for (const [k, v] of other.counts) if (this.get(k) < v) return false; return true; }
  contains(id) { return this.get(id.replica) > id.counter; }
  union(other) {
    const m = new Map(this.counts);
    for (const [k, v] of other.counts) m.set(k, Math.max(v, m.get(k) ?? 0));
    return new Version(m);
  }
  equals(other) { return this.includes(other) && other.includes(this); }
  /** Entries sorted bytewise on UTF-8. */
  sorted() { return [...this.counts.entries()].sort((a, b) => utf8Compare(a[0], b[0])); }
  toJSON() { return Object.fromEntries(this.sorted()); }
  toString() { return '{' + this.sorted().map(([k, v]) => `${k}:${v}`).join(',') + '}'; }
}
