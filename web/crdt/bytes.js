// Primitive encodings shared by every format (docs/crdt.md §6): LEB128 varints, zigzag
// integers, strict UTF-8, and conversions between Unicode-scalar and UTF-16 positions (§3.1).

/** Mirrors Swift's closed `DecodeError`; `code` is one of the names in docs/crdt.md §6.5. */
export class DecodeError extends Error {
  constructor(code, detail) {
    super(detail === undefined ? code : `${code}(${detail})`);
    this.name = 'DecodeError';
    this.code = code;
    this.detail = detail;
  }
}

export const Limits = Object.freeze({
  maxReplicaBytes: 255,
  maxStringBytes: 16 << 20,
  maxRunLength: 1 << 22,
  maxParents: 65536,
  maxOperations: 2 ** 31 - 1,
  maxPosition: 2 ** 31 - 1,
  maxDecompressed: 256 << 20,
});

const MAX_INT63 = (1n << 63n) - 1n;

/** Appends bytes; `bytes()` returns a Uint8Array. */
export class ByteWriter {
  constructor() { this.buf = new Uint8Array(64); this.length = 0; }
  ensure(n) {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const b = new Uint8Array(cap); b.set(this.buf.subarray(0, this.length)); this.buf = b;
  }
  byte(b) { this.ensure(1); this.buf[this.length++] = b & 0xff; }
  raw(arr) { this.ensure(arr.length); this.buf.set(arr, this.length); this.length += arr.length; }
  /** Non-negative integer (number < 2^53 or bigint < 2^63). */
  varint(v) {
    if (typeof v === 'bigint') {
      if (v < 0n) v = BigInt.asUintN(64, v);
      while (v >= 0x80n) { this.byte(Number(v & 0x7fn) | 0x80); v >>= 7n; }
      this.byte(Number(v));
      return;
    }
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`varint out of range: ${v}`);
    while (v >= 0x80) { this.byte((v % 0x80) | 0x80); v = Math.floor(v / 0x80); }
    this.byte(v);
  }
  /** Signed 64-bit integer (bigint or safe number). */
  zigzag(v) {
    const x = BigInt.asIntN(64, BigInt(v));
    this.varint(BigInt.asUintN(64, (x << 1n) ^ (x >> 63n)));
  }
  string(s) { const u = utf8Encode(s); this.varint(u.length); this.raw(u); }
  /** Scalars (array of code points) as length-prefixed UTF-8. */
  scalars(cps) { const u = scalarsToUTF8(cps); this.varint(u.length); this.raw(u); }
  bytes() { return this.buf.slice(0, this.length); }
}

/** Reads the primitive encodings, checking every bound (never reads past the end). */
export class ByteReader {
  constructor(bytes, offset = 0) { this.bytes = bytes; this.offset = offset; }
  get remaining() { return this.bytes.length - this.offset; }
  byte() {
    if (this.offset >= this.bytes.length) throw new DecodeError('truncated');
    return this.bytes[this.offset++];
  }
  bool() {
    const b = this.byte();
    if (b > 1) throw new DecodeError('invalidTag', b);
    return b === 1;
  }
  /** Varint < 2^63 as bigint. */
  bigVarint() {
    let x = 0n, shift = 0n;
    for (;;) {
      const b = this.byte();
      if (shift === 63n && b > 0) throw new DecodeError('varintOverflow');
      x |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7n;
      if (shift > 63n) throw new DecodeError('varintOverflow');
    }
    if (x > MAX_INT63) throw new DecodeError('varintOverflow');
    return x;
  }
  /** Varint as a number; values above `limit` throw `limitExceeded`. */
  varint(limit = Number.MAX_SAFE_INTEGER) {
    // Fast path: up to 4 bytes (< 2^28).
    let x = 0, mul = 1, start = this.offset;
    for (let i = 0; i < 4; i++) {
      const b = this.byte();
      x += (b & 0x7f) * mul;
      if (b < 0x80) {
        if (x > limit) throw new DecodeError('limitExceeded');
        return x;
      }
      mul *= 128;
    }
    this.offset = start;
    const v = this.bigVarint();
    if (v > BigInt(limit)) throw new DecodeError('limitExceeded');
    return Number(v);
  }
  /** A count of items taking at least one byte each. */
  count() {
    const v = this.varint();
    if (v > this.remaining) throw new DecodeError('limitExceeded');
    return v;
  }
  /** Zigzag signed 64-bit integer as bigint. */
  zigzag() {
    let x = 0n, shift = 0n;
    for (;;) {
      const b = this.byte();
      if (shift === 63n && b > 1) throw new DecodeError('varintOverflow');
      x |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7n;
      if (shift > 63n) throw new DecodeError('varintOverflow');
    }
    return BigInt.asIntN(64, (x >> 1n) ^ (-(x & 1n)));
  }
  raw(n) {
    if (n < 0 || n > this.remaining) throw new DecodeError('truncated');
    this.offset += n;
    return this.bytes.subarray(this.offset - n, this.offset);
  }
  string(limit = Limits.maxStringBytes) {
    const n = this.varint();
    if (n > limit) throw new DecodeError('limitExceeded');
    return scalarsToString(utf8Decode(this.raw(n)));
  }
  /** Length-prefixed UTF-8 decoded to an array of scalars. */
  scalars() {
    const n = this.varint();
    if (n > Limits.maxDecompressed) throw new DecodeError('limitExceeded');
    return utf8Decode(this.raw(n));
  }
}

/** Strict UTF-8 to an array of scalars (no overlongs, surrogates, or > U+10FFFF). */
export function utf8Decode(bytes) {
  const out = [];
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b0 = bytes[i];
    if (b0 < 0x80) { out.push(b0); i++; continue; }
    let len, v;
    if ((b0 & 0xe0) === 0xc0) { len = 2; v = b0 & 0x1f; }
    else if ((b0 & 0xf0) === 0xe0) { len = 3; v = b0 & 0x0f; }
    else if ((b0 & 0xf8) === 0xf0) { len = 4; v = b0 & 0x07; }
    else throw new DecodeError('invalidText');
    if (n - i < len) throw new DecodeError('invalidText');
    for (let k = 1; k < len; k++) {
      const b = bytes[i + k];
      if ((b & 0xc0) !== 0x80) throw new DecodeError('invalidText');
      v = (v << 6) | (b & 0x3f);
    }
    const min = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new DecodeError('invalidText');
    out.push(v);
    i += len;
  }
  return out;
}

/** Scalars to UTF-8 bytes. */
export function scalarsToUTF8(cps) {
  const u = [];
  for (const v of cps) {
    if (v < 0x80) u.push(v);
    else if (v < 0x800) u.push(0xc0 | (v >> 6), 0x80 | (v & 0x3f));
    else if (v < 0x10000) u.push(0xe0 | (v >> 12), 0x80 | ((v >> 6) & 0x3f), 0x80 | (v & 0x3f));
    else u.push(0xf0 | (v >> 18), 0x80 | ((v >> 12) & 0x3f), 0x80 | ((v >> 6) & 0x3f), 0x80 | (v & 0x3f));
  }
  return Uint8Array.from(u);
}

/**
 * A JS string to scalars. Lone surrogates become U+FFFD (docs/crdt.md §3.1: they cannot be
 * represented; clients replace them before sending).
 */
export function stringToScalars(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)); i++; continue; }
    }
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

/** Scalars to a JS string. */
export function scalarsToString(cps) {
  let s = '';
  for (let i = 0; i < cps.length; i += 8192) s += String.fromCodePoint(...cps.slice(i, i + 8192));
  return s;
}

/** `s` with lone surrogates replaced by U+FFFD: what the wire (strict UTF-8) carries. */
export function wellFormed(s) {
  return /[\ud800-\udfff]/.test(s) ? scalarsToString(stringToScalars(s)) : s;
}

export function utf8Encode(s) { return scalarsToUTF8(stringToScalars(s)); }

/** Bytewise UTF-8 comparison of two replica ids (the order of every tie-break, §2). */
export function utf8Less(a, b) {
  if (a === b) return false;
  const x = utf8Encode(a), y = utf8Encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return x.length < y.length;
}

/** Compares replica ids bytewise on UTF-8 (-1, 0, 1), for sorting. */
export function utf8Compare(a, b) { return a === b ? 0 : utf8Less(a, b) ? -1 : 1; }

/** UTF-16 index `i` in `s` to a scalar position (a surrogate pair counts once), §3.1. */
export function utf16ToScalarIndex(s, i) {
  let n = 0;
  for (let k = 0; k < i && k < s.length; k++) {
    const c = s.charCodeAt(k);
    // Count the low half of a valid pair as part of its high half.
    if (c >= 0xdc00 && c <= 0xdfff && k > 0) {
      const h = s.charCodeAt(k - 1);
      if (h >= 0xd800 && h <= 0xdbff) continue;
    }
    n++;
  }
  return n;
}

/** Scalar position `p` in `s` to a UTF-16 index (summing `cp > 0xFFFF ? 2 : 1`), §3.1. */
export function scalarToUTF16Index(s, p) {
  let i = 0;
  for (let k = 0; k < p && i < s.length; k++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { i += 2; continue; }
    }
    i++;
  }
  return i;
}

export function toHex(bytes) { return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''); }
export function fromHex(h) {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(2 * i, 2), 16);
  return out;
}
