import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invitationFromHash, tabReplica } from '../../invitation.js';
import { catalogues, loadCatalogue, preferredLanguage } from '../../i18n/index.js';

function token(claims) {
  const part = (object) => btoa(JSON.stringify(object)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

test('an invitation link yields the token and its claims', () => {
  const jwt = token({ tbl: 'ambito-anziani', name: 'Anna Rossi', org: 'Comune di Budrio', role: 'pa', exp: 1 });
  const invitation = invitationFromHash(`#invito=${jwt}`);
  assert.deepEqual(invitation, { token: jwt, table: 'ambito-anziani', name: 'Anna Rossi', organisation: 'Comune di Budrio', role: 'pa' });
  assert.equal(invitationFromHash(''), null);
  assert.equal(invitationFromHash('#invito=not-a-jwt'), null);
  assert.equal(invitationFromHash(`#invito=${token({ name: 'no table' })}`), null);
});

test('a tab keeps one valid replica id', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  const first = tabReplica(storage);
  assert.match(first, /^[A-Za-z0-9_-]{1,64}$/);
  assert.equal(tabReplica(storage), first);
});

test('both catalogues have every string, Italian by default; English loads on demand', async () => {
  assert.deepEqual(Object.keys(catalogues), ['it'], 'only Italian up front');
  await loadCatalogue('en');
  assert.deepEqual(Object.keys(catalogues.en).sort(), Object.keys(catalogues.it).sort());
  assert.deepEqual(Object.keys(catalogues.en.roles).sort(), Object.keys(catalogues.it.roles).sort());
  assert.equal(preferredLanguage(null), 'it');
  assert.equal(preferredLanguage({ getItem: () => null }), 'it');
  assert.equal(preferredLanguage({ getItem: () => 'en' }), 'en');
});
