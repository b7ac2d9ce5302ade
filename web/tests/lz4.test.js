import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lz4Compress, lz4Decompress } from '../crdt/lz4.js';
import { DecodeError, utf8Encode } from '../crdt/bytes.js';
import { Document } from '../crdt/document.js';

test('LZ4 blocks round-trip (literals only, matches, long runs, overlaps)', () => {
  const cases = [new Uint8Array(0), utf8Encode('abc'), utf8Encode('ciao '.repeat(500)), new Uint8Array(70000).fill(7),
    utf8Encode('Verbale della seduta: 👩‍👩‍👧 '.repeat(40) + 'fine')];
  let x = 1;
  const rnd = new Uint8Array(5000).map(() => (x = (x * 48271) % 2147483647) & 0xff);
  cases.push(rnd);
  for (const c of cases) {
    const z = lz4Compress(c);
    assert.deepEqual(lz4Decompress(z, c.length), c);
  }
  assert.ok(lz4Compress(new Uint8Array(70000).fill(7)).length < 400);
});

test('LZ4 decompression rejects malformed blocks', () => {
  const good = lz4Compress(utf8Encode('abcdabcdabcdabcdabcdabcd'));
  const bad = [
    [good, 23], [good, 25], // wrong size
    [Uint8Array.of(0x10, 0x61, 0x05, 0x00), 10], // offset beyond output
    [Uint8Array.of(0x10, 0x61, 0x00, 0x00), 10], // offset 0
    [Uint8Array.of(0xf0, 0xff), 300], // truncated length
    [Uint8Array.of(0x50, 0x61), 5], // literals past the end
  ];
  for (const [b, n] of bad) assert.throws(() => lz4Decompress(b, n), (e) => e instanceof DecodeError && e.code === 'badCompression');
  assert.throws(() => lz4Decompress(good, 2 ** 29), (e) => e.code === 'limitExceeded');
});

test('snapshots of JS documents round-trip and reject mutations with DecodeError only', () => {
  const d = new Document('a');
  const t = d.makeObject('text', 't');
  d.insertText('ciao a tutti 👋', 0, t);
  d.deleteText(5, 2, t);
  const l = d.makeObject('list', 'l');
  d.insert('x', 0, l);
  d.insert(2n, 1, l);
  d.move(1, 0, l);
  const snap = d.encodeSnapshot();
  const e = Document.decodeSnapshot(snap);
  assert.deepEqual(e.node(), d.node());
  assert.deepEqual(e.encodedOperations(), d.encodedOperations());
  let s = 99;
  const rnd = (n) => { s = (s * 1103515245 + 12345) % 2147483648; return s % n; };
  for (let k = 0; k < 2000; k++) {
    const b = snap.slice(0, rnd(snap.length + 1));
    for (let j = rnd(3); j > 0 && b.length; j--) b[rnd(b.length)] = rnd(256);
    try { Document.decodeSnapshot(b); } catch (err) { assert.ok(err instanceof DecodeError, String(err)); }
  }
});
