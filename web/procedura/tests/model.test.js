// The procedure dashboard's logic (web/procedura/model.js, api.js), without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN_KEY_STORAGE, chooseCredential, dashboardLink, formatMoment, formatPercent, glance,
  organisationChart, readFragment, refreshDue, REFRESH_MS, sessionRow, sessionRows, sortedTables, storageKey,
} from '../model.js';
import { DashboardAPI, DashboardError } from '../api.js';
import { describeError } from '../../i18n/errors.js';
import it from '../../i18n/it.js';

function memory(entries = {}) {
  const map = new Map(Object.entries(entries));
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)), map };
}

const DASHBOARD = {
  procedure: { id: 'avviso-anziani', title: 'Avviso pubblico', legalBasis: 'art. 55 D.Lgs. 117/2017', actReference: 'Determina n. 123', areas: ['Anziani'] },
  tables: [
    { id: 'b', title: 'Ambito disabilità', area: 'Disabilità', published: false, participants: 2, etsOrganisations: [], sessions: [] },
    { id: 'a', title: 'Ambito anziani', area: 'Anziani', published: true, participants: 4, etsOrganisations: ['Coop. Il Ponte'], sessions: [
      { id: 's2', number: 2, title: 'Seconda', status: 'minutes_in_review', closedAt: '2026-12-02T10:00:00Z',
        pendingApprovals: [{ name: 'Anna Rossi', organisation: 'Comune di Budrio', role: 'pa' }, { name: 'Bruno Bianchi', organisation: 'Coop. Il Ponte', role: 'ets' }], signed: false },
      { id: 's1', number: 1, title: 'Prima', status: 'approved', scheduledAt: '2026-12-01T09:00:00Z', openedAt: '2026-12-01T09:05:00Z', approvedAt: '2026-12-01T12:00:00Z', pendingApprovals: [], signed: true },
      { id: 's4', number: 4, title: 'Quarta', status: 'scheduled', scheduledAt: '2027-01-10T09:00:00Z', pendingApprovals: [], signed: false },
      { id: 's3', number: 3, title: 'Terza', status: 'scheduled', pendingApprovals: [], signed: false },
    ] },
  ],
  organisations: [
    { organisation: 'Comune di Budrio', tables: 1, spokenSeconds: 90, characters: 100, speakingShare: 25, writingShare: 10 },
    { organisation: 'Coop. Il Ponte', tables: 1, spokenSeconds: 270, characters: 900, speakingShare: 75, writingShare: 90 },
  ],
};

test('the link gives the procedure and the credential, and leaves only the procedure in the address bar', () => {
  assert.deepEqual(readFragment('#procedimento=avviso-anziani&invito=a.b.c'),
    { procedure: 'avviso-anziani', credential: { kind: 'invito', token: 'a.b.c' }, rest: '#procedimento=avviso-anziani' });
  assert.deepEqual(readFragment('#procedimento=p1&chiave=k%2Bey').credential, { kind: 'chiave', token: 'k+ey' });
  assert.equal(readFragment('#invito=x').procedure, null);
  assert.equal(readFragment('#procedimento=../x').procedure, null);
  assert.equal(readFragment('').credential, null);
});

test('the credential: the link’s, else the one kept for this tab, else the administration page’s key', () => {
  const fromLink = readFragment('#procedimento=p&invito=t');
  assert.deepEqual(chooseCredential(fromLink, memory(), memory()), { kind: 'invito', token: 't' });
  const reload = readFragment('#procedimento=p');
  const session = memory({ [storageKey('p')]: JSON.stringify({ kind: 'invito', token: 'kept' }) });
  assert.deepEqual(chooseCredential(reload, session, memory({ [ADMIN_KEY_STORAGE]: 'admin' })), { kind: 'invito', token: 'kept' });
  assert.deepEqual(chooseCredential(reload, memory(), memory({ [ADMIN_KEY_STORAGE]: 'admin' })), { kind: 'chiave', token: 'admin' });
  assert.deepEqual(chooseCredential(reload, memory({ [storageKey('p')]: '{broken' }), memory()), null);
  assert.equal(chooseCredential(readFragment(''), null, memory({ [ADMIN_KEY_STORAGE]: 'admin' })), null);
});

test('links to the dashboard', () => {
  assert.equal(dashboardLink('avviso 1'), '/procedura/#procedimento=avviso%201');
  assert.equal(dashboardLink('p', { kind: 'invito', token: 'a.b' }), '/procedura/#procedimento=p&invito=a.b');
  assert.equal(dashboardLink('p', { kind: 'chiave', token: 'k/1' }), '/procedura/#procedimento=p&chiave=k%2F1');
});

test('each session: its state, its date, who has still to approve, the signed copy', () => {
  const [first, second, third] = sessionRows(DASHBOARD.tables[1]);
  assert.deepEqual(sessionRows(DASHBOARD.tables[1]).map((s) => s.number), [1, 2, 3, 4]);
  assert.equal(first.status, 'approved');
  assert.equal(first.pendingState, 'none');
  assert.equal(first.signed, true);
  assert.equal(first.moment, Date.parse('2026-12-01T09:05:00Z'));  // opened, not called for or approved
  assert.equal(sessionRows(DASHBOARD.tables[1])[3].moment, Date.parse('2027-01-10T09:00:00Z'));  // not yet opened: called for
  assert.equal(second.pendingState, 'waiting');
  assert.deepEqual(second.pending.map((p) => p.name), ['Anna Rossi', 'Bruno Bianchi']);
  assert.equal(second.moment, Date.parse('2026-12-02T10:00:00Z'));
  assert.equal(third.pendingState, 'notYet');
  assert.ok(Number.isNaN(third.moment));
  assert.equal(sessionRow({ id: 'x', status: 'minutes_in_review', pendingApprovals: [] }).pendingState, 'none');
  assert.equal(sessionRow({ id: 'x', status: 'strange' }).status, 'scheduled');
  assert.equal(it.sessionStatus[first.status], 'verbale approvato');
  assert.equal(it.sessionStatus[second.status], 'verbale in revisione');
});

test('at a glance: tables, sessions by state, approvals missing', () => {
  assert.deepEqual(glance(DASHBOARD), {
    tables: 2, sessions: 4,
    byStatus: [{ status: 'scheduled', count: 2 }, { status: 'minutes_in_review', count: 1 }, { status: 'approved', count: 1 }],
    pending: 2,
  });
  assert.deepEqual(glance({}), { tables: 0, sessions: 0, byStatus: [], pending: 0 });
  const words = it.dashboard;
  assert.equal(words.pendingCount(2), '2 approvazioni mancanti');
  assert.equal(words.tableCount(1), '1 tavolo');
});

test('organisations: most speaking first, bars as wide as the share', () => {
  const chart = organisationChart(DASHBOARD);
  assert.deepEqual(chart.map((r) => r.organisation), ['Coop. Il Ponte', 'Comune di Budrio']);
  assert.equal(chart[0].speakingWidth, 75);
  assert.equal(chart[0].writingWidth, 90);
  assert.equal(organisationChart({ organisations: [{ organisation: 'X', speakingShare: 140, writingShare: -3 }] })[0].speakingWidth, 100);
  assert.equal(organisationChart({ organisations: [{ organisation: 'X', speakingShare: 140, writingShare: -3 }] })[0].writingWidth, 0);
});

test('numbers, shares and dates in the glossary’s form', () => {
  assert.equal(formatPercent(75, 'it'), '75%');
  assert.equal(formatPercent(3.25, 'it'), '3,3%');
  assert.equal(formatPercent(0, 'it'), '0%');
  const ms = Date.parse('2026-12-05T14:05:00Z');
  assert.equal(formatMoment(ms, 'it', it.facilitation.record.dateTime, 'Europe/Rome'), '5 dicembre 2026, ore 15:05');
  assert.equal(formatMoment(NaN, 'it', it.facilitation.record.dateTime), '');
});

test('tables in title order', () => {
  assert.deepEqual(sortedTables(DASHBOARD).map((t) => t.id), ['a', 'b']);
});

test('refresh every 30 s while the page is in sight', () => {
  assert.equal(refreshDue(NaN, 0, true), true);
  assert.equal(refreshDue(1000, 1000 + REFRESH_MS - 1, true), false);
  assert.equal(refreshDue(1000, 1000 + REFRESH_MS, true), true);
  assert.equal(refreshDue(1000, 1000 + REFRESH_MS * 5, false), false);
});

test('the API sends the bearer; refusals say the catalogue’s words, never the server’s', async () => {
  const calls = [];
  const answers = {
    '/api/procedures/p/dashboard': { status: 200, body: DASHBOARD },
    '/api/procedures/p/dashboard.csv': { status: 200, text: 'Sedute\r\n', headers: { 'Content-Disposition': 'attachment; filename="cruscotto-p.csv"' } },
  };
  const fetch = async (url, init) => {
    calls.push([url, init.headers.Authorization]);
    const answer = answers[url] ?? { status: 403, body: { error: "the procedure's dashboard is for its coordinators (cabina di regia) and the administrator" } };
    return new Response(answer.text ?? JSON.stringify(answer.body), { status: answer.status, headers: answer.headers });
  };
  const api = new DashboardAPI({ procedure: 'p', token: 'tok', fetch });
  assert.equal((await api.dashboard()).procedure.id, 'avviso-anziani');
  const file = await api.file('csv');
  assert.equal(await file.blob.text(), 'Sedute\r\n');
  assert.match(file.disposition, /cruscotto-p\.csv/);
  assert.deepEqual(calls[0], ['/api/procedures/p/dashboard', 'Bearer tok']);

  const other = new DashboardAPI({ procedure: 'q', token: 'tok', fetch });
  const refused = await other.dashboard().catch((error) => error);
  assert.ok(refused instanceof DashboardError);
  assert.equal(refused.status, 403);
  assert.equal(describeError(refused, 'it'), it.errors.dashboardForbidden);

  const cases = [
    [401, 'invitation revoked: ask the facilitator for a new link', it.errors.invitationRevoked],
    [404, 'procedure nessuno not found', it.errors.procedureNotFound],
    [429, 'too many heavy reads at once', it.errors.tooManyRequests],
    [503, 'storage unavailable; retry', it.errors.unavailable],
  ];
  for (const [status, error, words] of cases) {
    const api2 = new DashboardAPI({ procedure: 'p', token: 't', fetch: async () => new Response(JSON.stringify({ error }), { status }) });
    const caught = await api2.dashboard().catch((e) => e);
    assert.equal(describeError(caught, 'it'), words, `${status}`);
  }
  const offline = new DashboardAPI({ procedure: 'p', token: 't', fetch: async () => { throw new TypeError('fetch failed'); } });
  assert.equal(describeError(await offline.dashboard().catch((e) => e), 'it'), it.errors.network);
});
