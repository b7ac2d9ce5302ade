import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdminAPI, AdminError, errorKey } from '../api.js';

function fakeFetch(answers) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, ...init, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return {
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      json: async () => { if (answer.body === undefined) throw new SyntaxError('no body'); return answer.body; },
    };
  };
  return { fetch, calls };
}

test('every call carries the admin key as bearer, JSON in and out', async () => {
  const { fetch, calls } = fakeFetch([
    { status: 200, body: [{ id: 'a', title: 'A', createdAt: '2026-12-05T08:20:46Z' }] },
    { status: 201, body: { id: 'b', title: 'B' } },
    { status: 201, body: { invitation: { id: 'i' }, token: 't', link: 'http://x/#invito=t' } },
    { status: 200, body: { link: 'http://x/#invito=t', token: 't' } },
    { status: 200, body: { revoked: 'i' } },
    { status: 200, body: [] },
  ]);
  const api = new AdminAPI({ key: 'k'.repeat(40), fetch });
  assert.equal((await api.tables())[0].title, 'A');
  await api.createTable({ id: 'b', title: 'B', area: '  anziani ', procedure: '' });
  await api.invite('b/c', { role: 'ets', name: 'Carla', organisation: 'Aurora', days: 7 });
  assert.equal((await api.link('i d')).token, 't');
  await api.revoke('i');
  await api.invitations('b');
  assert.deepEqual(calls.map((c) => `${c.method} ${c.url}`), [
    'GET /api/tables', 'POST /api/tables', 'POST /api/tables/b%2Fc/invitations', 'GET /api/invitations/i%20d/link',
    'DELETE /api/invitations/i', 'GET /api/tables/b/invitations',
  ]);
  for (const call of calls) assert.equal(call.headers.Authorization, `Bearer ${'k'.repeat(40)}`);
  assert.deepEqual(calls[1].body, { id: 'b', title: 'B', area: 'anziani' }, 'empty optional fields left out');
  assert.equal(calls[1].headers['Content-Type'], 'application/json');
  assert.deepEqual(calls[2].body, { role: 'ets', name: 'Carla', organisation: 'Aurora', days: 7 });
  assert.equal(calls[0].headers['Content-Type'], undefined, 'no body, no content type');
});

test('refusals become AdminErrors with the status; each has a catalogue entry', async () => {
  const { fetch } = fakeFetch([
    { status: 401, body: { error: "send the token as 'Authorization: Bearer <token>'" } },
    { status: 409, body: { error: 'table exists' } },
    { status: 503 },
    new TypeError('Failed to fetch'),
  ]);
  const api = new AdminAPI({ key: 'k', fetch });
  const statuses = [];
  for (const call of [() => api.tables(), () => api.createTable({ id: 'a', title: 'A' }), () => api.tables(), () => api.tables()]) {
    await assert.rejects(call(), (error) => { statuses.push([error.status, errorKey(error)]); return error instanceof AdminError; });
  }
  assert.deepEqual(statuses, [[401, 'invalidKey'], [409, 'idTaken'], [503, 'unavailable'], [0, 'network']]);
  assert.equal(errorKey(new AdminError(404, 'x'), 'invitation'), 'invitationNotFound');
  assert.equal(errorKey(new AdminError(404, 'x')), 'tableNotFound');
  assert.equal(errorKey(new AdminError(410, 'x')), 'linkGone');
  assert.equal(errorKey(new AdminError(500, 'x')), 'serverError');
  assert.equal(errorKey(new Error('x')), 'unexpected');
});

test('procedures: a list where the server has them, null where it has no such endpoint', async () => {
  const { fetch } = fakeFetch([
    { status: 200, body: [{ id: 'p', title: 'Avviso' }] },
    { status: 404, body: { error: 'no such endpoint' } },
    { status: 401, body: { error: 'wrong bearer token' } },
  ]);
  const api = new AdminAPI({ key: 'k', fetch });
  assert.deepEqual(await api.procedures(), [{ id: 'p', title: 'Avviso' }]);
  assert.equal(await api.procedures(), null);
  await assert.rejects(api.procedures(), (error) => error.status === 401);
  assert.equal(errorKey(new AdminError(404, 'procedure x not found'), 'procedure'), 'procedureNotFound');
});

test('a procedure is registered with its optional fields only when given', async () => {
  const { fetch, calls } = fakeFetch([{ status: 201, body: { id: 'p' } }, { status: 201, body: { id: 'q' } }]);
  const api = new AdminAPI({ key: 'k', fetch });
  await api.createProcedure({ id: 'p', title: 'Avviso', legalBasis: ' art. 55 ', actReference: '', areas: ['Anziani'] });
  await api.createProcedure({ id: 'q', title: 'Altro', areas: [] });
  assert.deepEqual(calls.map((c) => [c.method, c.url, c.body]), [
    ['POST', '/api/procedures', { id: 'p', title: 'Avviso', legalBasis: 'art. 55', areas: ['Anziani'] }],
    ['POST', '/api/procedures', { id: 'q', title: 'Altro' }],
  ]);
});

test('a procedure is edited with PUT (every field sent) and a table published or taken off with PUT publication (issue 13)', async () => {
  const { fetch, calls } = fakeFetch([
    { status: 200, body: { id: 'avviso 2026', title: 'Avviso', areas: ['Anziani'], publicInitialsOnly: true } },
    { status: 200, body: { id: 'ambito', title: 'Ambito', publishedAt: '2026-12-05T09:00:00Z' } },
    { status: 404, body: { error: 'procedure x not found' } },
  ]);
  const api = new AdminAPI({ key: 'k'.repeat(40), fetch });
  const stored = await api.updateProcedure('avviso 2026', { title: ' Avviso ', legalBasis: '', actReference: ' Determina n. 1 ', areas: ['Anziani'], publicInitialsOnly: 1 });
  assert.equal(stored.publicInitialsOnly, true);
  assert.equal(calls[0].method, 'PUT');
  assert.equal(calls[0].url, '/api/procedures/avviso%202026');
  assert.deepEqual(calls[0].body, { id: 'avviso 2026', title: 'Avviso', legalBasis: '', actReference: 'Determina n. 1', areas: ['Anziani'], publicInitialsOnly: true });
  assert.equal((await api.setPublication('ambito', true)).publishedAt, '2026-12-05T09:00:00Z');
  assert.equal(calls[1].method, 'PUT');
  assert.equal(calls[1].url, '/api/tables/ambito/publication');
  assert.deepEqual(calls[1].body, { published: true });
  await assert.rejects(api.updateProcedure('x', { title: 'X' }), (error) => error instanceof AdminError && errorKey(error, 'procedure') === 'procedureNotFound');
});
