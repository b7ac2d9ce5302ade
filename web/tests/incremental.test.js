// Issue 15's merge tests for the JS replica: (1) a long-lived replica merging what arrives batch
// by batch (its live tracker kept between merges) equals a from-scratch merge after every batch;
// (2) hostile out-of-range operations mixed into a convergence fuzzer do nothing, are reported
// (ApplyResult.refused) by the same operation ids on every replica, those the rule of §5 names
// (a run's first operation outside the text), and the replicas converge. TAVOLO_FUZZ_SEEDS=500 for more seeds.
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
 * The rule of §5, operation by operation, without a merge: the offset of the first operation of
 * `run` outside a text of `length` characters (its length at the run's parents), or null. An insert
 * run is all or nothing; a delete's op j is at pos (forward) or pos - j (backward) in a text one
 * shorter per op done; outside means past the end or below 0.
 */
function firstOutside(run, length) {
  if (run.kind === OpKind.insertText) return run.pos > length ? 0 : null;
  let cur = length;
  for (let j = 0; j < run.len; j++) {
    const p = run.forward ? run.pos : run.pos - j;
    if (p < 0 || p >= cur) return j;
    cur--;
  }
  return null;
}

/**
 * One seed of the hostile fuzzer: four honest replicas edit two texts over a reordering network
 * while hostile runs (each its own replica h<n>, often outside the text at its parents) are
 * delivered to every replica. Checks convergence; returns what each replica reported and what
 * the rule says should be reported (`expected`, from the text length at each run's parents).
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
  const runs = [];
  for (let step = 0; step < 300; step++) {
    const i = rng.int(docs.length), d = docs[i];
    const obj = rng.int(3) ? t : t2;
    switch (rng.int(8)) {
      case 0: case 1: case 2: d.insertText(['x', 'yz', 'é', '👍🏽'][rng.int(4)], rng.int(d.textLength(obj) + 1), obj); break;
      case 3: { const n = d.textLength(obj); if (n) { const p = rng.int(n); d.deleteText(p, 1 + rng.int(Math.min(4, n - p)), obj); } break; }
      case 4: {
        // A hostile batch, sent to every replica (in random order, with everything else).
        const run = hostileRun(rng, d, `h${hostile++}`, [t, t2]);
        runs.push(run);
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
  // What the rule reports, from each run's text length at its parents (replayed from the history).
  const g = docs[0].graph;
  const expected = [];
  let belowZero = 0;
  for (const run of runs) {
    const oi = docs[0].objectIndex(run.target);
    const atParents = new TextBuffer();
    mergeText(g, docs[0].log, oi, [], run.parents.map((p) => g.lv(p)), atParents);
    const length = atParents.count;
    const k = firstOutside(run, length);
    if (k === null) continue;
    expected.push(`${run.replica}@${k}`);
    if (run.kind === OpKind.deleteText && !run.forward && run.pos - k < 0) belowZero++;
  }
  return { refused: refused.map((s) => [...s].sort()), expected: expected.sort(), hostile, belowZero };
}

test('hostile operations in the convergence fuzzer: no-ops, honest replicas converge, every replica reports each out-of-range run by its first operation outside the text', () => {
  let reported = 0, hostile = 0, belowZero = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const f = hostileFuzz(seed);
    // The same operation ids on every replica (straight, through the live tracker, or from a
    // fresh replica given the whole history), and the ones the rule names.
    f.refused.forEach((ids, i) => assert.deepEqual(ids, f.expected, `seed ${seed}, replica ${i}`));
    reported += f.expected.length;
    hostile += f.hostile;
    belowZero += f.belowZero;
  }
  // The fuzzer does produce out-of-range runs (in-range hostile runs too), backspaces below 0 among them.
  assert.ok(reported > SEEDS && reported < hostile, `${reported} of ${hostile} hostile runs reported`);
  assert.ok(belowZero > 0, 'no backward delete went below 0');
});

/** A replica with text "abc" and, when `concurrent`, a local edit the hostile run does not know. */
function abc(concurrent) {
  const a = new Document('alice');
  const t = a.makeObject('text', 't');
  a.insertText('abc', 0, t);
  const base = a.graph.id(a.graph.count - 1);
  if (concurrent) a.insertText('Z', 3, t);
  return { a, t, base };
}

test('a backspace run going below 0 is reported by its first operation below 0, straight and through the tracker alike', () => {
  // On "abc": backspaces from 1 delete b and a, the third (at -1) is the first outside: h@2.
  // From 5: ops at 5, 4, 3 lie past the end, those at 2 and 1 delete c and b; reported once, by h@0.
  // Forward from 2, 3 long: c deleted, the second is outside: h@1. Insert at 4: h@0.
  const cases = [
    [{ pos: 1, len: 4, forward: false }, 'h@2', 'c'],
    [{ pos: 5, len: 5, forward: false }, 'h@0', 'a'],
    [{ pos: 2, len: 3, forward: true }, 'h@1', 'ab'],
    [{ pos: 0, len: 1, forward: false }, null, 'bc'],
  ];
  for (const [spec, want, left] of cases) {
    for (const concurrent of [false, true]) {
      const { a, t, base } = abc(concurrent);
      const run = makeRun({ replica: 'h', seq: 0, len: spec.len, parents: [base], kind: OpKind.deleteText, target: t, pos: spec.pos, forward: spec.forward });
      const r = a.apply([run]);
      assert.deepEqual(r.refused.map(idString), want ? [want] : [], `${JSON.stringify(spec)}, concurrent ${concurrent}`);
      assert.equal(a.text(t), concurrent ? `${left}Z` : left, `${JSON.stringify(spec)}, concurrent ${concurrent}`);
    }
  }
  for (const concurrent of [false, true]) {
    const { a, t, base } = abc(concurrent);
    const run = makeRun({ replica: 'h', seq: 0, len: 2, parents: [base], kind: OpKind.insertText, target: t, pos: 4, content: [0x78, 0x79] });
    assert.deepEqual(a.apply([run]).refused.map(idString), ['h@0'], `insert, concurrent ${concurrent}`);
  }
});
