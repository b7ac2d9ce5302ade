// The session record through the real server (issue 13, item 1): the action the form makes is the
// one the server accepts, every member reads the same facts back from the table state, and what
// the server refuses (a person who never joined, a link that is not http(s), a member who does not
// facilitate, an approved session) is said in the catalogue's words.
// Run: TAVOLO_BINARY=… node --test --experimental-websocket web/facilitation/tests/record-live.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { TableClient } from '../../client/table-client.js';
import { recordAction, recordForm, sessionFacts, factLines, isChairOrSecretary } from '../record-model.js';
import { errorText } from '../model.js';
import it from '../../i18n/it.js';

const root = joinPath(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const binary = process.env.TAVOLO_BINARY ?? joinPath(root, '.build', 'debug', 'tavolo');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition, what, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function startServer() {
  assert.ok(existsSync(binary), `build the server first (swift build): ${binary} is missing`);
  const data = mkdtempSync(joinPath(tmpdir(), 'tavolo-record-'));
  const run = (...args) => execFileSync(binary, [...args, '--data-directory', data], { encoding: 'utf8' });
  run('table', 'create', '--id', 'ambito', '--title', 'Ambito anziani');
  const token = (role, name, org) => /#invito=(\S+)/.exec(run('invite', '--table', 'ambito', '--role', role, '--name', name, '--org', org))[1];
  const tokens = { facilitator: token('facilitator', 'Fabio Neri', 'Ufficio di Piano'), pa: token('pa', 'Anna Rossi', 'Comune di Budrio'),
    ets: token('ets', 'Bruno Bianchi', 'Coop. Il Ponte'), absent: token('ets', 'Carla Verdi', 'Associazione Aurora') };
  const server = spawn(binary, ['serve', '--port', '0', '--web-root', joinPath(root, 'web'), '--data-directory', data], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', () => reject(new Error('server exited')));
  });
  return { server, url: `ws://127.0.0.1:${line.match(/:(\d+)$/)[1]}/ws`, tokens };
}

async function arrive(url, token, replica) {
  const client = new TableClient({ url, table: 'ambito', replica, token, batchDelayMs: 5 });
  const me = { principal: null };
  const receive = client.receive.bind(client);
  client.receive = (message) => { if (message.type === 'welcome') me.principal = message.principal; receive(message); };
  client.connect();
  await until(() => client.status === 'online' && client.state, `${replica} online`);
  return { client, me };
}

test('the record the form makes is the one the server keeps, and its refusals read in Italian', async () => {
  assert.ok(globalThis.WebSocket, 'run node with --experimental-websocket');
  const { server, url, tokens } = await startServer();
  const everyone = [];
  try {
    const fabio = await arrive(url, tokens.facilitator, 'fabio-tab');
    const anna = await arrive(url, tokens.pa, 'anna-tab');
    const bruno = await arrive(url, tokens.ets, 'bruno-tab');
    everyone.push(fabio, anna, bruno);
    await fabio.client.act({ scheduleSession: { title: 'Prima seduta' } });
    const id = fabio.client.state.sessions[0].id;
    await until(() => anna.client.state.present?.length === 3, 'everyone present');

    const at = new Date(2026, 11, 5, 15, 0).getTime();
    const form = { ...recordForm(fabio.client.state.sessions[0]), when: '2026-12-05T15:00', mode: 'mixed', place: 'Sala consiliare, Budrio',
      meetingLink: 'meet.example.org/tavolo', chair: anna.me.principal, secretary: bruno.me.principal };
    const { action } = recordAction(id, form);
    await fabio.client.act(action);
    await until(() => bruno.client.state.sessions[0].details?.place, 'the record everywhere');
    const details = bruno.client.state.sessions[0].details;
    assert.deepEqual({ ...details }, { scheduledAt: at, mode: 'mixed', place: 'Sala consiliare, Budrio', meetingLink: 'https://meet.example.org/tavolo',
      chair: anna.me.principal, secretary: bruno.me.principal });
    // The form reads back what it sent.
    assert.deepEqual(recordForm(bruno.client.state.sessions[0]), { ...form, meetingLink: 'https://meet.example.org/tavolo' });
    const lines = factLines(sessionFacts(bruno.client.state.sessions[0], bruno.client.state), it.facilitation.record);
    assert.deepEqual(lines.map((l) => l.value), ['5 dicembre 2026, ore 15:00', 'Mista (in presenza e online)', 'Sala consiliare, Budrio',
      'Partecipa alla riunione online', 'Anna Rossi (Comune di Budrio)', 'Bruno Bianchi (Coop. Il Ponte)']);
    assert.equal(isChairOrSecretary(bruno.client.state.sessions[0], anna.me.principal), true);

    // Emptying a field clears it on the server (the record is replaced whole).
    await fabio.client.act(recordAction(id, { ...form, meetingLink: '', secretary: '' }).action);
    await until(() => !bruno.client.state.sessions[0].details?.meetingLink, 'the link cleared');
    assert.equal(bruno.client.state.sessions[0].details.secretary ?? null, null);

    // Refusals, in the catalogue's words.
    const refused = async (client, act) => {
      try { await client.act(act); } catch (error) { return errorText(it.facilitation, error); }
      throw new Error('not refused');
    };
    assert.equal(await refused(fabio.client, { setSessionDetails: { session: id, details: { chair: 'invitation:nobody', place: '', meetingLink: '' } } }), it.errors.recordPersonUnknown);
    assert.equal(await refused(fabio.client, { setSessionDetails: { session: id, details: { place: '', meetingLink: 'ftp://x.org' } } }), it.errors.meetingLinkScheme);
    assert.equal(await refused(anna.client, action), it.errors.forbidden);
  } finally {
    for (const { client } of everyone) client.close();
    server.kill();
  }
});
