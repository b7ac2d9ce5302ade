// The committed JS -> Swift vectors still match what the JS replica produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scenarios, record, fuzzScenario, FUZZ_VECTOR_SEEDS } from './scenarios.js';

test('vectors/from-js match the JS replica (node web/tests/write-vectors.mjs rewrites them)', () => {
  for (const s of scenarios()) {
    const committed = JSON.parse(readFileSync(new URL(`./vectors/from-js/${s.name}.json`, import.meta.url), 'utf8'));
    assert.deepEqual(record(s), committed, s.name);
  }
  for (const seed of FUZZ_VECTOR_SEEDS) {
    const s = fuzzScenario(seed);
    const committed = JSON.parse(readFileSync(new URL(`./vectors/from-js/fuzz/${s.name}.json`, import.meta.url), 'utf8'));
    assert.deepEqual(record(s), committed, s.name);
  }
});

test('JS scenarios: non-interleaving and the worked merge', () => {
  const byName = Object.fromEntries(scenarios().map((s) => [s.name, record(s)]));
  const same = byName['js-concurrent-same-position'].node;
  assert.ok(same.includes('budget') && same.includes('venue') && same.includes('XYZ'), same);
  assert.ok(byName['js-deletes'].node.includes('T"XbY"'), byName['js-deletes'].node);
});

test('every scenario reaches the same content in any delivery order, out-of-range operations included (also in Swift)', () => {
  for (const s of scenarios()) {
    const r = record(s);
    assert.equal(r.nodeReversed, r.node, s.name);
    if (r.inputs) {
      assert.equal(r.inputNode, r.node, `${s.name}: batches in order`);
      assert.equal(r.inputNodeReversed, r.node, `${s.name}: batches reversed`);
    }
  }
});

test('out-of-range operations do nothing and are reported, the same whatever the order', () => {
  const r = record(scenarios().find((s) => s.name === 'js-malformed-positions'));
  const refusedIn = (results) => results.flatMap((x) => x[4]).sort();
  // As Swift reports them: each run by its first operation outside the text, once per run
  // (h3's and h10's third backspaces, at position -1, included), whether merged through the
  // tracker (h1-h9 in order, all when reversed) or straight (h10, h11 in order).
  const want = ['h10@2', 'h11@1', 'h1@0', 'h2@1', 'h3@2', 'h4@0', 'h5@0', 'h8@2', 'h9@0'];
  assert.deepEqual(refusedIn(r.inputResults), want);
  assert.deepEqual(refusedIn(r.inputResultsReversed), want);
  // Nothing waits: the runs took their place in the history, so later runs of h1 and h5 apply.
  // (Reversed, the last batch comes first and waits for the history it was made on.)
  for (const x of r.inputResults.concat(r.inputResultsReversed.slice(1))) assert.equal(x[2], 0);
  // a, b, c deleted by h2 and h3, 'xy' (h6) by h8; h1's and h5's later inserts at 0 ("zwQ😀!");
  // then h10 deletes w and z, h11 the '!'.
  assert.equal(r.node, '{"t":T"Q\\ud83d\\ude00"}');
});
