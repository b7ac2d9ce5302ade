// The QR encoder against values from ISO/IEC 18004 and its well-known worked examples, and a
// read-back of whole symbols: a small reader here unmasks and de-interleaves what the encoder
// drew, checks every block's Reed–Solomon syndromes are zero and recovers the bytes.
// (A real decoder, zbarimg, reads the rendered symbols in Tests/e2e/test_admin_qr.py.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MASKS, alignmentPositions, byteCapacity, dataCodewords, encodeData, encodeQR, formatBits, generatorPolynomial,
  gfMultiply, penalty, qrSVG, reedSolomon, sizeOf, versionBits, versionFor,
} from '../qr.js';

test('Reed–Solomon: the standard\'s worked example (Annex I, "01234567", 1-M) and "HELLO WORLD" 1-M', () => {
  const data = [0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11];
  assert.deepEqual(reedSolomon(data, 10), [0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55]);
  const hello = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
  assert.deepEqual(reedSolomon(hello, 10), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
});

test('GF(256) and the generator polynomials (Annex A: degree 7 is α0 α87 α229 α146 α149 α238 α102 α21)', () => {
  const alpha = [1];
  for (let i = 1; i < 256; i++) alpha.push(gfMultiply(alpha[i - 1], 2));
  assert.equal(alpha[255], 1, 'α has order 255');
  assert.equal(new Set(alpha.slice(0, 255)).size, 255);
  assert.deepEqual(generatorPolynomial(7), [87, 229, 146, 149, 238, 102, 21].map((e) => alpha[e]));
  assert.deepEqual(generatorPolynomial(10), [251, 67, 46, 61, 118, 70, 64, 94, 32, 45].map((e) => alpha[e]));
});

test('format information for level M, masks 0–7 (Annex C, Table C.1)', () => {
  const expected = ['101010000010010', '101000100100101', '101111001111100', '101101101001011',
    '100010111111001', '100000011001110', '100111110010111', '100101010100000'];
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((m) => formatBits(m).toString(2).padStart(15, '0')), expected);
  assert.equal(formatBits(0, 0b01).toString(2).padStart(15, '0'), '111011111000100', 'L, mask 0');
});

test('version information (Annex D, Table D.1)', () => {
  assert.equal(versionBits(7).toString(2).padStart(18, '0'), '000111110010010100');
  assert.equal(versionBits(8).toString(2).padStart(18, '0'), '001000010110111100');
  assert.equal(versionBits(21).toString(2).padStart(18, '0'), '010101011010000011');
  assert.equal(versionBits(40).toString(2).padStart(18, '0'), '101000110001101001');
});

test('alignment pattern positions (Annex E) and sizes', () => {
  assert.deepEqual(alignmentPositions(1), []);
  assert.deepEqual(alignmentPositions(2), [6, 18]);
  assert.deepEqual(alignmentPositions(7), [6, 22, 38]);
  assert.deepEqual(alignmentPositions(14), [6, 26, 46, 66]);
  assert.deepEqual(alignmentPositions(15), [6, 26, 48, 70]);
  assert.deepEqual(alignmentPositions(32), [6, 34, 60, 86, 112, 138]);
  assert.deepEqual(alignmentPositions(40), [6, 30, 58, 86, 114, 142, 170]);
  assert.equal(sizeOf(1), 21);
  assert.equal(sizeOf(40), 177);
});

test('byte-mode capacities at level M (Table 7)', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(byteCapacity), [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]);
  assert.equal(byteCapacity(15), 412);
  assert.equal(byteCapacity(20), 666);
  assert.equal(byteCapacity(40), 2331);
  assert.equal(dataCodewords(1), 16);
  assert.equal(dataCodewords(40), 2334);
  assert.equal(versionFor(14), 1);
  assert.equal(versionFor(15), 2);
  assert.equal(versionFor(400), 15);
  assert.equal(versionFor(2332), null);
});

test('data codewords: mode, count, bytes, terminator, alternating pad bytes', () => {
  assert.deepEqual(encodeData([0x61], 1), [0x40, 0x16, 0x10, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec]);
  // Version 10 and up count in 16 bits.
  assert.deepEqual(encodeData([0x61], 10).slice(0, 4), [0x40, 0x00, 0x16, 0x10]);
  assert.throws(() => encodeData(new Uint8Array(15), 1), RangeError);
});

test('penalty rules on plain matrices', () => {
  const all = (size, v) => Array.from({ length: size }, () => new Array(size).fill(v));
  // 21 rows and 21 columns, each one run of 21: 2·21·(3 + 16); 20·20 blocks: 3 each; 100% dark: 100.
  assert.equal(penalty(all(21, 1)), 2 * 21 * 19 + 400 * 3 + 100);
  const checker = Array.from({ length: 21 }, (_, r) => Array.from({ length: 21 }, (_, c) => (r + c) % 2));
  assert.equal(penalty(checker), 0);
  // One finder-like run 1011101 0000 in one row of a checkerboard adds 40 (and its own runs).
  const withFinder = checker.map((row) => [...row]);
  withFinder[0] = [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, ...checker[0].slice(11)];
  assert.ok(penalty(withFinder) >= 40);
});

// — A reader of our own symbols —

function readFormat(modules) {
  let bits = 0;
  const at = (r, c) => (modules[r][c] ? 1 : 0);
  // Copy 1, bit 14 first: row 8 columns 0–5, 7, then (8,8), (7,8), column 8 rows 5–0.
  const cells = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
  for (const [r, c] of cells) bits = (bits << 1) | at(r, c);
  return bits;
}

function readFormatCopy2(modules) {
  const size = modules.length;
  let bits = 0;
  for (let i = 14; i >= 8; i--) bits = (bits << 1) | (modules[size - 15 + i][8] ? 1 : 0);
  for (let i = 7; i >= 0; i--) bits = (bits << 1) | (modules[8][size - 1 - i] ? 1 : 0);
  return bits;
}

function functionModules(version) {
  const size = sizeOf(version);
  const f = Array.from({ length: size }, () => new Uint8Array(size));
  const mark = (r, c) => { if (r >= 0 && c >= 0 && r < size && c < size) f[r][c] = 1; };
  for (const [r0, c0] of [[0, 0], [0, size - 8], [size - 8, 0]]) for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) mark(r0 + r, c0 + c);
  for (let i = 0; i < size; i++) { mark(6, i); mark(i, 6); }
  const positions = alignmentPositions(version);
  for (const r of positions) {
    for (const c of positions) {
      if ((r < 9 && c < 9) || (r < 9 && c > size - 10) || (r > size - 10 && c < 9)) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) mark(r + dr, c + dc);
    }
  }
  for (let i = 0; i < 9; i++) { mark(8, i); mark(i, 8); }
  for (let i = 0; i < 8; i++) { mark(8, size - 1 - i); mark(size - 1 - i, 8); }
  if (version >= 7) for (let i = 0; i < 6; i++) for (let j = 0; j < 3; j++) { mark(i, size - 11 + j); mark(size - 11 + j, i); }
  return f;
}

const EC_M = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
const BLOCKS = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

function syndromesAreZero(codeword, ecLength) {
  for (let i = 0; i < ecLength; i++) {
    let alpha = 1;
    for (let k = 0; k < i; k++) alpha = gfMultiply(alpha, 2);
    let value = 0;
    for (const c of codeword) value = gfMultiply(value, alpha) ^ c;
    if (value !== 0) return false;
  }
  return true;
}

/** Reads a symbol back: format, mask, codewords, blocks (RS-checked), byte-mode payload. */
function readSymbol(code) {
  const { modules, version, size } = code;
  const format = readFormat(modules);
  assert.equal(format, readFormatCopy2(modules), 'the two format copies agree');
  const mask = [0, 1, 2, 3, 4, 5, 6, 7].find((m) => formatBits(m) === format);
  assert.notEqual(mask, undefined, 'a level M format');
  const reserved = functionModules(version);
  const bits = [];
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((right + 1) & 2) === 0;
    for (let step = 0; step < size; step++) {
      const row = upward ? size - 1 - step : step;
      for (let j = 0; j < 2; j++) {
        const column = right - j;
        if (reserved[row][column]) continue;
        bits.push((modules[row][column] ? 1 : 0) ^ (MASKS[mask](row, column) ? 1 : 0));
      }
    }
  }
  const total = Math.floor(bits.length / 8);
  const codewords = [];
  for (let i = 0; i < total; i++) codewords.push(bits.slice(i * 8, i * 8 + 8).reduce((a, b) => (a << 1) | b, 0));
  const blockCount = BLOCKS[version];
  const ecLength = EC_M[version];
  const dataLength = total - blockCount * ecLength;
  const shortLength = Math.floor(dataLength / blockCount);
  const longBlocks = dataLength % blockCount;
  const blocks = Array.from({ length: blockCount }, (_, b) => ({ length: shortLength + (b >= blockCount - longBlocks ? 1 : 0), data: [], ec: [] }));
  let k = 0;
  for (let i = 0; i <= shortLength; i++) for (const block of blocks) if (i < block.length) block.data.push(codewords[k++]);
  for (let i = 0; i < ecLength; i++) for (const block of blocks) block.ec.push(codewords[k++]);
  for (const block of blocks) assert.ok(syndromesAreZero([...block.data, ...block.ec], ecLength), 'a block with non-zero syndromes');
  const data = blocks.flatMap((block) => block.data);
  const stream = data.flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (byte >>> i) & 1));
  const take = (n) => stream.splice(0, n).reduce((a, b) => (a << 1) | b, 0);
  assert.equal(take(4), 0b0100, 'byte mode');
  const count = take(version <= 9 ? 8 : 16);
  return { mask, bytes: Array.from({ length: count }, () => take(8)) };
}

test('whole symbols read back: finders, timing, dark module, both format copies, version blocks, RS blocks, payload', () => {
  const link = 'https://tavolo.comune.example.it/#invito=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ0YXZvbG8iLCJuYW1lIjoiQ2FybGEgVmVyZGkiLCJ0YmwiOiJhbWJpdG8tYW56aWFuaS1waWFudXJhLWVzdCIsImlhdCI6MTc5NjQ1ODU3NSwiZXhwIjoxNzk5MDUwNTc1LCJvcmciOiJBc3NvY2lhemlvbmUgQXVyb3JhIiwicm9sZSI6ImV0cyIsImp0aSI6ImMzMTU1MjY2LTUxNzUtNDA4OS05ZGNlLTc2MTExZmRiMDYzMyJ9.md3cDCHgdABM0Os6VurF16T84t69LEz5Ufc1bGO8dRA';
  for (const text of ['a', 'Tavolo', 'x'.repeat(213), 'y'.repeat(214), link, 'Città – «perché»', 'z'.repeat(2331)]) {
    const code = encodeQR(text);
    const { modules, size, version } = code;
    assert.equal(size, sizeOf(version));
    assert.equal(modules.length, size);
    // Finder corners and centres, the dark module, timing.
    for (const [r, c] of [[0, 0], [6, 6], [3, 3], [0, size - 1], [3, size - 4], [size - 1, 0], [size - 4, 3]]) assert.equal(modules[r][c], true, `finder at ${r},${c}`);
    for (const [r, c] of [[7, 7], [1, 1], [7, size - 8], [size - 8, 7]]) assert.equal(modules[r][c], false, `light at ${r},${c}`);
    assert.equal(modules[size - 8][8], true, 'the dark module');
    for (let i = 8; i < size - 8; i++) {
      assert.equal(modules[6][i], i % 2 === 0);
      assert.equal(modules[i][6], i % 2 === 0);
    }
    if (version >= 7) {
      const bits = versionBits(version);
      for (let i = 0; i < 18; i++) {
        const dark = ((bits >>> i) & 1) === 1;
        assert.equal(modules[Math.floor(i / 3)][size - 11 + (i % 3)], dark, 'version block, top right');
        assert.equal(modules[size - 11 + (i % 3)][Math.floor(i / 3)], dark, 'version block, bottom left');
      }
    }
    const read = readSymbol(code);
    assert.equal(read.mask, code.mask);
    assert.equal(new TextDecoder().decode(Uint8Array.from(read.bytes)), text);
  }
  assert.equal(encodeQR('x'.repeat(213)).version, 10);
  assert.equal(encodeQR('y'.repeat(214)).version, 11);
  assert.equal(encodeQR(link).version, 15);
  assert.throws(() => encodeQR('z'.repeat(2332)), RangeError);
});

test('the mask chosen has the lowest penalty of the eight', () => {
  const text = 'https://tavolo.example.it/#invito=abc.def.ghi';
  const chosen = encodeQR(text);
  const scores = [0, 1, 2, 3, 4, 5, 6, 7].map((mask) => penalty(encodeQR(text, { mask }).modules.map((row) => row.map(Number))));
  assert.equal(scores[chosen.mask], Math.min(...scores));
  // Every forced mask still reads back.
  for (let mask = 0; mask < 8; mask++) assert.equal(readSymbol(encodeQR(text, { mask })).mask, mask);
});

test('SVG: a light square with a 4-module quiet zone, dark runs as one path, an accessible name', () => {
  const code = encodeQR('Tavolo');
  const svg = qrSVG(code, { label: 'Codice QR di "Carla" <Aurora> & co' });
  assert.match(svg, /viewBox="0 0 29 29"/);
  assert.match(svg, /<rect width="29" height="29" fill="#fff"\/>/);
  assert.match(svg, /role="img" aria-label="Codice QR di &quot;Carla&quot; &lt;Aurora&gt; &amp; co"/);
  // The path covers exactly the dark modules, each shifted by the quiet zone.
  const dark = new Set();
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) for (let i = 0; i < Number(w); i++) dark.add(`${Number(y) - 4},${Number(x) - 4 + i}`);
  const expected = new Set();
  code.modules.forEach((row, r) => row.forEach((v, c) => { if (v) expected.add(`${r},${c}`); }));
  assert.deepEqual(dark, expected);
  assert.match(qrSVG(code), /aria-hidden="true"/);
});
