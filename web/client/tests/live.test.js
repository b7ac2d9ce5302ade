// Several Node clients (the same client code as the browser) edit one table through the
// real server, with random disconnects; all must converge. Needs the built server
// (scripts/test.sh builds it) and Node's WebSocket (`--experimental-websocket`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { TableClient } from '../table-client.js';
import { applyPatches } from '../../table/text-sync.js';
import { ObjectRef, sameID } from '../../crdt/ids.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const binary = process.env.TAVOLO_BINARY ?? join(root, '.build', 'debug', 'tavolo');

async function startServer() {
  assert.ok(existsSync(binary), `build the server first (swift build): ${binary} is missing`);
  assert.ok(globalThis.WebSocket, 'run node with --experimental-websocket');
  const data = mkdtempSync(join(tmpdir(), 'tavolo-live-'));
  const server = spawn(binary, ['serve', '--port', '0', '--web-root', join(root, 'web'), '--data-directory', data, '--authentication', 'open'],
    { stdio: ['ignore', 'pipe', process.env.TAVOLO_SERVER_LOG ? 'inherit' : 'ignore'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', () => reject(new Error('server exited')));
  });
  const port = Number(line.match(/:(\d+)$/)[1]);
  return { server, url: `ws://127.0.0.1:${port}/ws` };
}

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition, what, ms = 20000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function textObject(client) {
  const value = client.document.value('verbale');
  return value instanceof ObjectRef ? value.id : null;
}

test('Node clients converge through the real server despite random disconnects', async () => {
  const { server, url } = await startServer();
  try {
    const random = seeded(7);
    const clients = ['anna', 'bruno', 'carla', 'dario'].map((replica) =>
      new TableClient({ url, table: 'tavolo-node', replica, name: replica, batchDelayMs: 5 }));
    const [anna] = clients;
    const errors = {};
    for (const client of clients) client.on('error', (e) => { (errors[client.replica] ??= []).push(e); });
    // What an editor shows: kept only from local edits and the patches of each 'change', as the
    // browser's textarea is; it must end equal to the replica's text.
    const shown = new Map();
    for (const client of clients) {
      client.on('change', ({ patches, reset }) => {
        const text = textObject(client);
        if (!text) return;
        if (reset || !shown.has(client)) { shown.set(client, client.document.text(text)); return; }
        shown.set(client, applyPatches(shown.get(client), patches, (object) => sameID(object, text)));
      });
    }
    anna.connect();
    await until(() => anna.status === 'online', 'anna online');
    anna.edit((document) => {
      const text = document.makeObject('text', 'verbale');
      document.insertText('Verbale della seduta\n', 0, text);
    });
    await until(() => anna.synced, 'anna synced');
    for (const client of clients.slice(1)) client.connect();
    await until(() => clients.every((c) => c.status === 'online' && textObject(c)), 'everyone has the text');

    const words = ['sì ', 'no ', 'forse ', 'ETS ', 'PA ', '🙂 ', 'e\u0301 ', 'città '];
    for (let round = 0; round < 400; round++) {
      const client = clients[Math.floor(random() * clients.length)];
      const text = textObject(client);
      client.edit((document) => {
        const length = document.textLength(text);
        if (length > 10 && random() < 0.3) {
          const at = Math.floor(random() * (length - 3));
          document.deleteText(at, 1 + Math.floor(random() * 3), text);
        } else {
          document.insertText(words[Math.floor(random() * words.length)], Math.floor(random() * (length + 1)), text);
        }
      });
      shown.set(client, client.document.text(text));
      if (random() < 0.02) client.drop();  // the network fails; the client keeps editing and reconnects
      if (random() < 0.3) await sleep(1);
    }
    await until(() => clients.every((c) => c.synced), 'every edit acknowledged').catch((error) => {
      const detail = clients.map((c) => `${c.replica}: ${c.status} sent=${c.sent} own=${c.document.version.get(c.replica)} pending=${c.pendingRefs.size} errors=${JSON.stringify(errors[c.replica])}`);
      throw new Error(`${error.message}\n${detail.join('\n')}`);
    });
    await until(() => clients.every((c) => c.document.version.equals(clients[0].document.version)), 'same version everywhere');
    const expected = clients[0].document.text(textObject(clients[0]));
    for (const client of clients) assert.equal(client.document.text(textObject(client)), expected);
    for (const client of clients) assert.equal(shown.get(client), expected, `what ${client.replica}'s editor shows`);
    assert.ok(clients.every((c) => c.principal), 'welcome names the principal');

    // A long paste is more operations than one message may carry: it goes in several.
    anna.edit((document) => document.insertText('incollato '.repeat(1500), 0, textObject(anna)));
    await until(() => anna.synced, 'the long paste acknowledged');
    await until(() => clients.every((c) => c.document.version.equals(anna.document.version)), 'everyone has the paste');
    const pasted = anna.document.text(textObject(anna));
    for (const client of clients) assert.equal(client.document.text(textObject(client)), pasted);

    const late = new TableClient({ url, table: 'tavolo-node', replica: 'elena', name: 'Elena' });
    late.connect();
    await until(() => late.status === 'online', 'late joiner online');
    assert.equal(late.document.text(textObject(late)), pasted);
    for (const client of [...clients, late]) client.close();
  } finally {
    server.kill('SIGTERM');
  }
});
