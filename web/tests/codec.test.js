import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ByteReader, ByteWriter, DecodeError, fromHex, toHex, utf8Decode, stringToScalars, scalarsToString,
  utf16ToScalarIndex, scalarToUTF16Index, utf8Less } from '../crdt/bytes.js';
import { decodeOperations, encodeOperations, encodeVersion, decodeVersion, readValue, writeValue } from '../crdt/ops-codec.js';
import { ObjectRef, Version } from '../crdt/ids.js';

test('varints and zigzag as in docs/crdt.md §6', () => {
  const w = new ByteWriter();
  w.varint(0); w.varint(127); w.varint(128); w.varint(300); w.varint(2 ** 40); w.varint((1n << 63n) - 1n);
  w.zigzag(0); w.zigzag(-1); w.zigzag(1); w.zigzag(-(1n << 63n)); w.zigzag((1n << 63n) - 1n);
  const b = w.bytes();
  assert.equal(toHex(b.subarray(0, 6)), '007f8001ac02');
  const r = new ByteReader(b);
  assert.deepEqual([r.varint(), r.varint(), r.varint(), r.varint(), r.varint()], [0, 127, 128, 300, 2 ** 40]);
  assert.equal(r.bigVarint(), (1n << 63n) - 1n);
  assert.deepEqual([r.zigzag(), r.zigzag(), r.zigzag(), r.zigzag(), r.zigzag()], [0n, -1n, 1n, -(1n << 63n), (1n << 63n) - 1n]);
  assert.equal(r.remaining, 0);
  assert.throws(() => new ByteReader(fromHex('ffffffffffffffffff7f')).varint(), (e) => e.code === 'varintOverflow');
  assert.throws(() => new ByteReader(fromHex('80')).varint(), (e) => e.code === 'truncated');
});

test('strict UTF-8 and scalar/UTF-16 positions (§3.1)', () => {
  assert.throws(() => utf8Decode(fromHex('c0af')), (e) => e.code === 'invalidText'); // overlong
  assert.throws(() => utf8Decode(fromHex('eda080')), (e) => e.code === 'invalidText'); // surrogate
  assert.throws(() => utf8Decode(fromHex('f4900000')), (e) => e.code === 'invalidText'); // > U+10FFFF
  const family = '👩‍👩‍👧';
  assert.equal(stringToScalars(family).length, 5);
  assert.equal(stringToScalars('e\u0301').length, 2);
  assert.deepEqual(stringToScalars('a\ud800b'), [0x61, 0xfffd, 0x62]);
  const s = 'a👍🏽é';
  assert.equal(utf16ToScalarIndex(s, 0), 0);
  assert.equal(utf16ToScalarIndex(s, 3), 2);
  assert.equal(utf16ToScalarIndex(s, s.length), 4);
  assert.equal(scalarToUTF16Index(s, 2), 3);
  assert.equal(scalarToUTF16Index(s, 4), s.length);
  assert.equal(scalarsToString(stringToScalars(s)), s);
  assert.ok(utf8Less('zoe', 'ümit'));
  assert.ok(utf8Less('\uffff', '😀')); // UTF-16 would order these the other way
  assert.ok(utf8Less('a', 'ab'));
});

test('values §6.1', () => {
  const vals = [null, false, true, -42n, 3.25, 'café', new ObjectRef('text', null), -0, (1n << 63n) - 1n];
  const w = new ByteWriter();
  for (const v of vals) writeValue(w, v);
  const r = new ByteReader(w.bytes());
  for (const v of vals) {
    const got = readValue(r);
    if (v instanceof ObjectRef) assert.equal(got.kind, 'text');
    else assert.ok(Object.is(got, v), `${got} vs ${v}`);
  }
  assert.throws(() => readValue(new ByteReader(Uint8Array.of(7))), (e) => e.code === 'invalidTag');
});

test('the example batch of docs/crdt.md §6.2 decodes and re-encodes', () => {
  const hex = '54564f010105616c696365020000010002000174060200010201000000010000026869';
  const runs = decodeOperations(fromHex(hex));
  assert.equal(runs.length, 2);
  assert.equal(runs[0].key, 't');
  assert.deepEqual(runs[0].value.id, { replica: 'alice', counter: 0 });
  assert.deepEqual(runs[1].content, [0x68, 0x69]);
  assert.equal(toHex(encodeOperations(runs)), hex);
});

test('golden Swift fixtures (Tests/TavoloCRDTTests/Fixtures) round-trip', () => {
  const base = new URL('../../Tests/TavoloCRDTTests/Fixtures/', import.meta.url);
  const ops = new Uint8Array(readFileSync(new URL('sample-operations-v1.bin', base)));
  assert.deepEqual(encodeOperations(decodeOperations(ops)), ops);
  const ver = new Uint8Array(readFileSync(new URL('sample-version-v1.bin', base)));
  assert.deepEqual(encodeVersion(decodeVersion(ver)), ver);
});

test('versions §6.3', () => {
  const v = new Version({ zoe: 3, alice: 2, 'ümit': 1, none: 0 });
  const b = encodeVersion(v);
  assert.equal(toHex(b.subarray(0, 5)), '5456560103');
  assert.ok(decodeVersion(b).equals(v));
  assert.deepEqual(decodeVersion(b).sorted().map((e) => e[0]), ['alice', 'zoe', 'ümit']);
  assert.throws(() => decodeVersion(Uint8Array.of(0x54, 0x56, 0x56, 2, 0)), (e) => e.code === 'unsupportedVersion');
  assert.throws(() => decodeVersion(Uint8Array.of(0x54, 0x56, 0x58, 1, 0)), (e) => e.code === 'badMagic');
  assert.throws(() => decodeVersion(Uint8Array.of(0x54, 0x56, 0x56, 1, 0, 0)), (e) => e.code === 'trailingBytes');
});

test('decoder never throws anything but DecodeError on mutated input', () => {
  const hex = '54564f010105616c696365020000010002000174060200010201000000010000026869';
  const good = fromHex(hex);
  let seed = 12345;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let k = 0; k < 3000; k++) {
    const b = good.slice(0, rnd(good.length + 1));
    const m = rnd(4);
    for (let j = 0; j < m && b.length; j++) b[rnd(b.length)] = rnd(256);
    try { decodeOperations(b); } catch (e) { assert.ok(e instanceof DecodeError, String(e)); }
  }
});
