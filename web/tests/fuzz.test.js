// Seeded convergence fuzzer: several JS replicas edit text, maps and lists concurrently over a
// network that reorders, duplicates and drops messages; after anti-entropy every replica (and a
// fresh replica given everything at once, and one given it run by run in reverse) is identical.
// TAVOLO_FUZZ_SEEDS=500 node --test web/tests/fuzz.test.js for more seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, Version } from '../crdt/document.js';
import { decodeOperations, encodeOperations } from '../crdt/ops-codec.js';
import { canonical } from './canonical.js';
import { Rng, sync } from './scenarios.js';

const PIECES = ['a', 'bc', 'é', 'e\u0301', '👩‍👩‍👧', 'ciao ', '🇮🇹', 'Z'];
const NAMES = ['a', 'b', 'ümit', 'Zed', 'zoe'];

function run(seed) {
  const rng = new Rng(seed);
  const n = 3 + rng.int(3);
  const docs = NAMES.slice(0, n).map((x) => new Document(x));
  const t = docs[0].makeObject('text', 't');
  const t2 = docs[0].makeObject('text', 't2');
  const l = docs[0].makeObject('list', 'l');
  for (let i = 1; i < n; i++) sync(docs[i], docs[0]);
  const net = []; // {to, bytes}
  const sent = docs.map(() => new Version());
  for (let step = 0; step < 250; step++) {
    const i = rng.int(n);
    const d = docs[i];
    const obj = rng.int(3) ? t : t2;
    switch (rng.int(14)) {
      case 0: case 1: case 2: case 3: case 4:
        d.insertText(PIECES[rng.int(PIECES.length)], rng.int(d.textLength(obj) + 1), obj);
        break;
      case 5: case 6: {
        const len = d.textLength(obj);
        if (len) { const p = rng.int(len); d.deleteText(p, 1 + rng.int(Math.min(5, len - p)), obj); }
        break;
      }
      case 7: rng.int(4) ? d.set(`k${rng.int(3)}`, BigInt(step)) : d.removeValue(`k${rng.int(3)}`); break;
      case 8: d.insert(`e${step}`, rng.int(d.values(l).length + 1), l); break;
      case 9: {
        const len = d.values(l).length;
        if (len > 1) d.move(rng.int(len), rng.int(len), l);
        break;
      }
      case 10: { const len = d.values(l).length; if (len > 2) d.remove(rng.int(len), l); break; }
      case 11: {
        // Broadcast what is new since the last broadcast (possibly with older runs again).
        const since = rng.int(4) ? sent[i] : new Version();
        const bytes = d.encodedOperations(since);
        sent[i] = d.version;
        for (let j = 0; j < n; j++) if (j !== i && rng.int(10)) net.push({ to: j, bytes });
        break;
      }
      default: {
        // Deliver a random message (reordering); sometimes keep a copy (duplicate).
        if (!net.length) break;
        const k = rng.int(net.length);
        const m = net[k];
        if (rng.int(5)) net.splice(k, 1);
        docs[m.to].applyEncoded(m.bytes);
      }
    }
  }
  // Anti-entropy.
  for (let round = 0; round < 2; round++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sync(docs[i], docs[j]);
  const want = canonical(docs[0].node());
  for (const d of docs) {
    assert.equal(canonical(d.node()), want, `seed ${seed}, replica ${d.replica}`);
    assert.ok(d.version.equals(docs[0].version));
    assert.equal(d.pending.length, 0);
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
