// LZ4 block format (lz4.org "LZ4 Block Format"), as Sources/TavoloCRDT/Encoding/LZ4Block.swift:
// a strict decompressor (every offset and length checked) and the same greedy single-probe
// compressor (so blocks, and snapshots, are byte-identical to Swift's).
import { DecodeError, Limits } from './bytes.js';

export function lz4Decompress(src, size) {
  if (size < 0 || size > Limits.maxDecompressed) throw new DecodeError('limitExceeded');
  const dst = new Uint8Array(size);
  const end = src.length;
  let i = 0, o = 0;
  const length = (base) => {
    let len = base;
    if (base === 15) {
      for (;;) {
        if (i >= end) return null;
        const b = src[i++];
        len += b;
        if (len > size) return null;
        if (b !== 255) break;
      }
    }
    return len;
  };
  while (i < end) {
    const token = src[i++];
    const lit = length(token >> 4);
    if (lit === null || lit > end - i || lit > size - o) throw new DecodeError('badCompression');
    dst.set(src.subarray(i, i + lit), o);
    i += lit; o += lit;
    if (i === end) break;
    if (end - i < 2) throw new DecodeError('badCompression');
    const offset = src[i] | (src[i + 1] << 8);
    i += 2;
    const m = offset > 0 && offset <= o ? length(token & 15) : null;
    if (m === null || m + 4 > size - o) throw new DecodeError('badCompression');
    const ml = m + 4;
    if (offset >= ml) dst.copyWithin(o, o - offset, o - offset + ml);
    else for (let k = 0; k < ml; k++) dst[o + k] = dst[o + k - offset];
    o += ml;
  }
  if (o !== size) throw new DecodeError('badCompression');
  return dst;
}

export function lz4Compress(s) {
  const n = s.length;
  const out = [];
  if (n === 0) return new Uint8Array(0);
  const table = new Int32Array(1 << 14).fill(-1);
  let anchor = 0, i = 0;
  const limit = n - 12;
  const read32 = (p) => (s[p] | (s[p + 1] << 8) | (s[p + 2] << 16) | (s[p + 3] << 24)) >>> 0;
  const emit = (a, b, matchLength, offset) => {
    const lit = b - a;
    const ml = matchLength >= 4 ? matchLength - 4 : 0;
    out.push((Math.min(lit, 15) << 4) | (matchLength >= 4 ? Math.min(ml, 15) : 0));
    if (lit >= 15) { let r = lit - 15; while (r >= 255) { out.push(255); r -= 255; } out.push(r); }
    for (let k = a; k < b; k++) out.push(s[k]);
    if (matchLength >= 4) {
      out.push(offset & 0xff, offset >> 8);
      if (ml >= 15) { let r = ml - 15; while (r >= 255) { out.push(255); r -= 255; } out.push(r); }
    }
  };
  while (i < limit) {
    const seq = read32(i);
    // (seq &* 2654435761) >> 18 on UInt32 in Swift.
    const h = Math.imul(seq, 2654435761) >>> 18;
    const cand = table[h];
    table[h] = i;
    if (cand >= 0 && i - cand < 65536 && read32(cand) === seq) {
      let len = 4;
      while (i + len < n - 5 && s[cand + len] === s[i + len]) len++;
      emit(anchor, i, len, i - cand);
      i += len;
      anchor = i;
    } else i++;
  }
  emit(anchor, n, 0, 0);
  return Uint8Array.from(out);
}
