// A facilitator's setReadOnly as the table screen shows it: who gets the switch in the list of
// people, the badge everyone sees, that a read-only member is offered no edit, and the words
// for edits the server refused (read-only, quotas), in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canEdit, isReadOnly } from '../permissions.js';
import { peopleRows, principalOf, readOnlyAction } from '../people-model.js';
import { refusalReason } from '../refusals.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

const catalogues = { it, en };

const fabio = { principal: 'invitation:fabio', replica: 'fabio-1', name: 'Fabio', organisation: 'Ufficio di Piano', role: 'facilitator' };
const person = (id, name, organisation, role) => ({ id: `invitation:${id}`, name, organisation, role });
const present = [
  person('fabio', 'Fabio', 'Ufficio di Piano', 'facilitator'),
  person('paola', 'Paola', 'Comune', 'pa'),
  person('carla', 'Carla', 'Aurora', 'ets'),
  person('franca', 'Franca', 'Ufficio di Piano', 'facilitator'),
  person('cora', 'Cora', 'Regione', 'coordinator'),
];
/** Presence as the server relays it: each member's replica, with the principal their tab announced. */
const members = (...entries) => new Map(entries.map(([replica, id, announced = true]) => {
  const p = present.find((q) => q.id === `invitation:${id}`);
  return [replica, { replica, name: p.name, organisation: p.organisation, role: p.role, state: announced ? { principal: p.id } : null }];
}));
const everyone = () => members(['paola-1', 'paola'], ['carla-1', 'carla'], ['franca-1', 'franca'], ['cora-1', 'cora']);

test('a read-only member may edit nothing, whatever their role or the area', () => {
  const state = { sessions: [{ id: 's1', status: 'live' }], readOnly: ['invitation:carla', 'invitation:franca'] };
  const carla = { principal: 'invitation:carla', role: 'ets', organisation: 'Aurora' };
  const paola = { principal: 'invitation:paola', role: 'pa', organisation: 'Comune' };
  const franca = { principal: 'invitation:franca', role: 'facilitator', organisation: 'Ufficio di Piano' };
  for (const area of ['project', 'comments', 'proposal:Aurora', 'agenda:s1', 'minutes:s1']) {
    assert.equal(canEdit(carla, area, state), false, area);
    assert.equal(canEdit(franca, area, state), false, area);   // the server stops anyone listed, facilitators too
  }
  assert.equal(canEdit(paola, 'project', state), true);
  assert.equal(canEdit(carla, 'project', { ...state, readOnly: [] }), true, 'lifted: back to the role');
  assert.equal(canEdit(carla, 'project', { sessions: [] }), true, 'a state without the list');
  assert.equal(isReadOnly(state, 'invitation:carla'), true);
  assert.equal(isReadOnly(state, null), false, 'before welcome, nobody is anybody');
  assert.equal(isReadOnly(null, 'invitation:carla'), false);
});

test('a facilitator gets a switch for each member but facilitators and coordinators, once per person', () => {
  const state = { present, readOnly: ['invitation:carla'] };
  const all = everyone();
  all.set('carla-2', { ...all.get('carla-1'), replica: 'carla-2' });   // Carla's second tab
  const rows = peopleRows(fabio, all, state);
  assert.deepEqual(rows.map((r) => [r.name, r.self, r.readOnly, r.toggle?.key ?? null, r.toggle?.readOnly ?? null]), [
    ['Fabio', true, false, null, null],
    ['Paola', false, false, 'people-readonly-invitation:paola', true],
    ['Carla', false, true, 'people-readonly-invitation:carla', false],
    ['Franca', false, false, null, null],
    ['Cora', false, false, null, null],
    ['Carla', false, true, null, null],   // the badge on every tab, the switch once
  ]);
  assert.deepEqual(rows[1].toggle.action, { setReadOnly: { participantID: 'invitation:paola', readOnly: true } });
  assert.deepEqual(rows[2].toggle.action, { setReadOnly: { participantID: 'invitation:carla', readOnly: false } });
  assert.deepEqual(readOnlyAction('invitation:x', false), { setReadOnly: { participantID: 'invitation:x', readOnly: false } });
});

test('others see who is read-only and get no switch', () => {
  const state = { present, readOnly: ['invitation:carla'], floor: { participantID: 'invitation:paola', since: 0 } };
  const paola = { principal: 'invitation:paola', replica: 'paola-1', name: 'Paola', organisation: 'Comune', role: 'pa' };
  const rows = peopleRows(paola, members(['fabio-1', 'fabio'], ['carla-1', 'carla']), state);
  assert.deepEqual(rows.map((r) => [r.id, r.readOnly, r.speaking, r.toggle]), [
    ['invitation:paola', false, true, null],
    ['invitation:fabio', false, false, null],
    ['invitation:carla', true, false, null],
  ]);
  const carla = { principal: 'invitation:carla', replica: 'carla-1', name: 'Carla', organisation: 'Aurora', role: 'ets' };
  assert.equal(peopleRows(carla, new Map(), state)[0].readOnly, true, 'I see my own badge');
});

test('no switch for a member whose participant id is not known (the row falls back to the replica)', () => {
  // Two Carlas of the same organisation and role, neither announcing their principal: ambiguous.
  const twins = [...present, person('carla2', 'Carla', 'Aurora', 'ets')];
  const unknown = members(['carla-1', 'carla', false]);
  assert.equal(principalOf(unknown.get('carla-1'), { present: twins }), null);
  const [, row] = peopleRows(fabio, unknown, { present: twins });
  assert.equal(row.id, 'carla-1');
  assert.equal(row.toggle, null);
  // Alone, she is found in the state by name, organisation and role.
  assert.equal(peopleRows(fabio, unknown, { present })[1].toggle.key, 'people-readonly-invitation:carla');
});

test('refused edits are explained in the reader’s language: read-only and the quotas', () => {
  const carla = { principal: 'invitation:carla', role: 'ets' };
  const readOnly = { readOnly: ['invitation:carla'] };
  const forbidden = { code: 'forbidden', ref: 4, message: 'a facilitator has made you read-only at this table' };
  const quota = (limit) => ({ code: 'limit_exceeded', ref: 5, limit, message: `server words for ${limit}` });
  assert.equal(refusalReason(it, forbidden, carla, readOnly), it.errors.readOnlyMember);
  assert.equal(refusalReason(en, forbidden, carla, readOnly), en.errors.readOnlyMember);
  assert.match(refusalReason(it, forbidden, carla, readOnly), /^Chi facilita il tavolo ti ha messo in sola lettura/);
  // Another refusal of the role (say minutes gone into review) is said in the catalogue's words too.
  const review = { code: 'forbidden', ref: 6, message: 'ETS propose amendments to the minutes rather than editing them (minutes:s1)' };
  assert.equal(refusalReason(it, review, carla, {}), it.errors.minutesAmend);
  for (const [language, t] of Object.entries(catalogues)) {
    for (const limit of ['memberSharePercent', 'reservePercent', 'maxDocumentOperations', 'inboundQueue', 'toString']) {
      const reason = refusalReason(t, quota(limit), carla, {});
      assert.ok(reason && reason !== quota(limit).message && Object.values(t.errors).includes(reason), `${language} ${limit}`);
      assert.ok(t.editsRefused(reason).includes(reason));
    }
  }
  assert.match(it.errors.memberShare, /chi facilita il tavolo/);
  assert.match(it.errors.tableReserve, /pubblica amministrazione/);
  assert.match(it.quotaWait, /Non si perde nulla/);
});

/** Every key path of a catalogue with the kind of its value, nested ones as "a.b". */
function shape(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) => (value && typeof value === 'object'
    ? shape(value, `${prefix}${key}.`)
    : [`${prefix}${key}:${typeof value}`])).sort();
}

test('both catalogues have every string, with the same keys and kinds', () => {
  assert.deepEqual(shape(en), shape(it));
  const added = ['readOnlyBadge', 'makeReadOnly', 'allowEditing', 'makeReadOnlyFor', 'allowEditingFor', 'madeReadOnly', 'madeEditing',
    'readOnlyMember', 'nowReadOnly', 'nowEditing', 'quotaWait'];
  for (const [language, t] of Object.entries(catalogues)) for (const key of added) assert.ok(t[key], `${language}.${key}`);
  assert.equal(it.makeReadOnly, 'Sola lettura');
  assert.equal(it.allowEditing, 'Consenti modifiche');
  assert.equal(en.makeReadOnly, 'Read-only');
  assert.equal(en.allowEditing, 'Allow editing');
  // A button's accessible name starts with its visible words (WCAG 2.5.3), and names the person.
  for (const t of Object.values(catalogues)) {
    assert.ok(t.makeReadOnlyFor('Carla Verdi').startsWith(t.makeReadOnly) && t.makeReadOnlyFor('Carla Verdi').includes('Carla Verdi'));
    assert.ok(t.allowEditingFor('Carla Verdi').startsWith(t.allowEditing) && t.allowEditingFor('Carla Verdi').includes('Carla Verdi'));
  }
  assert.equal(it.readOnlyBadge, 'sola lettura');
});
