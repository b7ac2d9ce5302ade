// The counts apply() returns, as ApplyResultTests.swift pins them in Swift: every operation of a
// batch is counted once, applied, duplicate or buffered (issue 11: the known head of a partly new
// run was dropped without being counted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, Version } from '../crdt/document.js';
import { decodeOperations, encodeOperations } from '../crdt/ops-codec.js';

/** alice@0 makes a text, alice@1...9 type "abcdefghi" in one run. */
function typed() {
  const d = new Document('alice');
  const t = d.makeObject('text', 't');
  d.insertText('abcdefghi', 0, t);
  return { a: d, t };
}

const count = (runs) => runs.reduce((n, r) => n + r.len, 0);
const counts = (r) => [r.applied, r.duplicates, r.buffered];

test('a whole duplicate run', () => {
  const { a, t } = typed();
  const server = new Document('server');
  server.apply(a.operations());
  const again = a.operationsBetween(new Version({ alice: 2 }), a.version);
  assert.equal(again.length, 1);
  assert.deepEqual(counts(server.apply(again)), [0, 8, 0]);
  assert.equal(server.text(t), 'abcdefghi');
});

test('partial overlap at the start of the first run (server has alice@0...4, batch alice@2...9)', () => {
  const { a, t } = typed();
  const server = new Document('server');
  server.apply(a.operationsBetween(new Version(), new Version({ alice: 5 })));
  const batch = a.operationsBetween(new Version({ alice: 2 }), a.version);
  assert.deepEqual(batch.map((r) => [r.seq, r.len]), [[2, 8]]);
  // Through the wire encoding too, as the server receives it.
  assert.deepEqual(counts(server.apply(decodeOperations(encodeOperations(batch)))), [5, 3, 0]);
  assert.equal(server.text(t), 'abcdefghi');
});

test('overlap in a later run', () => {
  const { a, t } = typed();
  a.set('title', 'Bilancio'); // alice@10
  const server = new Document('server');
  server.apply(a.operationsBetween(new Version(), new Version({ alice: 5 })));
  const head = a.operationsBetween(new Version(), new Version({ alice: 2 }));
  const tail = a.operationsBetween(new Version({ alice: 3 }), a.version);
  assert.deepEqual(counts(server.apply(head.concat(tail))), [6, 4, 0]);
  assert.equal(server.text(t), 'abcdefghi');
  assert.ok(server.version.equals(a.version));
});

test('overlap within the batch itself', () => {
  const { a } = typed();
  const server = new Document('server');
  const first = a.operationsBetween(new Version(), new Version({ alice: 6 }));
  const second = a.operationsBetween(new Version({ alice: 3 }), a.version);
  const r = server.apply(first.concat(second));
  assert.deepEqual(counts(r), [10, 3, 0]);
  assert.equal(r.applied + r.duplicates, count(first) + count(second));
});

test('multiple authors', () => {
  const { a, t } = typed();
  const b = new Document('bob');
  b.apply(a.operationsBetween(new Version(), new Version({ alice: 1 })));
  b.insertText('123456', 0, t); // bob@0...5, concurrent
  a.apply(b.operations());
  const server = new Document('server');
  server.apply(a.operationsBetween(new Version(), new Version({ alice: 4, bob: 2 })));
  const batch = a.operationsBetween(new Version({ alice: 1, bob: 1 }), a.version);
  assert.deepEqual(batch.map((r) => r.replica).sort(), ['alice', 'bob']);
  const r = server.apply(batch);
  assert.deepEqual(counts(r), [6 + 4, 3 + 1, 0]);
  assert.equal(r.applied + r.duplicates, count(batch));
  assert.equal(server.text(t), a.text(t));
});

test('a buffered run that later overlaps counts its known head', () => {
  const { a, t } = typed();
  const server = new Document('server');
  const late = server.apply(a.operationsBetween(new Version({ alice: 6 }), a.version));
  assert.deepEqual(counts(late), [0, 0, 4]);
  assert.deepEqual(late.missing, [{ replica: 'alice', counter: 0 }]);
  assert.deepEqual(counts(server.apply(a.operationsBetween(new Version(), new Version({ alice: 8 })))), [8 + 2, 2, 0]);
  assert.equal(server.text(t), 'abcdefghi');
});
