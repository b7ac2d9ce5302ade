// Replays the editing traces of ../shared/traces (skipped when absent), as TraceReplayTests.swift does:
// sequential traces as local edits; the concurrent one with one JS replica per agent that, before
// each transaction, receives exactly the operations of the transaction's parents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Document, encodeOperations } from '../crdt/document.js';

const dir = process.env.TAVOLO_TRACES ? new URL(`file://${process.env.TAVOLO_TRACES}/`) : new URL('../../../shared/traces/', import.meta.url);
const load = (path) => JSON.parse(gunzipSync(readFileSync(new URL(path, dir))).toString('utf8'));
const present = (path) => existsSync(new URL(path, dir));

for (const name of ['sequential/automerge-paper.json.gz', 'sequential/seph-blog1.json.gz']) {
  test(`trace ${name}: local replay, fresh merge, snapshot`, { skip: !present(name) && 'shared/traces absent' }, () => {
    const trace = load(name);
    const d = new Document('author');
    const t = d.makeObject('text', 'text');
    for (const txn of trace.txns) for (const [pos, del, ins] of txn.patches) d.spliceText(pos, del, ins, t);
    assert.equal(d.text(t), trace.endContent);
    const fresh = new Document('fresh');
    fresh.applyEncoded(d.encodedOperations());
    assert.equal(fresh.text(t), trace.endContent);
    const loaded = Document.decodeSnapshot(d.encodeSnapshot());
    assert.equal(loaded.text(t), trace.endContent);
  });
}

test('trace concurrent/friendsforever: one replica per agent, fresh merge', { skip: !present('concurrent/friendsforever.json.gz') && 'shared/traces absent' }, () => {
  const trace = load('concurrent/friendsforever.json.gz');
  const setup = new Document('setup');
  const text = setup.makeObject('text', 'text');
  const all = new Document('all');
  all.apply(setup.operations());
  const base = all.version;
  const agents = Array.from({ length: trace.numAgents }, (_, i) => {
    const d = new Document(`agent${i}`);
    d.apply(setup.operations());
    return d;
  });
  const after = [];
  for (const txn of trace.txns) {
    let target = base;
    for (const p of txn.parents ?? []) target = target.union(after[p]);
    const a = agents[txn.agent ?? 0];
    a.applyEncoded(encodeOperations(all.operationsBetween(a.version, target)));
    for (const [pos, del, ins] of txn.patches) a.spliceText(pos, del, ins, text);
    all.applyEncoded(a.encodedOperations(all.version));
    after.push(target.union(a.version));
  }
  assert.equal(all.text(text), trace.endContent);
  for (const a of agents) assert.deepEqual(a.checkInvariants(), []);
  const fresh = new Document('fresh');
  fresh.applyEncoded(all.encodedOperations());
  assert.equal(fresh.text(text), trace.endContent);
});
