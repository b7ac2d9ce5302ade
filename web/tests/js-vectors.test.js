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

test('well-formed histories give the same content in any delivery order; malformed positions do not (also in Swift)', () => {
  for (const s of scenarios()) {
    const r = record(s);
    if (s.name === 'js-malformed-positions') assert.notEqual(r.nodeReversed, r.node);
    else assert.equal(r.nodeReversed, r.node, s.name);
  }
});
