import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, Version } from '../crdt/document.js';
import { fuzzReplicas, antiEntropy } from './scenarios.js';
import { scalarToUTF16Index } from '../crdt/bytes.js';

test('apply returns patches that replay the merge on the UTF-16 text an editor holds', () => {
  for (let seed = 1; seed <= 25; seed++) {
    const docs = fuzzReplicas(seed, 200);
    const [a, b] = docs;
    const t = a.value('t').id;
    let shown = b.text(t); // what b's editor shows
    const r = b.applyEncoded(a.encodedOperations(b.version));
    for (const p of r.patches.filter((x) => x.object.counter === t.counter && x.object.replica === t.replica)) {
      shown = shown.slice(0, p.position16) + p.inserted + shown.slice(p.position16 + p.deleted16);
    }
    assert.equal(shown, b.text(t), `seed ${seed}`);
  }
});

test('textAt and changes reproduce earlier versions (§7)', () => {
  const docs = fuzzReplicas(3, 300);
  antiEntropy(docs);
  const d = docs[0];
  const t = d.value('t').id;
  const all = d.operations();
  // Versions along the history: prefixes of the LV order are causally closed.
  for (const k of [0, 5, Math.floor(all.length / 3), Math.floor(all.length / 2), all.length]) {
    const partial = new Document('p');
    partial.apply(all.slice(0, k));
    const v = partial.version;
    assert.equal(d.textAt(t, v), partial.text(t));
    // Applying the patches from v to the current text gives the current text.
    let s = [...partial.text(t)];
    for (const p of d.changes(t, v, d.version)) s.splice(p.position, p.deleted, ...p.inserted);
    assert.equal(s.join(''), d.text(t));
  }
  const spans = d.authorship(t);
  assert.equal(spans.reduce((n, s) => n + s.count, 0), d.textLength(t));
  assert.equal(scalarToUTF16Index(d.text(t), d.textLength(t)), d.text(t).length);
});
