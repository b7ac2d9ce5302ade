// Issue 15's merge tests for the JS replica: (1) a long-lived replica merging what arrives batch
// by batch (its live tracker kept between merges) equals a from-scratch merge after every batch;
// (2) hostile out-of-range operations mixed into a convergence fuzzer do nothing, are reported
// (ApplyResult.refused) identically by every honest replica, and the replicas converge. TAVOLO_FUZZ_SEEDS=500 for more seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../crdt/document.js';
import { decodeOperations, encodeOperations, makeRun } from '../crdt/ops-codec.js';
import { OpKind, idString } from '../crdt/ids.js';
import { TextBuffer, mergeText } from '../crdt/text-merge.js';
import { canonical } from './canonical.js';
import { Rng, antiEntropy, fuzzReplicas, sync } from './scenarios.js';

const SEEDS = Number(process.env.TAVOLO_FUZZ_SEEDS ?? 12);

/** Every text of `d` as the batch merge from the empty version gives it. */
function fromScratch(d) {
  const out = [];
  d.objects.forEach((o, oi) => {
    if (o.kind !== 'text') return;
    const b = new TextBuffer();
    mergeText(d.graph, d.log, oi, [], d.graph.frontier.slice(), b);
    out.push(b.string());
  });
  return out;
}
const texts = (d) => d.objects.filter((o) => o.kind === 'text').map((o) => o.state.string());

test('incremental merges (batch by batch, any order) equal a from-scratch merge at every step', () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const docs = fuzzReplicas(seed, 200);
    antiEntropy(docs);
    const runs = decodeOperations(docs[0].encodedOperations());
    const rng = new Rng(seed * 31);
    // Seeded shuffle, delivered in batches of 1-4 runs (some buffer until their parents come).
    for (let i = runs.length - 1; i > 0; i--) { const j = rng.int(i + 1); [runs[i], runs[j]] = [runs[j], runs[i]]; }
    const live = new Document('live');
    for (let i = 0; i < runs.length;) {
      const k = 1 + rng.int(4);
      live.applyEncoded(encodeOperations(runs.slice(i, i + k)));
      i += k;
      assert.deepEqual(texts(live), fromScratch(live), `seed ${seed}, after ${i} runs: live merge differs from the batch merge`);
      const fresh = new Document('fresh');
      fresh.applyEncoded(live.encodedOperations());
      assert.deepEqual(texts(fresh), texts(live), `seed ${seed}, after ${i} runs: a fresh replica differs`);
    }
    assert.equal(canonical(live.node()), canonical(docs[0].node()), `seed ${seed}`);
  }
});

/** A random text run from a hostile replica: on some replica's version, often outside the text. */
function hostileRun(rng, d, name, objects) {
  const g = d.graph;
  const obj = objects[rng.int(objects.length)];
  const len = d.textLength(obj);
  const old = rng.int(3) === 0 && g.count > 0;
  const parents = old ? [g.id(rng.int(g.count))] : g.frontier.map((lv) => g.id(lv));
  const n = 1 + rng.int(5);
  switch (rng.int(3)) {
    case 0: return makeRun({ replica: name, seq: 0, len: n, parents, kind: OpKind.insertText, target: obj, pos: rng.int(len + 4), content: Array.from({ length: n }, () => 0x41 + rng.int(26)) });
    case 1: return makeRun({ replica: name, seq: 0, len: n, parents, kind: OpKind.deleteText, target: obj, pos: rng.int(len + 3), forward: true });
    default: return makeRun({ replica: name, seq: 0, len: n, parents, kind: OpKind.deleteText, target: obj, pos: rng.int(len + 3), forward: false });
  }
}

/**
 * One seed of the hostile fuzzer: four honest replicas edit two texts over a reordering network
 * while hostile runs (each its own replica h<n>, often outside the text at its parents) are
 * delivered to every replica. Checks convergence; returns what each replica reported.
 */
function hostileFuzz(seed) {
  const rng = new Rng(seed * 7 + 3);
  const names = ['a', 'b', 'ümit', 'Zed'];
  const docs = names.map((x) => new Document(x));
  const t = docs[0].makeObject('text', 't'), t2 = docs[0].makeObject('text', 't2');
  for (let i = 1; i < docs.length; i++) sync(docs[i], docs[0]);
  const refused = docs.map(() => new Set());
  const net = []; // {to, bytes}
  const deliver = (i, bytes) => { for (const id of docs[i].applyEncoded(bytes).refused) refused[i].add(idString(id)); };
  let hostile = 0;
  const belowZero = new Set();
  for (let step = 0; step < 300; step++) {
    const i = rng.int(docs.length), d = docs[i];
    const obj = rng.int(3) ? t : t2;
    switch (rng.int(8)) {
      case 0: case 1: case 2: d.insertText(['x', 'yz', 'é', '👍🏽'][rng.int(4)], rng.int(d.textLength(obj) + 1), obj); break;
      case 3: { const n = d.textLength(obj); if (n) { const p = rng.int(n); d.deleteText(p, 1 + rng.int(Math.min(4, n - p)), obj); } break; }
      case 4: {
        // A hostile batch, sent to every replica (in random order, with everything else).
        const run = hostileRun(rng, d, `h${hostile++}`, [t, t2]);
        if (run.kind === OpKind.deleteText && !run.forward && run.pos - run.len + 1 < 0) belowZero.add(run.replica);
        const bytes = encodeOperations([run]);
        for (let j = 0; j < docs.length; j++) net.push({ to: j, bytes });
        break;
      }
      case 5: { const bytes = d.encodedOperations(); for (let j = 0; j < docs.length; j++) if (j !== i && rng.int(3)) net.push({ to: j, bytes }); break; }
      default: if (net.length) { const k = rng.int(net.length); const m = net[k]; net.splice(k, 1); deliver(m.to, m.bytes); }
    }
  }
  for (const m of net) deliver(m.to, m.bytes);
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < docs.length; i++) for (let j = 0; j < docs.length; j++) if (i !== j) deliver(i, docs[j].encodedOperations(docs[i].version));
  }
  const want = canonical(docs[0].node());
  docs.forEach((d, i) => {
    assert.equal(canonical(d.node()), want, `seed ${seed}, replica ${d.replica}`);
    assert.ok(d.version.equals(docs[0].version), `seed ${seed}, replica ${d.replica}: version`);
    assert.equal(d.pending.length, 0, `seed ${seed}, replica ${d.replica}: buffered`);
    assert.deepEqual(d.checkInvariants(), [], `seed ${seed}, replica ${d.replica}`);
  });
  // A fresh replica given the merged history (hostile runs included, as no-ops) reaches the
  // same content and reports the same operations.
  const fresh = new Document('fresh');
  const r = fresh.applyEncoded(docs[0].encodedOperations());
  assert.equal(canonical(fresh.node()), want);
  refused.push(new Set(r.refused.map(idString)));
  return { refused: refused.map((s) => [...s].sort()), hostile, belowZero };
}

const runsOf = (ids, skip) => [...new Set(ids.map((x) => x.slice(0, x.lastIndexOf('@'))))].filter((r) => !skip.has(r)).sort();

test('hostile operations in the convergence fuzzer: no-ops, the same runs reported by every replica, honest replicas converge', () => {
  let reported = 0, hostile = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const f = hostileFuzz(seed);
    // Every replica (and a fresh one given the merged history) reports the same hostile runs.
    // Known difference, inherited from Swift: a backward delete reaching below 0 is reported
    // when applied straight (DirectText) but not through the tracker, which skips those ops.
    const want = runsOf(f.refused[0], f.belowZero);
    f.refused.forEach((ids, i) => assert.deepEqual(runsOf(ids, f.belowZero), want, `seed ${seed}, replica ${i}`));
    reported += want.length;
    hostile += f.hostile;
  }
  // The fuzzer does produce out-of-range runs (and in-range hostile runs too).
  assert.ok(reported > SEEDS && reported < hostile, `${reported} of ${hostile} hostile runs reported`);
});

// The same operation ids everywhere: fails today because Swift's two paths disagree (DirectText
// reports a run's first operation, the tracker the first one outside; backward deletes below 0
// are reported only by DirectText). JS follows Swift; the lead decides which path changes.
test('hostile operations: the same operation ids reported everywhere', { todo: 'Swift DirectText and Tracker report out-of-range runs differently' }, () => {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const f = hostileFuzz(seed);
    f.refused.forEach((ids, i) => assert.deepEqual(ids, f.refused[0], `seed ${seed}, replica ${i}`));
  }
});
