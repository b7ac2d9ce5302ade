// Simulated people typing into a session's minutes through the real server, with the same
// client code as the browser (web/client/table-client.js), and showing their carets as the
// browser does. Used by bench/web/page.py.
//   node --experimental-websocket bench/web/typists.mjs session <ws-url> <table> <facilitator token> <title>
//   node --experimental-websocket bench/web/typists.mjs prefill <ws-url> <table> <token> <session> <characters> [paragraphs|one-paragraph]
//   node --experimental-websocket bench/web/typists.mjs type <ws-url> <table> <session> <seconds> <chars/s> <token>...
// Prints one JSON line when done.
import { TableClient } from '../../web/client/table-client.js';
import { ObjectRef } from '../../web/crdt/ids.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PARAGRAPH = 'Il tavolo discute la proposta di servizio per gli anziani soli del distretto, con attenzione ai trasporti. ';

async function until(condition, what, ms = 30000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function minutesText(client, session) {
  const minutes = client.document.value(`minutes:${session}`);
  if (!(minutes instanceof ObjectRef)) return null;
  const text = client.document.value('text', minutes.id);
  return text instanceof ObjectRef ? text.id : null;
}

async function join(url, table, token, replica, session) {
  const client = new TableClient({ url, table, token, replica, batchDelayMs: 20 });
  client.connect();
  await until(() => client.status === 'online' && minutesText(client, session), `${replica} to join ${table}`);
  return client;
}

async function openSession(url, table, token, title) {
  const client = new TableClient({ url, table, token, replica: `facilitator-${Date.now()}` });
  client.connect();
  await until(() => client.status === 'online' && client.state, 'the facilitator to join');
  await client.act({ scheduleSession: { title } });
  const session = client.state.sessions.at(-1).id;
  await client.act({ openSession: { session } });
  console.log(JSON.stringify({ session }));
  client.close();
}

// Minutes are written in paragraphs (here of four sentences, about 430 characters); the
// one-paragraph text is the worst case for a textarea, which lays a paragraph out as a whole.
async function prefill(url, table, token, session, characters, shape = 'paragraphs') {
  const client = await join(url, table, token, `seed-${Date.now()}`, session);
  const text = minutesText(client, session);
  const unit = shape === 'one-paragraph' ? PARAGRAPH : `${PARAGRAPH.repeat(4).trimEnd()}\n`;
  // Under the server's maxOperationsPerMessage (10,000) per message: one chunk per round trip.
  while (client.document.textLength(text) < characters) {
    const missing = characters - client.document.textLength(text);
    const chunk = unit.repeat(Math.ceil(5000 / unit.length)).slice(0, Math.min(missing, 5000));
    client.edit((document) => document.insertText(chunk, document.textLength(text), text));
    await until(() => client.synced, 'the prefill to be acknowledged');
  }
  console.log(JSON.stringify({ prefilled: client.document.textLength(text) }));
  client.close();
}

async function type(url, table, session, seconds, rate, tokens) {
  const clients = await Promise.all(tokens.map((token, i) => join(url, table, token, `typist-${i}-${Date.now()}`, session)));
  const deadline = Date.now() + seconds * 1000;
  let typed = 0;
  await Promise.all(clients.map(async (client, i) => {
    const text = minutesText(client, session);
    // Each person types in their own spot, as people do in shared minutes.
    let position = Math.floor(client.document.textLength(text) * (i + 1) / (clients.length + 1));
    let shownAt = 0;
    while (Date.now() < deadline) {
      const character = PARAGRAPH[typed % PARAGRAPH.length];
      position = Math.min(position, client.document.textLength(text));
      client.edit((document) => document.insertText(character, position, text));
      position += 1;
      typed += 1;
      // Their caret, as the browser sends it (at most every 100 ms): the page draws it with their name.
      if (Date.now() - shownAt >= 100) {
        shownAt = Date.now();
        client.setPresence({ principal: client.principal, text: `${text.replica}@${text.counter}`, anchor: position, head: position });
      }
      await sleep(1000 / rate * (0.5 + Math.random()));
    }
  }));
  await until(() => clients.every((client) => client.synced), 'the typists to be acknowledged', 120000);
  console.log(JSON.stringify({ typists: clients.length, typed }));
  for (const client of clients) client.close();
}

const [mode, url, table, ...rest] = process.argv.slice(2);
if (mode === 'session') await openSession(url, table, rest[0], rest[1]);
else if (mode === 'prefill') await prefill(url, table, rest[0], rest[1], Number(rest[2]), rest[3]);
else if (mode === 'type') await type(url, table, rest[0], Number(rest[1]), Number(rest[2]), rest.slice(3));
else { console.error('usage: typists.mjs prefill|type …'); process.exit(2); }
