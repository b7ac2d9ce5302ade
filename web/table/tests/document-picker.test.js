// The documents panel's picker (issue 12, item 5): the texts grouped as people look for them —
// the project, the verbali (newest session first, with its stage), each organisation's proposal
// with its sections — and the verbale offered by itself once it is in review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../../crdt/document.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';
import { PROJECT } from '../layout.js';
import { automaticChoice, documentGroups, flatChoices, minutesPath, sessionOfPath } from '../document-picker.js';

function tableDocument(sessions, organisations) {
  const doc = new Document('server');
  doc.makeObject('text', 'project');
  for (const s of sessions) {
    const minutes = doc.makeObject('map', `minutes:${s}`);
    doc.makeObject('text', 'text', minutes);
  }
  for (const o of organisations) {
    const proposal = doc.makeObject('map', `proposal:${o}`);
    for (const section of ['goals', 'activities', 'resources', 'cofinancing', 'partners']) doc.makeObject('text', section, proposal);
  }
  return doc;
}

const state = {
  sessions: [
    { id: 's1', title: 'Prima seduta', status: 'approved' },
    { id: 's2', title: 'Seconda seduta', status: 'minutes_in_review' },
    { id: 's3', title: 'Terza seduta', status: 'scheduled' },   // its minutes are not in the document yet
  ],
};

test('the texts are grouped: project, verbali by session, proposals by organisation', () => {
  const doc = tableDocument(['s1', 's2'], ['Coop. Sole', 'Associazione Aurora', 'auser Bologna']);
  const groups = documentGroups(doc, state, it);
  assert.deepEqual(groups.map((g) => g.label), [null, 'Verbali', 'Proposta – Associazione Aurora', 'Proposta – auser Bologna', 'Proposta – Coop. Sole']);
  assert.deepEqual(groups[0].choices, [{ path: PROJECT, area: PROJECT, label: 'Progetto condiviso', name: 'Progetto condiviso' }]);
  assert.deepEqual(groups[1].choices.map((c) => [c.path, c.label, c.name, c.session]), [
    ['minutes:s2#text', 'Verbale – Seconda seduta (in revisione)', 'Verbale – Seconda seduta', 's2'],
    ['minutes:s1#text', 'Verbale – Prima seduta (approvato)', 'Verbale – Prima seduta', 's1'],
  ]);
  assert.deepEqual(groups[2].choices.map((c) => c.label.split(' – ')[0]), ['Obiettivi', 'Attività', 'Risorse', 'Cofinanziamento', 'Partner']);
  assert.deepEqual(groups[2].choices[0], {
    path: 'proposal:Associazione Aurora#goals', area: 'proposal:Associazione Aurora', label: 'Obiettivi – Associazione Aurora', name: 'Proposta – Associazione Aurora: Obiettivi',
  });
  assert.equal(flatChoices(groups).length, 1 + 2 + 15);
  assert.deepEqual(documentGroups(doc, state, en)[1].label, 'Minutes');
});

test('no verbali group before a session has minutes; an organisation with a colon keeps it', () => {
  const doc = tableDocument([], ['A:B']);
  const groups = documentGroups(doc, { sessions: [] }, it);
  assert.deepEqual(groups.map((g) => g.label), [null, 'Proposta – A:B']);
  assert.equal(groups[1].choices[4].path, 'proposal:A:B#partners');
});

test('a verbale path names its session; other texts none', () => {
  assert.equal(minutesPath('s2'), 'minutes:s2#text');
  assert.equal(sessionOfPath('minutes:s2#text'), 's2');
  assert.equal(sessionOfPath('minutes:a:b#text'), 'a:b');
  for (const path of ['project', 'proposal:A#goals', 'minutes:s2', 'minutes:s2#decisions']) assert.equal(sessionOfPath(path), null, path);
});

test('the verbale in review is offered by itself, unless the person picked a text', () => {
  const review = { id: 's2', status: 'minutes_in_review' };
  assert.equal(automaticChoice(review, false, PROJECT), 'minutes:s2#text');
  assert.equal(automaticChoice(review, true, PROJECT), PROJECT);
  assert.equal(automaticChoice({ id: 's2', status: 'live' }, false, PROJECT), PROJECT);
  // Once approved, the verbale stays where it is: nobody is moved away from what they read.
  assert.equal(automaticChoice({ id: 's2', status: 'approved' }, false, 'minutes:s2#text'), 'minutes:s2#text');
  assert.equal(automaticChoice(null, false, PROJECT), PROJECT);
});
