// Operations whose target is missing or of the wrong kind (docs/crdt.md §5): kept as no-ops, and
// re-sent with their own id as target, byte for byte as Swift does (DeliveryTests.swift,
// noOpRunsRelayAsNoOps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../crdt/document.js';
import { decodeOperations, encodeOperations, makeRun } from '../crdt/ops-codec.js';
import { toHex } from '../crdt/bytes.js';
import { OpKind } from '../crdt/ids.js';

/** alice makes text t and types "ok"; the insert is pointed at nobody@7, and a map set at t. */
function malformed() {
  const a = new Document('alice');
  const t = a.makeObject('text', 't');
  a.insertText('ok', 0, t);
  const runs = a.operations();
  runs[1] = { ...runs[1], target: { replica: 'nobody', counter: 7 } };
  runs.push(makeRun({ replica: 'alice', seq: 3, len: 1, parents: [{ replica: 'alice', counter: 2 }],
    kind: OpKind.mapSet, target: t, key: 'k', value: 1n }));
  return { t, bytes: encodeOperations(runs) };
}

/** What Swift relays for the same batch (DeliveryTests.swift, noOpRunsRelayAsNoOps). */
const RELAYED_HEX = '54564f010105616c696365030000010002000174060200010201000000010100026f6b000301010002020103016b0302';

test('no-op runs apply as no-ops and are relayed with their own id as target', () => {
  const { t, bytes } = malformed();
  const b = new Document('bob');
  const r = b.apply(decodeOperations(bytes));
  assert.deepEqual([r.applied, r.duplicates, r.buffered], [4, 0, 0]);
  assert.equal(b.text(t), '');
  const relayed = b.encodedOperations();
  const runs = decodeOperations(relayed);
  assert.deepEqual(runs[1].target, { replica: 'alice', counter: 1 });
  assert.deepEqual(runs[2].target, { replica: 'alice', counter: 3 });
  assert.equal(toHex(relayed), RELAYED_HEX);
  // A third replica keeps them as no-ops too, and a reloaded snapshot relays the same bytes.
  const c = new Document('carol');
  c.apply(runs);
  assert.equal(c.text(t), '');
  assert.equal(toHex(c.encodedOperations()), RELAYED_HEX);
  assert.equal(toHex(Document.decodeSnapshot(b.encodeSnapshot()).encodedOperations()), RELAYED_HEX);
});
