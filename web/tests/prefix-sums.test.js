// The tracker's Fenwick trees (PrefixSums, as Swift's PrefixSums.swift): sums and searches equal
// plain running sums, and a live tracker's sums stay equal to its chunks' lengths (in document
// order) while it merges, splits and rebalances, so findVisible and effectPosition find what a
// scan over every chunk finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PrefixSums } from '../crdt/text-merge.js';
import { decodeOperations, encodeOperations } from '../crdt/ops-codec.js';
import { Rng } from './scenarios.js';
import { reconnectScenario } from './reconnect.js';

test('PrefixSums: prefix and search equal running sums (zeros included), after adds and rebuilds', () => {
  const rng = new Rng(5);
  for (let round = 0; round < 40; round++) {
    const values = Array.from({ length: rng.int(40) }, () => (rng.int(3) ? rng.int(9) : 0));
    const sums = new PrefixSums(values);
    for (let step = 0; step < 30; step++) {
      if (values.length && rng.int(2)) {
        const i = rng.int(values.length), d = rng.int(7) - Math.min(3, values[i]);
        values[i] += d;
        sums.add(i, d);
      }
      let running = 0;
      for (let i = 0; i <= values.length; i++) {
        assert.equal(sums.prefix(i), running, `prefix(${i}) of ${values}`);
        if (i < values.length) running += values[i];
      }
      for (let target = 0; target <= running + 1; target++) {
        // The first index whose running sum exceeds target, with the sum before it.
        let want = null, acc = 0;
        for (let i = 0; i < values.length; i++) { if (acc + values[i] > target) { want = [i, acc]; break; } acc += values[i]; }
        assert.deepEqual(sums.search(target), want, `search(${target}) of ${values}`);
      }
    }
    if (rng.int(4) === 0) sums.rebuild(values.length, (i) => values[i]);
  }
});

/** Checks a tracker's sums against its chunks, and findVisible/effectPosition against full scans. */
function checkTracker(tr, where) {
  const chunks = tr.order.map((ci) => tr.chunks[ci]);
  let prep = 0, eff = 0;
  chunks.forEach((c, rank) => {
    assert.equal(tr.prepareSums.prefix(rank), prep, `${where}: prepare sum before rank ${rank}`);
    assert.equal(tr.effectSums.prefix(rank), eff, `${where}: effect sum before rank ${rank}`);
    assert.equal(c.prepareLength, c.items.reduce((n, it) => n + (it.state === 1 ? it.len : 0), 0), `${where}: chunk ${rank}`);
    assert.equal(c.effectLength, c.items.reduce((n, it) => n + (it.everDeleted ? 0 : it.len), 0), `${where}: chunk ${rank}`);
    assert.ok(c.items.length <= 128, `${where}: chunk ${rank} holds ${c.items.length} records`);
    prep += c.prepareLength;
    eff += c.effectLength;
  });
  assert.equal(prep, tr.prepareLength, where);
  assert.equal(eff, tr.effectLength, where);
  // Every 97th visible position (and the last): the record a scan over all records finds.
  const SLOTS = 2 ** 26;
  let pos = 0;
  chunks.forEach((c, rank) => c.items.forEach((it, slot) => {
    if (it.state !== 1) return;
    for (let k = 0; k < it.len; k++, pos++) {
      if (pos % 97 && pos !== tr.prepareLength - 1) continue;
      assert.deepEqual(tr.findVisible(pos), [rank * SLOTS + slot, k], `${where}: findVisible(${pos})`);
    }
  }));
  assert.equal(tr.findVisible(tr.prepareLength), null, where);
  let before = 0;
  chunks.forEach((c, rank) => c.items.forEach((it, slot) => {
    if (slot % 13 === 0) assert.equal(tr.effectPosition(rank * SLOTS + slot), before, `${where}: effectPosition`);
    if (!it.everDeleted) before += it.len;
  }));
}

test('a live tracker keeps its prefix sums equal to its chunks while merging a reconnect batch by batch', () => {
  const { offline, text, bytes } = reconnectScenario({ length: 6_000, editsEach: 400, offlineEdits: 40, syncEvery: 50 });
  // Deliver what the offline replica lacks in slices, so that the kept tracker grows, splits chunks and moves.
  const runs = decodeOperations(bytes);
  for (let i = 0; i < runs.length; i += 300) {
    offline.applyEncoded(encodeOperations(runs.slice(i, i + 300)));
    for (const [oi, state] of offline.live) checkTracker(state.tracker, `after ${i + 300} runs, text ${oi}`);
  }
  const tracker = offline.live.get(offline.objectIndex(text)).tracker;
  assert.ok(tracker.order.length > 8, `${tracker.order.length} chunks`);
});
