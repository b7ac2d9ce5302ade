// Protocol version 2 (docs/protocol.md "Versions", `ops`): the client asks for it, and applies an
// `ops` message carrying several batches as if each had come alone, in order, with one 'change'
// per batch whose patches an editor can replay. A fake socket stands for the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableClient } from '../table-client.js';
import { Document, Version } from '../../crdt/document.js';
import { toBase64 } from '../base64.js';
import { applyPatches } from '../../table/text-sync.js';
import { sameID } from '../../crdt/ids.js';

class FakeSocket {
  static last = null;
  constructor() { this.readyState = 1; this.sent = []; FakeSocket.last = this; }
  send(data) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; this.onclose?.(); }
}

/** Runs `edit` on `doc` and returns the batch it made, base64, as the server relays it. */
function batch(doc, edit) {
  const since = new Version(doc.version.counts);
  edit(doc);
  return toBase64(doc.encodedOperations(since));
}

test('a v2 client applies coalesced and single ops in order and reports each batch', () => {
  const server = new Document('server');
  const project = server.makeObject('text', 'project');
  const scaffold = toBase64(server.encodedOperations());
  // Bruno types, Dario types after Bruno's words (his batch depends on Bruno's), then Bruno again.
  const bruno = new Document('bruno-1'), dario = new Document('dario-1');
  bruno.applyEncoded(server.encodedOperations());
  const first = batch(bruno, (d) => d.insertText('Ciao', 0, project));
  dario.applyEncoded(bruno.encodedOperations());
  const second = batch(dario, (d) => d.insertText(' a tutti', 4, project));
  bruno.applyEncoded(dario.encodedOperations());
  const third = batch(bruno, (d) => d.insertText('!', 12, project));

  const client = new TableClient({ url: 'ws://test/ws', table: 't', replica: 'carla-1', WebSocketImpl: FakeSocket });
  const changes = [];
  let shown = '';
  client.on('change', ({ author, patches, reset }) => {
    changes.push(author);
    shown = reset ? client.document.text(project) : applyPatches(shown, patches, (object) => sameID(object, project));
  });
  client.connect();
  const socket = FakeSocket.last;
  socket.onopen();
  assert.equal(socket.sent[0].type, 'hello');
  assert.equal(socket.sent[0].protocol, 2, 'the client speaks protocol version 2');
  client.receive({ type: 'welcome', protocol: 2, principal: 'guest:carla-1' });
  client.receive({ type: 'joined', table: 't', version: { server: 1 }, ops: scaffold, members: [] });
  changes.length = 0;
  shown = client.document.text(project);

  client.receive({ type: 'ops', batches: [{ author: 'bruno-1', ops: first }, { author: 'dario-1', ops: second }] });
  assert.equal(client.document.text(project), 'Ciao a tutti');
  client.receive({ type: 'ops', author: 'bruno-1', ops: third });
  assert.equal(client.document.text(project), 'Ciao a tutti!');
  assert.deepEqual(changes, ['bruno-1', 'dario-1', 'bruno-1'], "one 'change' per batch, in order, with its author");
  assert.equal(shown, 'Ciao a tutti!', 'the patches replay to what the replica holds');
  client.document.checkInvariants();
});
