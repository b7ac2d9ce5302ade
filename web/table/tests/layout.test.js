// The browser reads the document layout the server writes: layout.js must be layout.json (which
// TableLayoutTests keeps equal to the server's TableLayout), parse root keys as TableArea does,
// and every section and list it names must have a label in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';
import { LAYOUT, MINUTES, PROPOSAL_SECTIONS, agendaKey, minutesKey, proposalKey, parseArea } from '../layout.js';
import { canEdit } from '../permissions.js';

const json = JSON.parse(readFileSync(new URL('../layout.json', import.meta.url), 'utf8'));

test('layout.js is layout.json', () => {
  assert.deepEqual(LAYOUT, json);
  assert.ok(Object.isFrozen(LAYOUT.proposal.sections));
});

test('keys and areas as the server spells and parses them (TableArea)', () => {
  assert.equal(agendaKey('s1'), 'agenda:s1');
  assert.equal(minutesKey('s1'), 'minutes:s1');
  assert.equal(proposalKey('Coop. Il Ponte'), 'proposal:Coop. Il Ponte');
  assert.deepEqual(parseArea('project'), { area: 'project', argument: '' });
  assert.deepEqual(parseArea('comments'), { area: 'comments', argument: '' });
  assert.deepEqual(parseArea('proposal:A:B'), { area: 'proposal', argument: 'A:B' });
  assert.deepEqual(parseArea('minutes:agenda:1'), { area: 'minutes', argument: 'agenda:1' });
  for (const key of ['project:x', 'comments:x', 'projects', 'Project', 'agenda', 'notes:1', '']) {
    assert.deepEqual(parseArea(key), { area: 'other', argument: key }, key);
  }
  const keys = { agenda: agendaKey, minutes: minutesKey, proposal: proposalKey };
  for (const [area, argument] of [['agenda', 's1'], ['agenda', ''], ['minutes', 'x:y'], ['proposal', 'Coop: la rete / Ovest'], ['proposal', ' spazi  '], ['proposal', 'proposal:x']]) {
    assert.deepEqual(parseArea(keys[area](argument)), { area, argument });
  }
});

test('a root key outside the layout is for facilitators only, as on the server', () => {
  const live = { sessions: [{ id: 's1', status: 'live' }], permissionOverrides: {} };
  assert.equal(canEdit({ role: 'pa', organisation: 'Comune' }, 'project', live), true);
  assert.equal(canEdit({ role: 'pa', organisation: 'Comune' }, 'project:x', live), false);
  assert.equal(canEdit({ role: 'ets', organisation: 'Coop' }, 'comments:x', live), false);
  assert.equal(canEdit({ role: 'facilitator', organisation: 'UdP' }, 'project:x', live), true);
  assert.equal(canEdit({ role: 'ets', organisation: 'A:B' }, proposalKey('A:B'), live), true);
});

for (const [language, t] of [['it', it], ['en', en]]) {
  test(`every section and minutes list of the layout has a label in ${language}`, () => {
    for (const section of PROPOSAL_SECTIONS) {
      assert.equal(typeof t.proposalSections[section], 'string', `proposalSections.${section}`);
      assert.equal(typeof t.history.textLabels.sections[section], 'string', `history.textLabels.sections.${section}`);
    }
    for (const { key, itemFields } of MINUTES.lists) {
      for (const labels of [t.facilitation, t.facilitation.newItem, t.facilitation.add]) assert.equal(typeof labels[key], 'string', key);
      for (const field of itemFields) assert.equal(typeof t.facilitation[field], 'string', field);
    }
  });
}
