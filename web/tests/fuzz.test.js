// Seeded convergence fuzzer: several JS replicas edit text, maps and lists concurrently over a
// network that reorders, duplicates and drops messages; after anti-entropy every replica (and a
// fresh replica given everything at once, and one given it run by run in reverse) is identical.
// TAVOLO_FUZZ_SEEDS=500 node --test web/tests/fuzz.test.js for more seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, Version } from '../crdt/document.js';
import { decodeOperations, encodeOperations } from '../crdt/ops-codec.js';
import { canonical } from './canonical.js';
import { fuzzReplicas, sync } from './scenarios.js';

function run(seed) {
  const docs = fuzzReplicas(seed);
  const n = docs.length;
  // Anti-entropy.
  for (let round = 0; round < 2; round++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sync(docs[i], docs[j]);
  const want = canonical(docs[0].node());
  for (const d of docs) {
    assert.equal(canonical(d.node()), want, `seed ${seed}, replica ${d.replica}`);
    assert.ok(d.version.equals(docs[0].version));
    assert.equal(d.pending.length, 0);
    assert.deepEqual(d.checkInvariants(), [], `seed ${seed}, replica ${d.replica}`);
  }
  const all = docs[0].encodedOperations();
  const fresh = new Document('fresh');
  fresh.applyEncoded(all);
  assert.equal(canonical(fresh.node()), want, `seed ${seed}, fresh`);
  const rev = new Document('rev');
  for (const r of decodeOperations(all).reverse()) rev.applyEncoded(encodeOperations([r]));
  assert.equal(canonical(rev.node()), want, `seed ${seed}, reversed`);
  return docs[0].operationCount;
}

test('convergence fuzzer (seeded)', () => {
  const seeds = Number(process.env.TAVOLO_FUZZ_SEEDS ?? 40);
  let ops = 0;
  for (let seed = 1; seed <= seeds; seed++) ops += run(seed);
  assert.ok(ops > seeds * 100);
});
