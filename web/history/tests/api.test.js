import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APIError, HistoryAPI, query } from '../api.js';

/** A fetch that answers from a table of paths and records what it was asked. */
function fakeFetch(routes) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, auth: init.headers.Authorization, signal: init.signal });
    const [status, body, headers = {}] = routes(url) ?? [404, { error: 'no route' }];
    return {
      ok: status >= 200 && status < 300, status,
      json: async () => (typeof body === 'string' ? JSON.parse(body) : body),
      blob: async () => new Blob([typeof body === 'string' ? body : JSON.stringify(body)]),
      headers: { get: (name) => headers[name] ?? null },
    };
  };
  return { fetch, calls };
}

test('queries leave out absent parameters and encode text paths', () => {
  assert.equal(query('/history/events', { session: undefined }), '/history/events');
  assert.equal(query('/history/authorship', { text: 'proposal:Coop A/B/goals', at: 5 }),
    '/history/authorship?text=proposal%3ACoop%20A%2FB%2Fgoals&at=5');
});

test('every call carries the bearer and names the contract paths', async () => {
  const { fetch, calls } = fakeFetch(() => [200, {}]);
  const api = new HistoryAPI({ table: 'ambito-anziani', token: 'tok', fetch });
  await api.overview();
  await api.events('s1');
  await api.state(100, 'minutes:s1');
  await api.authorship('project', 100);
  await api.diff('project', 1, 2);
  await api.file(api.minutesPath('s1', 'pdf'));
  await api.file(api.exportPath('minutes:s1/text', 7, 'odt'));
  await api.file(api.auditPath());
  assert.deepEqual(calls.map((c) => c.url), [
    '/api/tables/ambito-anziani/history',
    '/api/tables/ambito-anziani/history/events?session=s1',
    '/api/tables/ambito-anziani/history/state?at=100&area=minutes%3As1',
    '/api/tables/ambito-anziani/history/authorship?text=project&at=100',
    '/api/tables/ambito-anziani/history/diff?text=project&from=1&to=2',
    '/api/tables/ambito-anziani/sessions/s1/minutes.pdf',
    '/api/tables/ambito-anziani/documents/export.odt?text=minutes%3As1%2Ftext&at=7',
    '/api/tables/ambito-anziani/audit.csv',
  ]);
  assert.ok(calls.every((c) => c.auth === 'Bearer tok'));
});

test('answers about a past moment are cached; the overview and events are not', async () => {
  const { fetch, calls } = fakeFetch((url) => [200, { url }]);
  const api = new HistoryAPI({ table: 't', token: 'x', fetch, cacheSize: 2 });
  const first = await api.state(1, 'project');
  assert.equal(await api.state(1, 'project'), first);
  await api.overview();
  await api.overview();
  await api.events();
  await api.events();
  assert.equal(calls.length, 5);
  await api.state(2, 'project');
  await api.state(1, 'project'); // still cached, and now the most recent
  await api.state(3, 'project'); // evicts at=2
  await api.state(2, 'project');
  assert.deepEqual(calls.slice(5).map((c) => c.url.split('?')[1]), ['at=2&area=project', 'at=3&area=project', 'at=2&area=project']);
});

test('refusals become errors with the status and the server\'s message', async () => {
  const { fetch } = fakeFetch((url) => (url.endsWith('minutes.pdf')
    ? [409, { error: 'the minutes of session s1 are not approved' }]
    : [502, 'not json at all']));
  const api = new HistoryAPI({ table: 't', token: 'x', fetch });
  await assert.rejects(api.file(api.minutesPath('s1', 'pdf')), (error) => {
    assert.ok(error instanceof APIError);
    assert.equal(error.status, 409);
    assert.equal(error.message, 'the minutes of session s1 are not approved');
    return true;
  });
  await assert.rejects(api.overview(), { status: 502, message: 'HTTP 502' });
});

test('the signed verbale: uploaded as the raw body with its type and the bearer, served at the same path; a refusal keeps its status', async () => {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    if (init.method === 'POST' && init.headers['Content-Type'] === 'application/pdf') {
      return { ok: true, status: 201, json: async () => ({ session: 's1', kind: 'pades', sha256: 'ab', uploadedAt: 5 }), headers: { get: () => null } };
    }
    return { ok: false, status: 422, json: async () => ({ error: 'the PDF carries no digital signature: sign it' }), headers: { get: () => null } };
  };
  const api = new HistoryAPI({ table: 'ambito anziani', token: 'tok', fetch });
  const pdf = new File([new Uint8Array([37, 80, 68, 70])], 'verbale.pdf');
  assert.equal((await api.uploadSigned('s 1', pdf)).kind, 'pades');
  assert.equal(calls[0].url, '/api/tables/ambito%20anziani/sessions/s%201/signed');
  assert.equal(calls[0].init.headers.Authorization, 'Bearer tok');
  assert.equal(calls[0].init.body, pdf);
  await assert.rejects(api.uploadSigned('s1', new File([new Uint8Array([1])], 'verbale.pdf.p7m')), (error) => {
    assert.ok(error instanceof APIError);
    assert.equal(error.status, 422);
    assert.match(error.message, /no digital signature/);
    return true;
  });
  assert.equal(calls[1].init.headers['Content-Type'], 'application/pkcs7-mime');
  assert.equal(api.signedPath('s1'), '/sessions/s1/signed');
});
