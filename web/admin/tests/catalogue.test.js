import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';
import { ROLES } from '../model.js';

function keys(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) => (value && typeof value === 'object'
    ? keys(value, `${prefix}${key}.`)
    : [`${prefix}${key}:${typeof value}`])).sort();
}

test('the admin strings exist in both languages with the same keys and kinds', () => {
  assert.deepEqual(keys(en.admin), keys(it.admin));
  assert.equal(it.admin.errors.invalidKey.startsWith('La chiave di amministrazione non è valida'), true);
});

test('roles in words, neutral in Italian', () => {
  assert.deepEqual(ROLES.map((r) => it.admin.roles[r]), ['Facilitazione', 'Pubblica amministrazione', 'Ente del Terzo settore', 'Coordinamento']);
});

test('every data-t of the page names a string of the catalogue', () => {
  const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
  const names = [...html.matchAll(/data-t="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(names.length > 20);
  for (const name of names) {
    assert.equal(typeof it.admin[name], 'string', name);
    assert.equal(typeof en.admin[name], 'string', name);
  }
});

test('counts read as sentences in both languages', () => {
  assert.equal(it.admin.counts(3, 1, 0), '3 inviti attivi · 1 persona ha partecipato · 0 presenti ora');
  assert.equal(it.admin.counts(1, null, null), '1 invito attivo');
  assert.equal(en.admin.counts(2, 2, 1), '2 active invitations · 2 people have taken part · 1 present now');
});
