// Issue 15's reconnect, for correctness (bench/crdt/js-reconnect.mjs times it): a browser offline
// while five others typed merges everything on reconnect to exactly what a fresh merge gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../crdt/document.js';
import { canonical } from './canonical.js';
import { reconnectScenario } from './reconnect.js';

test('reconnect after ten minutes offline: a 100,000-character text merges to the from-scratch result', () => {
  const { offline, others, text, bytes } = reconnectScenario();
  const r = offline.applyEncoded(bytes);
  assert.equal(r.buffered, 0);
  assert.deepEqual(r.refused, []);
  assert.ok(r.applied >= 15_000, `${r.applied} operations`);
  assert.ok(offline.textLength(text) > 100_000);
  // The same history merged by a fresh replica in one go, and by the others once they get the offline edits.
  const fresh = new Document('fresh');
  fresh.applyEncoded(offline.encodedOperations());
  assert.equal(fresh.text(text), offline.text(text));
  others[0].applyEncoded(offline.encodedOperations(others[0].version));
  assert.equal(others[0].text(text), offline.text(text));
  assert.equal(canonical(others[0].node()), canonical(offline.node()));
  assert.deepEqual(offline.checkInvariants(), []);
});
