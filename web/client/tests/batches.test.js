import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document, encodeOperations, decodeOperations } from '../../crdt/document.js';
import { splitRuns, operationCount } from '../batches.js';

test('long pastes and deletions are sent in batches the server accepts, and rebuild the same document', () => {
  const doc = new Document('anna');
  const text = doc.makeObject('text', 'minutes');
  doc.insertText('x'.repeat(2500) + '😀é'.repeat(6000), 0, text);        // one run of 14,500 operations
  for (let i = 0; i < 1200; i++) doc.deleteText(9000 - i, 1, text);      // Backspace: a backward run
  doc.deleteText(100, 1500, text);                                        // a forward run
  doc.set('title', 'Verbale');
  const runs = doc.operations();
  assert.ok(runs.some((r) => r.len > 10000));
  const groups = splitRuns(runs, 1000);
  assert.equal(operationCount(groups.flat()), doc.version.get('anna'));
  for (const group of groups) assert.ok(operationCount(group) <= 1000);
  const copy = new Document('bruno');
  for (const group of groups) {
    const result = copy.applyEncoded(encodeOperations(decodeOperations(encodeOperations(group))));
    assert.equal(result.buffered, 0, 'every batch depends only on earlier ones');
  }
  assert.equal(copy.text(text), doc.text(text));
  assert.equal(copy.value('title'), 'Verbale');
  assert.deepEqual(splitRuns([], 10), []);
});
