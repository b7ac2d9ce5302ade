// The verbale view's decisions (issue 12, item 5): entries under their agenda item ("Altro" for
// the others), the default item of a new entry, approvals at a glance, downloads only once approved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../../crdt/document.js';
import { addItem, readMinutes, updateItem } from '../minutes-document.js';
import { approvalCount, defaultAgendaItem, downloadState, groupByAgenda, minutesExportPath, verbaleTask, DOWNLOAD_FORMATS } from '../verbale-model.js';
import { reviewModel } from '../model.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

function minutesDocument() {
  const doc = new Document('server');
  const minutes = doc.makeObject('map', 'minutes:s1');
  doc.makeObject('text', 'text', minutes);
  for (const key of ['decisions', 'openPoints', 'actions']) doc.makeObject('list', key, minutes);
  return doc;
}

const agenda = [{ id: 'server@10', title: 'Apertura', status: 'done' }, { id: 'server@20', title: 'Bisogni', status: 'current' }, { id: 'server@30', title: 'Polarità', status: 'todo' }];

test('entries name their agenda item in `item` and are grouped under it, in agenda order', () => {
  const doc = minutesDocument();
  const lists = readMinutes(doc, 's1');
  addItem(doc, lists.decisions.id, { text: 'Senza punto' });
  addItem(doc, lists.decisions.id, { text: 'Domiciliarità prima', item: 'server@20' });
  addItem(doc, lists.actions.id, { what: 'Mappare i servizi', who: 'Aurora', due: '', item: 'server@20' });
  addItem(doc, lists.openPoints.id, { text: 'Regole del tavolo', item: 'server@10' });
  const gone = addItem(doc, lists.openPoints.id, { text: 'Di un punto tolto', item: 'server@99' });
  const read = readMinutes(doc, 's1');
  assert.deepEqual(read.decisions.items.map((e) => e.agendaItem), [null, 'server@20']);
  // The fields stay those of the layout; the item is beside them.
  assert.deepEqual(read.actions.items[0].fields, { what: 'Mappare i servizi', who: 'Aurora', due: '' });

  const groups = groupByAgenda(read, agenda);
  assert.deepEqual(groups.map((g) => [g.item?.title ?? 'Altro', g.index]), [['Apertura', 1], ['Bisogni', 2], ['Altro', null]]);
  assert.deepEqual(groups[1].lists.decisions.map((e) => e.fields.text), ['Domiciliarità prima']);
  assert.deepEqual(groups[1].lists.actions.map((e) => e.fields.what), ['Mappare i servizi']);
  assert.deepEqual(groups[2].lists.decisions.map((e) => e.fields.text), ['Senza punto']);
  assert.deepEqual(groups[2].lists.openPoints.map((e) => e.fields.text), ['Di un punto tolto']);

  // Moving an entry to another item (or to none, '') is one field's edit.
  updateItem(doc, gone, { item: 'server@30' });
  updateItem(doc, read.decisions.items[1].id, { item: '' });
  const again = groupByAgenda(readMinutes(doc, 's1'), agenda);
  assert.deepEqual(again.map((g) => g.item?.title ?? 'Altro'), ['Apertura', 'Bisogni', 'Polarità', 'Altro']);
  assert.deepEqual(again[3].lists.decisions.map((e) => e.fields.text), ['Senza punto', 'Domiciliarità prima']);
  assert.deepEqual(groupByAgenda(null, agenda), []);
});

test('a new entry goes under the item being discussed', () => {
  assert.equal(defaultAgendaItem(agenda, { 'server@30': { elapsedSeconds: 4, runningSince: 1000 } }), 'server@30');
  assert.equal(defaultAgendaItem(agenda, { 'server@30': { elapsedSeconds: 4, runningSince: null } }), 'server@20');
  assert.equal(defaultAgendaItem([], {}), '');
});

test('downloads only once approved, with the reason before', () => {
  assert.deepEqual(downloadState({ status: 'approved' }), { available: true, reason: null });
  assert.equal(downloadState({ status: 'minutes_in_review' }).reason, 'review');
  assert.equal(downloadState({ status: 'live' }).reason, 'live');
  assert.equal(downloadState({ status: 'scheduled' }).reason, 'scheduled');
  assert.equal(downloadState(null).available, false);
  assert.equal(minutesExportPath('a b', 'pdf'), '/sessions/a%20b/minutes.pdf');
  assert.deepEqual(DOWNLOAD_FORMATS, ['pdf', 'docx', 'odt', 'md', 'html']);
  for (const catalogue of [it, en]) {
    for (const format of DOWNLOAD_FORMATS) assert.ok(catalogue.verbale.formats[format] && catalogue.verbale.formatHints[format], format);
    for (const reason of ['review', 'live', 'scheduled', 'none']) assert.ok(catalogue.verbale.notYet[reason], reason);
  }
  assert.equal(it.verbale.formats.pdf, 'PDF per l’archivio');
  assert.equal(it.verbale.formats.odt, 'Documento modificabile (ODT)');
});

test('what the verbale asks of me, and the approvals counted', () => {
  const person = (id, role) => ({ id, name: id, organisation: '', role });
  const session = {
    id: 's1', status: 'minutes_in_review',
    attendance: [{ participant: person('pa1', 'pa'), from: 0 }, { participant: person('ets1', 'ets'), from: 0 }, { participant: person('fac', 'facilitator'), from: 0 }],
    approvals: { pa1: 'h1' }, amendments: [],
  };
  const me = (principal, role) => ({ principal, role });
  assert.equal(verbaleTask(session, reviewModel(session, me('ets1', 'ets'))), 'approve');
  assert.equal(verbaleTask(session, reviewModel(session, me('pa1', 'pa'))), 'approved-mine');
  assert.equal(verbaleTask(session, reviewModel(session, me('fac', 'facilitator'))), 'read');
  const pending = { ...session, amendments: [{ id: 'a1', status: 'proposed', text: 'x', authorID: 'ets1' }] };
  assert.equal(verbaleTask(pending, reviewModel(pending, me('ets1', 'ets'))), 'wait-amendments');
  assert.equal(verbaleTask({ ...session, status: 'live' }, reviewModel({ ...session, status: 'live' }, me('ets1', 'ets'))), 'writing');
  assert.equal(verbaleTask({ ...session, status: 'approved' }, {}), 'approved');
  // An approval of an older text does not count once the browser knows the text changed.
  const review = reviewModel(session, me('fac', 'facilitator'), 'h2');
  assert.deepEqual(approvalCount(review.approvers), { approved: 0, total: 2 });
  assert.deepEqual(approvalCount(reviewModel(session, me('fac', 'facilitator')).approvers), { approved: 1, total: 2 });
  assert.equal(it.verbale.approvalCount(1, 2), 'Approvazioni: 1 su 2');
});

test('the toolbar is labelled in words in both languages', () => {
  assert.deepEqual(it.verbale.toolbar, { heading: 'Titolo', bold: 'Grassetto', italic: 'Corsivo', list: 'Elenco', link: 'Link' });
  for (const catalogue of [it, en]) {
    for (const format of ['heading', 'bold', 'italic', 'list', 'link']) assert.ok(catalogue.verbale.toolbar[format] && catalogue.verbale.toolbarHints[format]);
  }
  assert.deepEqual(Object.keys(it.verbale).sort(), Object.keys(en.verbale).sort());
});
