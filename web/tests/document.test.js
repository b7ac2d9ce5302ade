import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Document, ROOT, EditError, Version } from '../crdt/document.js';
import { encodeVersion } from '../crdt/ops-codec.js';
import { toHex } from '../crdt/bytes.js';

/** The same edits as EncodingTests.sample() in Swift. */
function sample() {
  const d = new Document('alice');
  const agenda = d.makeObject('list', 'agenda');
  const minutes = d.makeObject('text', 'minutes');
  d.insertText('Verbale: café 👩‍👩‍👧', 0, minutes);
  d.deleteText(3, 2, minutes);
  d.deleteText(2, 1, minutes);
  d.insert('Bilancio', 0, agenda);
  d.insert(-42n, 1, agenda);
  const item = d.makeObject('map', 2, agenda);
  d.set('ok', true, item);
  d.set('no', false, item);
  d.set('nothing', null, item);
  d.set('pi', 3.25, item);
  d.move(2, 0, agenda);
  d.remove(1, agenda);
  d.removeValue('no', item);
  const b = new Document('bob');
  b.apply(d.operations());
  b.insertText('[bob]', 0, minutes);
  d.apply(b.operations(d.version));
  return { d, agenda, minutes, item };
}

const fixtures = new URL('../../Tests/TavoloCRDTTests/Fixtures/', import.meta.url);

test('local edits produce the exact bytes of the Swift golden fixture', () => {
  const { d, minutes, agenda } = sample();
  const golden = new Uint8Array(readFileSync(new URL('sample-operations-v1.bin', fixtures)));
  assert.equal(toHex(d.encodedOperations()), toHex(golden));
  const gv = new Uint8Array(readFileSync(new URL('sample-version-v1.bin', fixtures)));
  assert.equal(toHex(encodeVersion(d.version)), toHex(gv));
  assert.equal(d.text(minutes), '[bob]Vele: café 👩‍👩‍👧');
  assert.equal(d.values(agenda).length, 2);
});

test('golden operations apply to a fresh replica with the same content', () => {
  const { d } = sample();
  const golden = new Uint8Array(readFileSync(new URL('sample-operations-v1.bin', fixtures)));
  const fresh = new Document('x');
  const r = fresh.applyEncoded(golden);
  assert.equal(r.buffered, 0);
  assert.deepEqual(fresh.node(), d.node());
  assert.equal(toHex(fresh.encodedOperations()), toHex(golden));
});

test('text edits, runs and errors', () => {
  const d = new Document('me');
  const t = d.makeObject('text', 't');
  d.insertText('héllo', 0, t);
  d.insertText(' 👋', 5, t);
  assert.equal(d.text(t), 'héllo 👋');
  assert.equal(d.textLength(t), 7);
  d.deleteText(6, 1, t);
  d.deleteText(5, 1, t); // backspace run
  d.spliceText(0, 1, 'H', t);
  assert.equal(d.text(t), 'Héllo');
  assert.throws(() => d.insertText('x', 99, t), (e) => e instanceof EditError && e.code === 'indexOutOfRange');
  assert.throws(() => d.set('k', 1, t), (e) => e.code === 'wrongKind');
  assert.throws(() => d.insertText('x', 0, { replica: 'nobody', counter: 0 }), (e) => e.code === 'noSuchObject');
  assert.deepEqual(d.insertText('', 0, t), { first: null, count: 0 });
  // UTF-16 edge helpers
  d.insertTextUTF16('😀', 1, t);
  d.insertTextUTF16('!', 3, t); // after the emoji (2 UTF-16 units)
  assert.equal(d.text(t), 'H😀!éllo');
  d.deleteTextUTF16(1, 2, t);
  assert.equal(d.text(t), 'H!éllo');
  // runs: insert run + one delete run (forward, then backward)
  const ops = d.operations();
  assert.ok(ops.length < 12);
});

test('maps: values, delete, nested objects, LWW by (lamport, replica)', () => {
  const a = new Document('zoe'), b = new Document('ümit');
  a.set('title', 'A');
  b.set('title', 'B');
  a.apply(b.operations()); b.apply(a.operations());
  assert.equal(a.value('title'), 'B'); // equal lamport: bytewise-greater replica wins
  assert.equal(b.value('title'), 'B');
  a.removeValue('title');
  b.apply(a.operations(b.version));
  assert.equal(b.value('title'), undefined);
  const m = a.makeObject('map', 'm');
  a.set('n', 5n, m);
  a.set('x', 1.5, m);
  assert.deepEqual(a.node(), { map: { m: { map: { n: { value: 5n }, x: { value: 1.5 } } } } });
  assert.deepEqual(a.keys(), ['m']);
  assert.throws(() => a.set('k', 1n << 64n), TypeError);
});

test('lists: insert, move, remove, elementIDs', () => {
  const d = new Document('me');
  const l = d.makeObject('list', 'l');
  for (const [i, s] of ['A', 'B', 'C', 'D'].entries()) d.insert(s, i, l);
  d.move(0, 3, l);
  assert.deepEqual(d.values(l), ['B', 'C', 'D', 'A']);
  d.move(3, 1, l);
  assert.deepEqual(d.values(l), ['B', 'A', 'C', 'D']);
  d.remove(2, l);
  assert.deepEqual(d.values(l), ['B', 'A', 'D']);
  const ids = d.elementIDs(l);
  assert.equal(ids.length, 3);
  const copy = new Document('other');
  copy.applyEncoded(d.encodedOperations());
  assert.deepEqual(copy.values(l), ['B', 'A', 'D']);
});

test('delivery: out of order, duplicates, buffering, missing', () => {
  const a = new Document('a');
  const t = a.makeObject('text', 't');
  a.insertText('abc', 0, t);
  const v1 = a.version;
  a.deleteText(1, 1, t);
  a.insertText('Z', 0, t);
  const all = a.operations();
  const later = a.operations(v1);
  const b = new Document('b');
  let r = b.apply(later);
  assert.equal(r.applied, 0);
  assert.ok(r.buffered > 0);
  assert.deepEqual(r.missing, [{ replica: 'a', counter: 0 }]);
  assert.deepEqual(b.missingDependencies(later), [{ replica: 'a', counter: 0 }, { replica: 'a', counter: 3 }]);
  r = b.apply(all);
  assert.equal(b.text(t), 'Zac');
  assert.equal(r.buffered, 0);
  r = b.apply(all);
  assert.equal(r.applied, 0);
  assert.equal(r.duplicates, a.operationCount);
  assert.ok(b.version.equals(a.version));
  assert.ok(b.version.includes(v1) && !v1.includes(b.version));
  // operations between versions
  assert.equal(a.operationsBetween(new Version(), v1).reduce((s, x) => s + x.len, 0), 4);
});

test('the worked merge of docs/crdt.md §3.5', () => {
  const alice = new Document('alice');
  const t = alice.makeObject('text', 't');
  alice.insertText('ab', 0, t);
  const bob = new Document('bob');
  bob.apply(alice.operations());
  const base = alice.version;
  alice.insertText('X', 1, t);
  bob.deleteText(0, 1, t);
  bob.insertText('Y', 1, t);
  alice.apply(bob.operations(base));
  bob.apply(alice.operations(base));
  assert.equal(alice.text(t), 'XbY');
  assert.equal(bob.text(t), 'XbY');
});

test('non-interleaving of concurrent typing at one place (forward and backward)', () => {
  for (const backward of [false, true]) {
    const a = new Document('a');
    const t = a.makeObject('text', 't');
    a.insertText('[]', 0, t);
    const b = new Document('b');
    b.apply(a.operations());
    const base = a.version;
    const type = (d, word) => {
      if (backward) for (const ch of [...word].reverse()) d.insertText(ch, 1, t);
      else [...word].forEach((ch, i) => d.insertText(ch, 1 + i, t));
    };
    type(a, 'budget');
    type(b, 'venue');
    a.apply(b.operations(base));
    b.apply(a.operations(base));
    assert.equal(a.text(t), b.text(t));
    assert.ok(['[budgetvenue]', '[venuebudget]'].includes(a.text(t)), a.text(t));
  }
});

test('map keys are identified up to canonical equivalence, as Swift String keys are', () => {
  const d = new Document('a');
  d.set('caf\u00e9', 1n);
  d.set('cafe\u0301', 2n);
  assert.deepEqual(d.keys(), ['caf\u00e9']);
  assert.equal(d.value('cafe\u0301'), 2n);
  assert.equal(d.value('caf\u00e9'), 2n);
});

test('versions may be given as plain objects', () => {
  const d = new Document('a');
  const t = d.makeObject('text', 't');
  d.insertText('abc', 0, t);
  assert.equal(d.operations({ a: 1 }).length, 1);
  assert.deepEqual(d.encodedOperations(new Map([['a', 1]])), d.encodedOperations(new Version({ a: 1 })));
  assert.equal(d.textAt(t, { a: 3 }), 'ab');
  assert.deepEqual(d.version.toJSON(), { a: 4 });
});

test('lone surrogates are replaced by U+FFFD locally too, so the replica matches what peers decode', () => {
  const d = new Document('a');
  d.set('k\ud800', 'v\udc00');
  const l = d.makeObject('list', 'l');
  d.insert('x\ud83d', 0, l);
  const t = d.makeObject('text', 't');
  d.insertText('\ud800!', 0, t);
  const e = new Document('b');
  e.applyEncoded(d.encodedOperations());
  assert.deepEqual(e.node(), d.node());
  assert.equal(d.value('k\ufffd'), 'v\ufffd');
  assert.equal(d.text(t), '\ufffd!');
  assert.throws(() => new Document('bad\ud800'), RangeError);
});
