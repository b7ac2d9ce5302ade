import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  daysLeft, facilitatorInvitation, invitationCounts, invitationState, keyFromFragment, parseDays, slugFromTitle,
  sortInvitations, sortTables, suggestedRole, textProblem, utf8Length, validId, wireDate,
} from '../model.js';

test('the admin key comes from #chiave=…, and the rest of the fragment stays', () => {
  assert.deepEqual(keyFromFragment('#chiave=abc123'), { key: 'abc123', rest: '' });
  assert.deepEqual(keyFromFragment('#chiave=a%2Bb%3D'), { key: 'a+b=', rest: '' });
  assert.deepEqual(keyFromFragment('#tavolo=x&chiave=k'), { key: 'k', rest: '#tavolo=x' });
  assert.deepEqual(keyFromFragment('#chiave=k&tavolo=x'), { key: 'k', rest: '#tavolo=x' });
  assert.deepEqual(keyFromFragment('#tavolo=x'), { key: null, rest: '#tavolo=x' });
  assert.deepEqual(keyFromFragment(''), { key: null, rest: '' });
  assert.deepEqual(keyFromFragment('#chiave='), { key: null, rest: '' });
  assert.deepEqual(keyFromFragment('#chiave=%E0%A4%A'), { key: '%E0%A4%A', rest: '' }, 'a malformed escape is kept as typed');
});

test('a table id from its title: lower case, accents dropped, dashes, at most 64, always valid or empty', () => {
  assert.equal(slugFromTitle('Ambito anziani – Pianura Est'), 'ambito-anziani-pianura-est');
  assert.equal(slugFromTitle("Disabilità e l'inclusione: «Città»"), 'disabilita-e-l-inclusione-citta');
  assert.equal(slugFromTitle('  Über Straße  '), 'uber-strasse');
  assert.equal(slugFromTitle('Ærø Łódź'), 'aero-lodz');
  assert.equal(slugFromTitle('Tavolo n. 3/2026'), 'tavolo-n-3-2026');
  assert.equal(slugFromTitle('Минori'), 'ori');
  assert.equal(slugFromTitle('日本'), '');
  const long = slugFromTitle('Coprogettazione dei servizi per la domiciliarità delle persone anziane non autosufficienti');
  assert.ok(long.length <= 64 && validId(long) && !long.endsWith('-'), long);
  for (const title of ['a', 'A b', '--x--', 'È già', 'x'.repeat(100)]) assert.ok(validId(slugFromTitle(title)), title);
});

test('the id rule of docs/api.md', () => {
  assert.ok(validId('ambito-minori'));
  assert.ok(validId('A_b-9'));
  assert.ok(validId('x'.repeat(64)));
  assert.ok(!validId('x'.repeat(65)));
  assert.ok(!validId(''));
  assert.ok(!validId('../x'));
  assert.ok(!validId('città'));
  assert.ok(!validId('a b'));
});

test('texts are checked as the server does: trimmed, 800 bytes of UTF-8, no control characters', () => {
  assert.equal(textProblem('Carla'), null);
  assert.equal(textProblem('  '), 'empty');
  assert.equal(textProblem('', { optional: true }), null);
  assert.equal(textProblem('a\u0000b'), 'control');
  assert.equal(textProblem('a\u0085b'), 'control');
  assert.equal(textProblem('a\tb'), 'control');
  assert.equal(textProblem('x'.repeat(800)), null);
  assert.equal(textProblem(` ${'x'.repeat(800)} `), null, 'measured after trimming');
  assert.equal(textProblem('x'.repeat(801)), 'tooLong');
  assert.equal(textProblem('è'.repeat(400)), null);
  assert.equal(textProblem('è'.repeat(401)), 'tooLong', '802 bytes');
  assert.equal(utf8Length('😀'), 4);
});

test('days of validity: whole numbers 1–366', () => {
  assert.equal(parseDays('30'), 30);
  assert.equal(parseDays(' 7 '), 7);
  assert.equal(parseDays('366'), 366);
  for (const bad of ['0', '367', '', '1.5', '-3', 'dieci', '1e2']) assert.equal(parseDays(bad), null, bad);
});

test('dates on the wire: ISO 8601 (docs/api.md) or milliseconds', () => {
  assert.equal(wireDate('2026-12-05T08:20:46Z'), Date.UTC(2026, 11, 5, 8, 20, 46));
  assert.equal(wireDate(1796458846000), 1796458846000);
  assert.equal(wireDate(null), null);
  assert.equal(wireDate(undefined), null);
  assert.equal(wireDate('ieri'), null);
});

const NOW = Date.UTC(2026, 11, 5);
const day = 86_400_000;
const invitation = (fields) => ({ id: fields.name, table: 't', role: 'ets', organisation: '', issuedAt: NOW - day, expiresAt: NOW + 30 * day, ...fields });

test('an invitation is active, expired or revoked (revoked wins)', () => {
  assert.equal(invitationState(invitation({ name: 'a' }), NOW), 'active');
  assert.equal(invitationState(invitation({ name: 'b', expiresAt: new Date(NOW - 1).toISOString() }), NOW), 'expired');
  assert.equal(invitationState(invitation({ name: 'c', expiresAt: NOW }), NOW), 'expired');
  assert.equal(invitationState(invitation({ name: 'd', revokedAt: '2026-12-01T00:00:00Z' }), NOW), 'revoked');
  assert.equal(invitationState(invitation({ name: 'e', revokedAt: NOW - day, expiresAt: NOW - day }), NOW), 'revoked');
});

test('tables sort by title as Italian readers do; invitations by state, role, name', () => {
  const tables = [{ id: 'z', title: 'zeta' }, { id: 'b', title: 'Èlite' }, { id: 'a', title: 'alfa' }, { id: 'e', title: 'elenco' }];
  assert.deepEqual(sortTables(tables).map((t) => t.id), ['a', 'e', 'b', 'z'], 'elenco < Èlite < zeta, accents and case aside');
  const list = [
    invitation({ name: 'Zoe', role: 'pa' }),
    invitation({ name: 'Anna', role: 'ets' }),
    invitation({ name: 'Bruno', role: 'facilitator', revokedAt: NOW - day }),
    invitation({ name: 'Carla', role: 'facilitator' }),
    invitation({ name: 'Dario', role: 'ets', expiresAt: NOW - day }),
  ];
  assert.deepEqual(sortInvitations(list, NOW).map((i) => i.name), ['Carla', 'Zoe', 'Anna', 'Dario', 'Bruno']);
});

test('counts, the suggested role and the facilitator whose link opens the table', () => {
  const list = [
    invitation({ name: 'Carla', role: 'facilitator', firstJoinedAt: NOW - day, present: true }),
    invitation({ name: 'Anna', present: false }),
    invitation({ name: 'Bruno', revokedAt: NOW - day, firstJoinedAt: NOW - 2 * day, present: false }),
  ];
  assert.deepEqual(invitationCounts(list, NOW), { active: 2, joined: 2, present: 1 });
  assert.equal(suggestedRole(list, NOW), 'ets');
  assert.equal(suggestedRole([], NOW), 'facilitator');
  assert.equal(suggestedRole([invitation({ name: 'F', role: 'facilitator', revokedAt: NOW })], NOW), 'facilitator');
  assert.equal(facilitatorInvitation(list, NOW).name, 'Carla');
  assert.equal(facilitatorInvitation(list.slice(1), NOW), null);
  assert.equal(daysLeft(NOW + day + 1, NOW), 2);
  assert.equal(daysLeft(NOW - day, NOW), 0);
});

test('procedures: sorted by title; areas suggested from the chosen one, else from all and from the tables', async () => {
  const { sortProcedures, areaSuggestions, procedureLabel } = await import('../model.js');
  const procedures = [
    { id: 'avviso-2', title: 'Avviso minori', areas: ['Minori', 'Famiglie'] },
    { id: 'avviso-1', title: 'Avviso anziani', areas: ['Anziani', 'non autosufficienza'] },
  ];
  assert.deepEqual(sortProcedures(procedures).map((p) => p.id), ['avviso-1', 'avviso-2']);
  assert.deepEqual(sortProcedures(null), []);
  assert.deepEqual(areaSuggestions(procedures, [], 'avviso-2'), ['Famiglie', 'Minori']);
  assert.deepEqual(areaSuggestions(procedures, [{ area: 'anziani ' }, { area: 'Disabilità' }, {}]),
    ['Anziani', 'Disabilità', 'Famiglie', 'Minori', 'non autosufficienza']);
  assert.deepEqual(areaSuggestions(null, [{ area: 'Povertà' }]), ['Povertà']);
  assert.equal(procedureLabel(procedures, 'avviso-1'), 'Avviso anziani');
  assert.equal(procedureLabel(null, 'Avviso 3/2026'), 'Avviso 3/2026');
  assert.equal(procedureLabel(procedures, ''), '');
});

test('who arrived since the last refresh', async () => {
  const { newlyPresent } = await import('../model.js');
  const before = [{ id: 'a', name: 'Anna', present: true }, { id: 'b', name: 'Bruno', present: false }, { id: 'c', name: 'Carla' }];
  const after = [{ id: 'a', name: 'Anna', present: true }, { id: 'b', name: 'Bruno', present: true }, { id: 'c', name: 'Carla', present: true },
    { id: 'd', name: 'Dario', present: false }];
  assert.deepEqual(newlyPresent(before, after), ['Bruno', 'Carla']);
  assert.deepEqual(newlyPresent(after, before), []);
});

test('areas typed one per line: trimmed, blank lines and repeats dropped, checked like other texts', async () => {
  const { parseAreas } = await import('../model.js');
  assert.deepEqual(parseAreas(' Anziani \r\n\nDisabilità\nanziani\rMinori'), { areas: ['Anziani', 'Disabilità', 'Minori'], problem: null });
  assert.deepEqual(parseAreas(''), { areas: [], problem: null });
  assert.equal(parseAreas(`a\n${'x'.repeat(801)}`).problem, 'tooLong');
  assert.equal(parseAreas('a\tb').problem, 'control');
  assert.equal(parseAreas(Array.from({ length: 101 }, (_, i) => `area ${i}`).join('\n')).problem, 'tooMany');
  const { textProblem } = await import('../model.js');
  assert.equal(textProblem('x'.repeat(2000), { maxBytes: 2000 }), null);
  assert.equal(textProblem('x'.repeat(2001), { maxBytes: 2000 }), 'tooLong');
});

test('the public page of a procedure, the form filled from a procedure, and whether a table is published (issue 13)', async () => {
  const { publicPagePath, procedureFormValues, publicationState } = await import('../model.js');
  assert.equal(publicPagePath('avviso-2026'), '/pubblico/avviso-2026');
  assert.equal(publicPagePath('a b/c'), '/pubblico/a%20b%2Fc');
  assert.deepEqual(procedureFormValues({ id: 'p', title: 'T', legalBasis: 'art. 55', areas: ['Anziani', 'Minori'], publicInitialsOnly: true }),
    { id: 'p', title: 'T', legalBasis: 'art. 55', actReference: '', areas: 'Anziani\nMinori', publicInitialsOnly: true });
  assert.deepEqual(publicationState({ id: 't', procedure: 'p', publishedAt: '2026-12-05T09:00:00Z' }),
    { published: true, since: Date.UTC(2026, 11, 5, 9), page: '/pubblico/p', canPublish: true });
  assert.deepEqual(publicationState({ id: 't', procedure: '' }), { published: false, since: null, page: null, canPublish: false });
});
