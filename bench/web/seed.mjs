// The table bench/web/measure.py opens: a live session and a shared project of a few thousand
// characters, written through the real server with the browser's own client code
// (web/client/table-client.js), as the facilitator.
//   node --experimental-websocket bench/web/seed.mjs <ws-url> <table> <facilitator token> <project characters> <marker>
// The project text starts with <marker> (the history page's probe waits for it). Prints one JSON line.
import { TableClient } from '../../web/client/table-client.js';
import { ObjectRef } from '../../web/crdt/ids.js';
import { PROJECT } from '../../web/table/layout.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PARAGRAPH = 'Il tavolo discute la proposta di servizio per gli anziani soli del distretto, con attenzione ai trasporti. ';

async function until(condition, what, ms = 30000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const [url, table, token, characters, marker] = process.argv.slice(2);
const client = new TableClient({ url, table, token, replica: `bench-seed-${Date.now()}` });
client.connect();
await until(() => client.status === 'online' && client.state, 'the facilitator to join');
await client.act({ scheduleSession: { title: 'Prima seduta' } });
const session = client.state.sessions.at(-1).id;
await client.act({ openSession: { session } });

const projectText = () => {
  const value = client.document.value(PROJECT);
  return value instanceof ObjectRef ? value.id : null;
};
await until(projectText, 'the project text');
const text = projectText();
const body = `# ${marker}\n\n` + `${PARAGRAPH.repeat(4).trimEnd()}\n\n`.repeat(Math.ceil(Number(characters) / 430));
client.edit((document) => document.insertText(body.slice(0, Number(characters)), 0, text));
await until(() => client.synced, 'the project to be acknowledged');
console.log(JSON.stringify({ session, project: client.document.textLength(text) }));
client.close();
