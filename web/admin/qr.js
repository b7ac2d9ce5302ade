// A QR code encoder (ISO/IEC 18004:2015), written here because the admin page loads nothing from
// elsewhere: byte mode, error correction level M (15% of the symbol can be lost: a glare, a
// crease, a phone held askew), every version 1–40. An invitation link is about 400 bytes (a JWT
// with the name and organisation in it), so it needs version 14–16; the longest names and
// organisations the server accepts (800 bytes each) still fit version 40 (2,331 bytes at M).
//
// The steps are the standard's: data bits (mode, count, bytes, terminator, padding), split into
// blocks, Reed–Solomon error correction per block over GF(256) (polynomial 0x11D), interleaving,
// function patterns, zig-zag placement, the eight masks scored with the four penalty rules, and
// the format (BCH 15,5) and version (BCH 18,6) information. Tests: web/admin/tests/qr.test.js
// (spec values) and Tests/e2e/test_admin_qr.py (a real decoder, zbarimg, reads what this draws).

/** Level M, by version (index 0 unused): error correction codewords per block, and blocks. */
const EC_PER_BLOCK_M = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
  26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const BLOCKS_M = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
  17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

/** The two bits of level M in the format information (L 01, M 00, Q 11, H 10). */
const LEVEL_M_BITS = 0b00;

export const MIN_VERSION = 1;
export const MAX_VERSION = 40;

// — GF(256) arithmetic, primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) —

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
}

/** Product in GF(256). */
export function gfMultiply(a, b) {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** The generator polynomial of degree `degree`, ∏(x − α^i) for i < degree, highest power first (leading 1 left out). */
export function generatorPolynomial(degree) {
  let poly = [1];
  for (let i = 0; i < degree; i++) {
    const next = new Array(poly.length + 1).fill(0);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      next[j + 1] ^= gfMultiply(poly[j], EXP[i]);
    }
    poly = next;
  }
  return poly.slice(1);
}

/** The `degree` error correction codewords of `data`: the remainder of data·x^degree divided by the generator. */
export function reedSolomon(data, degree) {
  const generator = generatorPolynomial(degree);
  const remainder = new Array(degree).fill(0);
  for (const byte of data) {
    const factor = byte ^ remainder.shift();
    remainder.push(0);
    for (let i = 0; i < degree; i++) remainder[i] ^= gfMultiply(generator[i], factor);
  }
  return remainder;
}

// — BCH codes of the format and version information —

/** The 15 format bits for level M and `mask` (0–7), already XORed with 101010000010010. */
export function formatBits(mask, levelBits = LEVEL_M_BITS) {
  const data = (levelBits << 3) | mask;
  let remainder = data;
  for (let i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >>> 9) * 0x537);
  return ((data << 10) | remainder) ^ 0x5412;
}

/** The 18 version bits of `version` (7–40): six bits of version, twelve of BCH(18,6), generator 0x1F25. */
export function versionBits(version) {
  let remainder = version;
  for (let i = 0; i < 12; i++) remainder = (remainder << 1) ^ ((remainder >>> 11) * 0x1f25);
  return (version << 12) | remainder;
}

// — Sizes —

/** Modules per side. */
export function sizeOf(version) {
  return version * 4 + 17;
}

/** Centre coordinates of the alignment patterns (the same list for rows and columns). */
export function alignmentPositions(version) {
  if (version === 1) return [];
  const count = Math.floor(version / 7) + 2;
  const step = version === 32 ? 26 : Math.ceil((version * 4 + 4) / (count * 2 - 2)) * 2;
  const positions = [6];
  for (let position = sizeOf(version) - 7; positions.length < count; position -= step) positions.splice(1, 0, position);
  return positions;
}

/** Modules left for data and error correction once the function patterns and format/version areas are drawn. */
function rawDataModules(version) {
  let result = (16 * version + 128) * version + 64;
  if (version >= 2) {
    const count = Math.floor(version / 7) + 2;
    result -= (25 * count - 10) * count - 55;
    if (version >= 7) result -= 36;
  }
  return result;
}

/** Codewords of data (not error correction) at level M. */
export function dataCodewords(version) {
  return Math.floor(rawDataModules(version) / 8) - EC_PER_BLOCK_M[version] * BLOCKS_M[version];
}

/** The most bytes version `version` at level M holds in byte mode. */
export function byteCapacity(version) {
  const countBits = version <= 9 ? 8 : 16;
  return Math.floor((dataCodewords(version) * 8 - 4 - countBits) / 8);
}

/** The smallest version, from `minVersion`, holding `length` bytes; null when none does. */
export function versionFor(length, minVersion = MIN_VERSION) {
  for (let version = minVersion; version <= MAX_VERSION; version++) if (byteCapacity(version) >= length) return version;
  return null;
}

// — Codewords —

/** The data codewords: mode 0100, the count, the bytes, terminator, padding to a byte, then 0xEC 0x11… */
export function encodeData(bytes, version) {
  const capacity = dataCodewords(version) * 8;
  const bits = [];
  const put = (value, length) => { for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1); };
  put(0b0100, 4);
  put(bytes.length, version <= 9 ? 8 : 16);
  for (const byte of bytes) put(byte, 8);
  if (bits.length > capacity) throw new RangeError(`${bytes.length} bytes do not fit version ${version}`);
  put(0, Math.min(4, capacity - bits.length));
  while (bits.length % 8) bits.push(0);
  const codewords = [];
  for (let i = 0; i < bits.length; i += 8) codewords.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; codewords.length < capacity / 8; pad ^= 0xec ^ 0x11) codewords.push(pad);
  return codewords;
}

/** Splits the data into blocks (the short ones first), adds each block's error correction, interleaves. */
export function interleave(data, version) {
  const blockCount = BLOCKS_M[version];
  const ecLength = EC_PER_BLOCK_M[version];
  const shortLength = Math.floor(data.length / blockCount);
  const longBlocks = data.length % blockCount;
  const blocks = [];
  for (let b = 0, offset = 0; b < blockCount; b++) {
    const length = shortLength + (b >= blockCount - longBlocks ? 1 : 0);
    const block = data.slice(offset, offset + length);
    offset += length;
    blocks.push({ data: block, ec: reedSolomon(block, ecLength) });
  }
  const result = [];
  for (let i = 0; i <= shortLength; i++) for (const block of blocks) if (i < block.data.length) result.push(block.data[i]);
  for (let i = 0; i < ecLength; i++) for (const block of blocks) result.push(block.ec[i]);
  return result;
}

// — The symbol —

class Symbol {
  constructor(version) {
    this.version = version;
    this.size = sizeOf(version);
    this.dark = Array.from({ length: this.size }, () => new Uint8Array(this.size));
    this.reserved = Array.from({ length: this.size }, () => new Uint8Array(this.size));
  }

  /** A function module (never masked, never data). */
  fixed(row, column, dark) {
    this.dark[row][column] = dark ? 1 : 0;
    this.reserved[row][column] = 1;
  }

  drawFunctionPatterns() {
    const { size } = this;
    for (let i = 0; i < size; i++) {
      this.fixed(6, i, i % 2 === 0);
      this.fixed(i, 6, i % 2 === 0);
    }
    for (const [row, column] of [[3, 3], [3, size - 4], [size - 4, 3]]) this.drawFinder(row, column);
    const positions = alignmentPositions(this.version);
    const last = positions.length - 1;
    for (let i = 0; i <= last; i++) {
      for (let j = 0; j <= last; j++) {
        if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;  // the finders' corners
        this.drawAlignment(positions[i], positions[j]);
      }
    }
    this.drawFormat(0);  // reserves the areas; drawn again with the chosen mask
    this.drawVersion();
  }

  /** A 7×7 finder centred at (row, column), with its one-module light separator. */
  drawFinder(row, column) {
    for (let dr = -4; dr <= 4; dr++) {
      for (let dc = -4; dc <= 4; dc++) {
        const r = row + dr;
        const c = column + dc;
        if (r < 0 || c < 0 || r >= this.size || c >= this.size) continue;
        const distance = Math.max(Math.abs(dr), Math.abs(dc));
        this.fixed(r, c, distance !== 2 && distance !== 4);
      }
    }
  }

  /** A 5×5 alignment pattern centred at (row, column). */
  drawAlignment(row, column) {
    for (let dr = -2; dr <= 2; dr++) {
      for (let dc = -2; dc <= 2; dc++) this.fixed(row + dr, column + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  }

  /** Both copies of the 15 format bits (bit 14 first, from the top-left corner), and the dark module. */
  drawFormat(mask) {
    const bits = formatBits(mask);
    const bit = (i) => (bits >>> i) & 1;
    const { size } = this;
    // Around the top-left finder: bits 0–5 down column 8, then 6, 7, 8 round the corner, 9–14 along row 8.
    for (let i = 0; i <= 5; i++) this.fixed(i, 8, bit(i));
    this.fixed(7, 8, bit(6));
    this.fixed(8, 8, bit(7));
    this.fixed(8, 7, bit(8));
    for (let i = 9; i < 15; i++) this.fixed(8, 14 - i, bit(i));
    // Split between the two other finders: bits 0–7 along row 8 from the right, 8–14 up column 8 from the bottom.
    for (let i = 0; i < 8; i++) this.fixed(8, size - 1 - i, bit(i));
    for (let i = 8; i < 15; i++) this.fixed(size - 15 + i, 8, bit(i));
    this.fixed(size - 8, 8, 1);  // the dark module
  }

  /** Versions 7 and up: two 6×3 copies of the version bits, beside the top-right and bottom-left finders. */
  drawVersion() {
    if (this.version < 7) return;
    const bits = versionBits(this.version);
    for (let i = 0; i < 18; i++) {
      const dark = (bits >>> i) & 1;
      const a = this.size - 11 + (i % 3);
      const b = Math.floor(i / 3);
      this.fixed(b, a, dark);
      this.fixed(a, b, dark);
    }
  }

  /** The codewords, most significant bit first, up and down two-module columns from the bottom right. */
  drawCodewords(codewords) {
    const { size } = this;
    let i = 0;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;  // the vertical timing pattern is skipped whole
      const upward = ((right + 1) & 2) === 0;
      for (let step = 0; step < size; step++) {
        const row = upward ? size - 1 - step : step;
        for (let j = 0; j < 2; j++) {
          const column = right - j;
          if (this.reserved[row][column]) continue;
          if (i < codewords.length * 8) this.dark[row][column] = (codewords[i >>> 3] >>> (7 - (i & 7))) & 1;
          i++;  // remainder bits stay light
        }
      }
    }
  }

  /** Flips the data modules where mask `mask` says (applying it twice undoes it). */
  applyMask(mask) {
    const condition = MASKS[mask];
    for (let row = 0; row < this.size; row++) {
      for (let column = 0; column < this.size; column++) {
        if (!this.reserved[row][column] && condition(row, column)) this.dark[row][column] ^= 1;
      }
    }
  }
}

/** The eight data masks (row i, column j): where true, a data module is flipped. */
export const MASKS = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

// — Penalty (ISO/IEC 18004 §7.8.3): N1 = 3, N2 = 3, N3 = 40, N4 = 10 —

const FINDER_LIKE = [[1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]];

/** The penalty score of a square matrix of 0/1 rows. */
export function penalty(dark) {
  const size = dark.length;
  let score = 0;
  const line = (k, horizontal) => (i) => (horizontal ? dark[k][i] : dark[i][k]);
  for (const horizontal of [true, false]) {
    for (let k = 0; k < size; k++) {
      const at = line(k, horizontal);
      // Rule 1: five or more same-coloured modules in a row: 3 + (run − 5).
      let run = 1;
      for (let i = 1; i <= size; i++) {
        if (i < size && at(i) === at(i - 1)) { run++; continue; }
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
      // Rule 3: 1:1:3:1:1 dark-light-dark-dark-dark-light-dark with four light modules on one side: 40.
      for (let i = 0; i + 11 <= size; i++) {
        for (const pattern of FINDER_LIKE) if (pattern.every((value, p) => at(i + p) === value)) score += 40;
      }
    }
  }
  // Rule 2: every 2×2 block of one colour: 3.
  for (let r = 0; r + 1 < size; r++) {
    for (let c = 0; c + 1 < size; c++) {
      const v = dark[r][c];
      if (v === dark[r][c + 1] && v === dark[r + 1][c] && v === dark[r + 1][c + 1]) score += 3;
    }
  }
  // Rule 4: 10 for every full 5% the proportion of dark modules is away from 50%.
  let darkCount = 0;
  for (const row of dark) for (const v of row) darkCount += v;
  const percent = (darkCount * 100) / (size * size);
  score += Math.floor(Math.abs(percent - 50) / 5) * 10;
  return score;
}

// — Putting it together —

/**
 * Encodes `text` (UTF-8) as a QR code at level M.
 * Returns { version, size, mask, modules } where modules[row][column] is true for dark.
 * `mask` (0–7) forces a mask instead of choosing the one with the lowest penalty.
 */
export function encodeQR(text, { minVersion = MIN_VERSION, mask: forcedMask } = {}) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : Uint8Array.from(text);
  const version = versionFor(bytes.length, minVersion);
  if (version === null) throw new RangeError(`${bytes.length} bytes do not fit a QR code (at most ${byteCapacity(MAX_VERSION)} at level M)`);
  const codewords = interleave(encodeData(bytes, version), version);
  const symbol = new Symbol(version);
  symbol.drawFunctionPatterns();
  symbol.drawCodewords(codewords);
  let mask = forcedMask;
  if (mask === undefined) {
    let best = Infinity;
    for (let candidate = 0; candidate < 8; candidate++) {
      symbol.applyMask(candidate);
      symbol.drawFormat(candidate);
      const score = penalty(symbol.dark);
      if (score < best) { best = score; mask = candidate; }
      symbol.applyMask(candidate);  // undone
    }
  }
  symbol.applyMask(mask);
  symbol.drawFormat(mask);
  return {
    version, size: symbol.size, mask,
    modules: symbol.dark.map((row) => Array.from(row, (v) => v === 1)),
  };
}

/**
 * The code as an SVG image: one path of dark modules (row runs) on a light square, with a quiet
 * zone of `quiet` modules (the standard asks for 4). Scales to its box; `label` is its accessible name.
 */
export function qrSVG(code, { quiet = 4, label = '' } = {}) {
  const side = code.size + quiet * 2;
  let path = '';
  code.modules.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let end = c;
      while (end + 1 < row.length && row[end + 1]) end++;
      path += `M${c + quiet} ${r + quiet}h${end - c + 1}v1h-${end - c + 1}z`;
      c = end;
    }
  });
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const name = label ? ` role="img" aria-label="${escape(label)}"` : ' aria-hidden="true"';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"${name}>`
    + `<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
}
