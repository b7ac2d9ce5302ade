// The minutes' lists edited through the real CRDT replica, by two people at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Document } from '../../crdt/document.js';
import { readMinutes, addItem, updateItem, removeItem, changedFields, canonical, contentHash } from '../minutes-document.js';

/** What the server makes when a session is scheduled (docs/protocol.md). */
function serverDocument() {
  const doc = new Document('server');
  const minutes = doc.makeObject('map', 'minutes:s1');
  doc.makeObject('text', 'text', minutes);
  for (const key of ['decisions', 'openPoints', 'actions']) doc.makeObject('list', key, minutes);
  return doc;
}

function replicaOf(source, replica) {
  const doc = new Document(replica);
  doc.applyEncoded(source.encodedOperations());
  return doc;
}

const sync = (a, b) => { a.applyEncoded(b.encodedOperations(a.version)); b.applyEncoded(a.encodedOperations(b.version)); };

test('no lists before the server made them', () => {
  assert.equal(readMinutes(new Document('x'), 's1'), null);
});

test('items are added, edited and removed by id while others edit too', () => {
  const server = serverDocument();
  const anna = replicaOf(server, 'anna');
  const fabio = replicaOf(server, 'fabio');
  const lists = readMinutes(anna, 's1');
  assert.deepEqual([lists.decisions.items, lists.openPoints.items, lists.actions.items], [[], [], []]);

  const first = addItem(anna, lists.decisions.id, { text: 'Trasporto sociale da marzo' });
  addItem(anna, lists.actions.id, { what: 'Bozza di convenzione', who: 'Anna', due: '2026-12-15' });
  sync(anna, fabio);
  // Fabio adds an item before Anna's while Anna edits hers: both survive, the edit follows the item.
  fabio.makeObject('map', 0, readMinutes(fabio, 's1').decisions.id);
  fabio.set('text', 'Calendario degli incontri', fabio.values(readMinutes(fabio, 's1').decisions.id)[0].id);
  updateItem(anna, first, { text: 'Trasporto sociale da aprile' });
  sync(anna, fabio);
  const merged = readMinutes(fabio, 's1');
  assert.deepEqual(merged.decisions.items.map((i) => i.fields.text), ['Calendario degli incontri', 'Trasporto sociale da aprile']);
  assert.deepEqual(merged.actions.items[0].fields, { what: 'Bozza di convenzione', who: 'Anna', due: '2026-12-15' });

  // Removing by id finds the item at its new index.
  assert.equal(removeItem(fabio, merged.decisions.id, first), true);
  assert.equal(removeItem(fabio, merged.decisions.id, first), false);
  sync(anna, fabio);
  assert.deepEqual(readMinutes(anna, 's1').decisions.items.map((i) => i.fields.text), ['Calendario degli incontri']);
});

test('an edit writes only the fields that changed', () => {
  const doc = replicaOf(serverDocument(), 'anna');
  const item = addItem(doc, readMinutes(doc, 's1').actions.id, { what: 'A', who: 'B', due: '' });
  const before = doc.operationCount;
  updateItem(doc, item, { what: 'A', who: 'C', due: '' });
  assert.equal(doc.operationCount, before + 1);
});

test('saving an edit form writes back only what the person changed', () => {
  const original = { what: 'Bozza ', who: 'Anna', due: '' };
  assert.deepEqual(changedFields({ what: 'Bozza v2', who: 'Anna', due: '' }, original), { what: 'Bozza v2' });
  assert.deepEqual(changedFields({ what: 'Bozza', who: 'Anna', due: '2026-12-15' }, original), { due: '2026-12-15' });
  assert.deepEqual(changedFields({ what: 'Bozza', who: 'Anna', due: '' }, original), {});
});

test('the canonical minutes the server hashes: sorted keys, texts as objects, escapes', () => {
  const doc = replicaOf(serverDocument(), 'anna');
  const lists = readMinutes(doc, 's1');
  addItem(doc, lists.decisions.id, { text: 'Sì "virgolette" \\ a capo\n\u0001 é' });
  doc.insertText('Verbale', 0, doc.value('text', doc.value('minutes:s1').id).id);
  const expected = '{"actions":[],"decisions":[{"text":"Sì \\"virgolette\\" \\\\ a capo\\n\\u0001 é"}],"openPoints":[],"text":{"text":"Verbale"}}';
  assert.equal(canonical(doc.node(doc.value('minutes:s1').id)), expected);
  assert.equal(canonical({ map: { b: { value: 1 }, a: { value: 2n }, '\u{1F600}': { value: true }, '\uFFFD': { value: null } } }),
    '{"a":2,"b":1.0,"\uFFFD":null,"\u{1F600}":true}');
});

test('the content hash is the SHA-256 of that rendering', async () => {
  const doc = replicaOf(serverDocument(), 'anna');
  const text = canonical(doc.node(doc.value('minutes:s1').id));
  assert.equal(await contentHash(doc, 's1'), createHash('sha256').update(text).digest('hex'));
  assert.equal(await contentHash(new Document('x'), 's1'), createHash('sha256').update('null').digest('hex'));
});
