// Vectors written by Tests/TavoloCRDTTests/CrossImplementationVectorTests.swift (TAVOLO_WRITE_VECTORS=1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Document } from '../crdt/document.js';
import { decodeOperations, encodeOperations, decodeVersion, encodeVersion } from '../crdt/ops-codec.js';
import { fromHex, toHex } from '../crdt/bytes.js';
import { canonical } from './canonical.js';

const dir = new URL('./vectors/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('swift-vectors.json', dir), 'utf8'));

function shuffle(arr, seed) {
  const a = arr.slice();
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

for (const v of vectors) {
  test(`swift vector ${v.name}: decode, re-encode byte-for-byte, apply`, () => {
    const ops = fromHex(v.ops);
    const bin = new Uint8Array(readFileSync(new URL(`swift/${v.name}.ops.bin`, dir)));
    assert.equal(toHex(bin), v.ops);
    const runs = decodeOperations(ops);
    assert.equal(toHex(encodeOperations(runs)), v.ops);
    const d = new Document('js-check');
    const r = d.applyEncoded(ops);
    assert.equal(r.buffered, 0);
    assert.equal(r.applied, v.operationCount);
    assert.equal(canonical(d.node()), v.node);
    assert.equal(toHex(encodeVersion(d.version)), v.version);
    assert.equal(toHex(d.encodedOperations()), v.ops);
    assert.equal(toHex(d.encodedOperations(decodeVersion(fromHex(v.since)))), v.opsSince);
  });

  test(`swift vector ${v.name}: any delivery order converges`, () => {
    const runs = decodeOperations(fromHex(v.ops));
    // One run at a time, newest first: everything buffers until the first arrives.
    const rev = new Document('js-rev');
    for (const run of runs.slice().reverse()) rev.apply([run]);
    assert.equal(canonical(rev.node()), v.node);
    assert.equal(rev.pending.length, 0);
    // Seeded shuffles with duplicates, in batches of 1-3 runs.
    for (let seed = 1; seed <= 5; seed++) {
      const d = new Document(`js-${seed}`);
      const order = shuffle(runs.concat(runs.slice(0, Math.ceil(runs.length / 3))), seed);
      for (let i = 0; i < order.length; i += 1 + (i % 3)) d.applyEncoded(encodeOperations(order.slice(i, i + 1 + (i % 3))));
      assert.equal(canonical(d.node()), v.node, `seed ${seed}`);
      assert.equal(toHex(encodeVersion(d.version)), v.version);
    }
    // Each replica's own runs as one batch, replicas in reverse order.
    const byReplica = new Map();
    for (const run of runs) { if (!byReplica.has(run.replica)) byReplica.set(run.replica, []); byReplica.get(run.replica).push(run); }
    const d = new Document('js-replicas');
    for (const rs of [...byReplica.values()].reverse()) d.applyEncoded(encodeOperations(rs));
    assert.equal(canonical(d.node()), v.node);
  });
}

for (const v of vectors.filter((x) => x.snapshot)) {
  test(`swift vector ${v.name}: snapshot decodes, syncs and re-encodes byte-for-byte`, () => {
    const bin = new Uint8Array(readFileSync(new URL(`swift/${v.name}.snapshot.bin`, dir)));
    assert.equal(toHex(bin), v.snapshot);
    const d = Document.decodeSnapshot(bin);
    assert.equal(d.replica, v.replica);
    assert.equal(canonical(d.node()), v.node);
    assert.equal(toHex(encodeVersion(d.version)), v.version);
    assert.equal(toHex(d.encodedOperations()), v.ops);
    assert.equal(toHex(d.encodeSnapshot()), v.snapshot);
    // A loaded replica keeps editing and merging.
    const e = Document.decodeSnapshot(bin, 'js-after-load');
    const other = new Document('js-other');
    other.applyEncoded(fromHex(v.ops));
    const t = [...e.objects.keys()].find((i) => e.objects[i].kind === 'text');
    if (t !== undefined) {
      const id = e.objectID(t);
      e.insertText('¡nuovo!', 0, id);
      other.insertText('end', other.textLength(id), id);
      e.applyEncoded(other.encodedOperations(e.version));
      other.applyEncoded(e.encodedOperations(other.version));
      assert.equal(canonical(e.node()), canonical(other.node()));
    }
  });
}

test('the Swift golden snapshot fixture loads and re-encodes byte-for-byte', () => {
  const g = new Uint8Array(readFileSync(new URL('../../Tests/TavoloCRDTTests/Fixtures/sample-snapshot-v1.bin', import.meta.url)));
  const d = Document.decodeSnapshot(g);
  assert.equal(d.text(d.value('minutes').id), '[bob]Vele: café 👩‍👩‍👧');
  assert.equal(toHex(d.encodeSnapshot()), toHex(g));
  const ops = new Uint8Array(readFileSync(new URL('../../Tests/TavoloCRDTTests/Fixtures/sample-operations-v1.bin', import.meta.url)));
  assert.equal(toHex(d.encodedOperations()), toHex(ops));
});

for (const v of vectors.filter((x) => x.deliveryResults)) {
  test(`swift vector ${v.name}: the same ApplyResult as Swift for each delivery`, () => {
    const runs = decodeOperations(fromHex(v.ops));
    const d = new Document('delivery');
    const got = [];
    for (const r of runs.slice().reverse().concat([null])) {
      const res = r ? d.apply([r]) : d.apply(runs);
      got.push([res.applied, res.duplicates, res.buffered, res.missing.map((m) => `${m.replica}@${m.counter}`)]);
    }
    assert.deepEqual(got, v.deliveryResults);
  });
}

for (const v of vectors.filter((x) => x.texts)) {
  test(`swift vector ${v.name}: history of each text (textAt, changes, authorship) as in Swift`, () => {
    const d = new Document('history');
    d.applyEncoded(fromHex(v.ops));
    const since = decodeVersion(fromHex(v.since));
    const version = decodeVersion(fromHex(v.version));
    for (const t of v.texts) {
      const at = t.object.lastIndexOf('@');
      const id = { replica: t.object.slice(0, at), counter: Number(t.object.slice(at + 1)) };
      assert.equal(d.textAt(id, since), t.textAtSince, t.object);
      assert.deepEqual(d.changes(id, since, version).map((p) => [p.position, p.deleted, p.inserted]), t.changes, t.object);
      assert.deepEqual(d.authorship(id).map((a) => [a.position, a.count, a.replica, `${a.first.replica}@${a.first.counter}`]), t.authorship, t.object);
    }
  });
}

for (const v of vectors.filter((x) => x.inputs)) {
  test(`swift vector ${v.name}: batches in order and reversed give Swift's apply results (refused included) and content`, () => {
    const batches = v.inputs.map(fromHex);
    for (const [order, want] of [[batches, v.inputResults], [batches.slice().reverse(), v.inputResultsReversed]]) {
      const d = new Document('inputs');
      const got = order.map((b) => {
        const r = d.applyEncoded(b);
        const ids = (list) => list.map((m) => `${m.replica}@${m.counter}`);
        return [r.applied, r.duplicates, r.buffered, ids(r.missing), ids(r.refused)];
      });
      assert.deepEqual(got, want);
      assert.equal(canonical(d.node()), v.node);
      assert.deepEqual(d.checkInvariants(), []);
    }
  });
}

test('the Swift vectors include concurrent merges and refused operations', () => {
  const names = vectors.map((v) => v.name);
  for (const n of ['refused', 'concurrent-typing', 'braid', 'two-branch']) assert.ok(names.includes(n), n);
  // Out-of-range runs reported by their first operation outside the text, through the tracker
  // (h1-h9) and straight (h10, h11: backspaces below 0, a delete past the end) alike.
  const refused = vectors.find((v) => v.name === 'refused');
  assert.deepEqual(refused.inputResults.flatMap((r) => r[4]).sort(), ['h10@2', 'h11@1', 'h1@0', 'h2@1', 'h3@2', 'h4@0', 'h5@0', 'h8@2', 'h9@0']);
});
