import { test } from 'node:test';
import assert from 'node:assert/strict';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

const catalogues = { it, en };
import { describeEvent, peopleIndex, pollResults, tableSummary, textLabel } from '../events.js';

const anna = { id: 'invitation:a', name: 'Anna Rossi', organisation: 'Comune di Budrio', role: 'pa' };
const bruno = { id: 'invitation:b', name: 'Bruno Neri', organisation: 'Coop. Il Ponte', role: 'ets' };
const people = peopleIndex([anna, bruno]);

test('events read as sentences, in Italian and in English', () => {
  const it = catalogues.it.history;
  const en = catalogues.en.history;
  const given = { at: 1, kind: 'floorGiven', actor: anna, detail: { participant: bruno.id } };
  assert.equal(describeEvent(given, it, people), 'Anna Rossi: dà la parola a Bruno Neri');
  assert.equal(describeEvent(given, en, people), 'Anna Rossi: gives the floor to Bruno Neri');
  const results = { at: 2, kind: 'pollResults', detail: { question: 'Priorità?', options: ['Casa', 'Lavoro'], counts: [3, 1] } };
  assert.equal(describeEvent(results, it, people), 'risultati di «Priorità?»: Casa 3, Lavoro 1');
  assert.equal(describeEvent({ at: 3, kind: 'somethingNew', actor: bruno }, en), 'Bruno Neri: another kind of event');
  assert.equal(describeEvent({ at: 3, kind: 'somethingNew', actor: bruno }, it), 'Bruno Neri: evento di altro tipo', 'never the English kind');
  assert.equal(describeEvent({ at: 5, kind: 'handRaised', actor: bruno, detail: { kind: 'pointOfOrder' } }, it), 'Bruno Neri: chiede la parola per una mozione d’ordine');
  assert.equal(describeEvent({ at: 4, kind: 'floorGiven', detail: { participant: bruno } }, en), 'gives the floor to Bruno Neri');
  assert.equal(pollResults(['a', 'b'], [2]), 'a 2, b 0');
});

test('every event kind of the contract has a sentence in both languages', () => {
  const kinds = ['joined', 'left', 'sessionScheduled', 'sessionOpened', 'sessionClosed', 'agendaItemCurrent', 'floorGiven',
    'floorReleased', 'handRaised', 'pollCreated', 'pollClosed', 'pollResults', 'decisionAdded', 'amendmentProposed',
    'amendmentAccepted', 'amendmentRejected', 'minutesApproval', 'minutesApproved', 'attendanceCorrected', 'permissionChanged', 'readOnlyChanged',
    'handDropped', 'sessionDetailsChanged',
    // Not a server event: the page places each signed copy's upload among the events (issue 13).
    'signedCopyUploaded'];
  for (const language of ['it', 'en']) {
    const kindsThere = Object.keys(catalogues[language].history.eventKinds).sort();
    assert.deepEqual(kindsThere, [...kinds].sort(), language);
    for (const kind of kinds) assert.ok(!describeEvent({ at: 0, kind, detail: {} }, catalogues[language].history).includes('undefined'));
  }
});

test('the table at a moment: present, floor, queue and polls with names', () => {
  const summary = tableSummary({
    present: [bruno, anna],
    floor: { participantID: bruno.id, since: 10 },
    queue: [anna.id, 'invitation:gone'],
    polls: [
      { poll: { id: 'p1', question: 'Sì o no?', options: ['Sì', 'No'] }, open: false, counts: [2, 1] },
      { poll: { id: 'p2', question: 'Aperto?', options: ['A', 'B'] }, open: true },
    ],
  }, people);
  assert.deepEqual(summary.present.map((p) => p.name), ['Anna Rossi', 'Bruno Neri']);
  assert.equal(summary.floor.person.name, 'Bruno Neri');
  assert.deepEqual(summary.queue.map((p) => p.name), ['Anna Rossi', 'invitation:gone']);
  assert.deepEqual(summary.polls[0].options, [{ option: 'Sì', count: 2 }, { option: 'No', count: 1 }]);
  assert.deepEqual(summary.polls[1].options.map((o) => o.count), [null, null], 'counts unknown until shown');
  assert.equal(tableSummary(null), null);
});

test('session events name the session; texts are named in the reader\'s language', () => {
  const sessions = new Map([['s1', { id: 's1', title: 'Prima seduta' }]]);
  const opened = { at: 1, kind: 'sessionOpened', actor: anna, detail: { session: 's1' } };
  assert.equal(describeEvent(opened, catalogues.it.history, people, sessions), 'Anna Rossi: apre la seduta «Prima seduta»');
  assert.equal(describeEvent(opened, catalogues.en.history, people, sessions), 'Anna Rossi: opens the session “Prima seduta”');
  const en = catalogues.en.history;
  assert.equal(textLabel({ path: 'project', label: 'Progetto condiviso' }, en), 'Shared project');
  assert.equal(textLabel({ path: 'minutes:s1/text', label: 'Verbale – Prima seduta' }, en, sessions), 'Minutes – Prima seduta');
  assert.equal(textLabel({ path: 'proposal:Coop A/B/goals', label: '' }, en), 'Proposal Coop A/B – Goals');
  assert.equal(textLabel({ path: 'notes', label: 'notes' }, en), 'notes');
  assert.equal(textLabel({ path: 'proposal:X/extra', label: 'Proposta X – extra' }, catalogues.it.history), 'Proposta X – extra');
});
