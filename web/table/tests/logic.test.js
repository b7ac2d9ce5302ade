import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../../crdt/document.js';
import { canEdit, frozenBy, shownSession } from '../permissions.js';
import { agendaItems, addItem, moveItem, nextItem, elapsedSeconds, clock } from '../agenda-model.js';
import { localSplice, mapSelection, applyPatches } from '../text-sync.js';
import { characterIDs, addComment, commentsOn, addReply, setResolved } from '../comments-model.js';

const state = (status, overrides = {}) => ({ sessions: [{ id: 's1', status }], permissionOverrides: overrides });

test('permissions follow the server: defaults, overrides, frozen sessions', () => {
  const pa = { role: 'pa', organisation: 'Comune' };
  const ets = { role: 'ets', organisation: 'Coop' };
  const fac = { role: 'facilitator', organisation: 'UdP' };
  const coord = { role: 'coordinator', organisation: 'UdP' };
  const live = state('live');
  assert.equal(canEdit(pa, 'agenda:s1', live), true);
  assert.equal(canEdit(ets, 'agenda:s1', live), false);
  assert.equal(canEdit(ets, 'minutes:s1', live), false);
  assert.equal(canEdit(ets, 'proposal:Coop', live), true);
  assert.equal(canEdit(ets, 'proposal:Altro', live), false);
  assert.equal(canEdit(pa, 'proposal:Coop', live), false);
  assert.equal(canEdit(ets, 'project', live), true);
  assert.equal(canEdit(ets, 'comments', live), true);
  assert.equal(canEdit(coord, 'comments', live), false);
  assert.equal(canEdit(pa, 'other', live), false);
  assert.equal(canEdit(fac, 'other', live), true);
  assert.equal(canEdit(ets, 'agenda:s1', state('live', { 'agenda:s1': { ets: true } })), true);
  assert.equal(canEdit(pa, 'project', state('live', { project: { pa: false } })), false);
  assert.equal(canEdit(fac, 'project', state('live', { project: { facilitator: false } })), true);
  for (const status of ['closed', 'minutes_in_review', 'approved']) {
    assert.equal(canEdit(fac, 'agenda:s1', state(status)), false, status);
    assert.equal(canEdit(pa, 'agenda:s1', state(status, { 'agenda:s1': { pa: true } })), false, status);
  }
  assert.equal(canEdit(fac, 'minutes:s1', state('minutes_in_review')), true);
  assert.equal(canEdit(pa, 'minutes:s1', state('minutes_in_review')), false);
  assert.equal(canEdit(fac, 'minutes:s1', state('approved')), false);
});

test('the shown session is the live one, else the newest', () => {
  assert.equal(shownSession(null), null);
  assert.equal(shownSession({ sessions: [{ id: 'a', status: 'live' }, { id: 'b', status: 'scheduled' }] }).id, 'a');
  assert.equal(shownSession({ sessions: [{ id: 'a', status: 'approved' }, { id: 'b', status: 'scheduled' }] }).id, 'b');
});

function agendaDoc() {
  const doc = new Document('fabio');
  const list = doc.makeObject('list', 'agenda:s1');
  for (const title of ['Apertura', 'Bilancio', 'Varie']) addItem(doc, list, { title, presenter: 'Anna', minutes: 10 });
  return { doc, list };
}

test('agenda: add, reorder, next item', () => {
  const { doc, list } = agendaDoc();
  let items = agendaItems(doc, list);
  assert.deepEqual(items.map((i) => [i.title, i.minutes, i.status]), [['Apertura', 10, 'todo'], ['Bilancio', 10, 'todo'], ['Varie', 10, 'todo']]);
  assert.equal(doc.value('minutes', items[0].object), 10n);
  const firstID = items[0].id;
  assert.equal(moveItem(doc, list, 0, 2), true);
  assert.equal(moveItem(doc, list, 0, -5), false);
  items = agendaItems(doc, list);
  assert.deepEqual(items.map((i) => i.title), ['Bilancio', 'Varie', 'Apertura']);
  assert.equal(items[2].id, firstID, 'an item keeps its id (the timer key) when moved');
  assert.equal(nextItem(doc, list), 0);
  assert.equal(nextItem(doc, list), 1);
  assert.deepEqual(agendaItems(doc, list).map((i) => i.status), ['done', 'current', 'todo']);
  assert.equal(nextItem(doc, list), 2);
  assert.equal(nextItem(doc, list), -1);
  assert.deepEqual(agendaItems(doc, list).map((i) => i.status), ['done', 'done', 'done']);
});

test('agenda: timers tick while running', () => {
  assert.equal(elapsedSeconds(undefined, 0), 0);
  assert.equal(elapsedSeconds({ elapsedSeconds: 60 }, 1e12), 60);
  assert.equal(elapsedSeconds({ elapsedSeconds: 60, runningSince: 1000 }, 31_500), 90);
  assert.equal(clock(605), '10:05');
});

test('local input becomes the splice that ends at the caret, never splitting a pair', () => {
  assert.deepEqual(localSplice('aa', 'aaa', 1), { start: 0, deleted: 0, inserted: 'a' });
  assert.deepEqual(localSplice('aa', 'aaa', 3), { start: 2, deleted: 0, inserted: 'a' });
  assert.deepEqual(localSplice('ciao', 'cio', 2), { start: 2, deleted: 1, inserted: '' });
  assert.deepEqual(localSplice('ciao mondo', 'ciao Mondo', 6), { start: 5, deleted: 1, inserted: 'M' });
  assert.deepEqual(localSplice('x😀y', 'x😁y', 3), { start: 1, deleted: 2, inserted: '😁' });
  assert.deepEqual(localSplice('', 'nuovo', 5), { start: 0, deleted: 0, inserted: 'nuovo' });
});

test('remote patches move my selection and rebuild the same text', () => {
  const patch = (position16, deleted16, inserted) => ({ object: 'o', position16, deleted16, inserted });
  assert.deepEqual(mapSelection({ start: 5, end: 8 }, patch(0, 0, 'abc')), { start: 8, end: 11 });
  assert.deepEqual(mapSelection({ start: 5, end: 8 }, patch(5, 0, 'abc')), { start: 5, end: 11 });
  assert.deepEqual(mapSelection({ start: 5, end: 8 }, patch(9, 2, '')), { start: 5, end: 8 });
  assert.deepEqual(mapSelection({ start: 5, end: 8 }, patch(4, 2, 'X')), { start: 4, end: 7 });
  assert.deepEqual(mapSelection({ start: 5, end: 5 }, patch(5, 0, 'x')), { start: 5, end: 5 });

  // Two replicas type concurrently; the patches the CRDT returns, replayed on the shown text, give the merged text.
  const a = new Document('anna'), b = new Document('bruno');
  const text = a.makeObject('text', 'minutes');
  a.insertText('Verbale 😀 della seduta', 0, text);
  b.applyEncoded(a.encodedOperations({}));
  const seen = b.version.toJSON();
  a.insertText(' prima', 22, text);
  a.deleteText(0, 1, text);
  b.insertText('🙂 Bozza: ', 0, text);
  const shown = b.text(text);
  const { patches } = b.applyEncoded(a.encodedOperations(seen));
  const same = (o) => o.replica === text.replica && o.counter === text.counter;
  assert.equal(applyPatches(shown, patches, same), b.text(text));
});

test('comments anchor to character ids that survive edits', () => {
  const doc = new Document('anna');
  const text = doc.makeObject('text', 'project');
  const comments = doc.makeObject('list', 'comments');
  doc.insertText('Il progetto prevede tre azioni.', 0, text);
  addComment(doc, comments, { area: 'project', object: text, from: 12, to: 19, body: 'Quali?', author: 'Anna', authorID: 'invitation:a' });
  doc.insertText('Bozza. ', 0, text);
  const [comment] = commentsOn(doc, comments, 'anna@0');
  const ids = characterIDs(doc, text);
  const from = ids.positionOf(comment.start), to = ids.positionOf(comment.end) + 1;
  assert.equal(doc.text(text).slice(from, to), 'prevede');
  addReply(doc, comment, { body: 'Tre: A, B, C', author: 'Bruno' });
  setResolved(doc, comment, true);
  const [again] = commentsOn(doc, comments, 'anna@0');
  assert.equal(again.resolved, true);
  assert.deepEqual(again.replies.map((r) => r.body), ['Tre: A, B, C']);
  doc.deleteText(17, 5, text);
  assert.equal(characterIDs(doc, text).positionOf(comment.start), -1);
  assert.throws(() => addComment(doc, comments, { area: 'project', object: text, from: 3, to: 3, body: 'x', author: 'A' }));
});

test('a read-only text says whether its session froze it, not the role', () => {
  const state = (status) => ({ sessions: [{ id: 's1', status }] });
  const pa = { role: 'pa' }, facilitator = { role: 'facilitator' }, ets = { role: 'ets', organisation: 'Coop' };
  assert.equal(frozenBy(pa, 'minutes:s1', state('approved')), 'approved');
  assert.equal(frozenBy(facilitator, 'minutes:s1', state('approved')), 'approved');
  assert.equal(frozenBy(pa, 'minutes:s1', state('minutes_in_review')), 'review');
  assert.equal(frozenBy(facilitator, 'minutes:s1', state('minutes_in_review')), null);
  assert.equal(frozenBy(pa, 'agenda:s1', state('closed')), 'closed');
  assert.equal(frozenBy(pa, 'minutes:s1', state('live')), null);
  assert.equal(frozenBy(ets, 'minutes:s1', state('live')), null);  // read-only by role: the role message
  assert.equal(frozenBy(pa, 'project', state('approved')), null);
});
