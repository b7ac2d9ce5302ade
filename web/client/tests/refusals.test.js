// What the client does with a batch of its edits the server refuses (docs/protocol.md `error`,
// "Quotas"): for good (forbidden, a member's share or the table's reserve reached) it starts
// again from the server's copy and says so with 'refused'; for now (a rate limit, the per-minute
// quota) it keeps the edits and sends them again, after the quota's ten seconds, with 'delayed'.
// A fake socket stands for the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TableClient, refusedForGood, waitsForQuota } from '../table-client.js';

class FakeSocket {
  static last = null;
  constructor() { this.readyState = 1; this.sent = []; FakeSocket.last = this; }
  send(data) { this.sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; this.onclose?.(); }
}

/** A client joined to an empty table, with one typed batch sent (returns the batch's ref). */
function joinedClient() {
  const client = new TableClient({ url: 'ws://test/ws', table: 't', replica: 'carla-1', WebSocketImpl: FakeSocket, batchDelayMs: 5 });
  const events = [];
  for (const name of ['refused', 'delayed', 'change']) client.on(name, (value) => events.push([name, value?.limit ?? value?.code ?? (value?.reset ? 'reset' : '')]));
  client.connect();
  const socket = FakeSocket.last;
  socket.onopen();
  client.receive({ type: 'welcome', principal: 'invitation:carla' });
  client.receive({ type: 'joined', version: {}, state: {}, members: [] });
  events.length = 0;
  client.edit((doc) => doc.spliceText(0, 0, 'ciao', doc.makeObject('text', 'project')));
  client.flush();
  const ops = socket.sent.filter((m) => m.type === 'ops');
  assert.equal(ops.length, 1);
  return { client, socket, events, ref: ops[0].ref, opsSent: () => socket.sent.filter((m) => m.type === 'ops').length };
}

test('which refusals are for good and which wait', () => {
  const quota = (limit) => ({ code: 'limit_exceeded', limit });
  for (const limit of ['memberSharePercent', 'reservePercent', 'maxDocumentOperations']) assert.equal(refusedForGood(quota(limit)), true, limit);
  for (const limit of ['memberOperationsPerMinute', 'messagesPerSecond', 'maxOperationsPerMessage']) assert.equal(refusedForGood(quota(limit)), false, limit);
  assert.equal(refusedForGood({ code: 'forbidden' }), true);
  assert.equal(waitsForQuota(quota('memberOperationsPerMinute')), true);
  assert.equal(waitsForQuota(quota('messagesPerSecond')), false);
  assert.equal(waitsForQuota({ code: 'forbidden' }), false);
});

for (const [why, error] of [
  ['read-only (forbidden)', { code: 'forbidden', message: 'a facilitator has made you read-only at this table' }],
  ['a member’s share', { code: 'limit_exceeded', limit: 'memberSharePercent', message: 'you have written 20%…' }],
  ['the table’s reserve', { code: 'limit_exceeded', limit: 'reservePercent', message: 'table t is nearly full…' }],
]) {
  test(`edits refused for good (${why}) are said once and the replica restarts from the server's copy`, () => {
    const { client, socket, events, ref } = joinedClient();
    client.receive({ type: 'error', ref, ...error });
    assert.deepEqual(events, [['refused', error.limit ?? error.code]]);
    assert.deepEqual(socket.sent.at(-1), { type: 'join', table: 't', version: {} }, 'a fresh join, not the same batch again');
    assert.equal(client.resyncing, true);
    client.receive({ type: 'joined', version: {}, state: {}, members: [] });
    assert.deepEqual(events.at(-1), ['change', 'reset']);
    assert.equal(client.document.value('project'), undefined, 'the refused edit is gone from the replica');
  });
}

test('the per-minute quota holds my edits ten seconds, also while I type on, then sends them again', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const { client, events, ref, opsSent } = joinedClient();
  client.receive({ type: 'error', ref, code: 'limit_exceeded', limit: 'memberOperationsPerMinute', message: 'more than 60000 operations in a minute' });
  assert.deepEqual(events, [['delayed', 'memberOperationsPerMinute']]);
  assert.equal(client.pendingRefs.size, 0);
  client.edit((doc) => doc.spliceText(4, 0, '!', doc.value('project').id));
  t.mock.timers.tick(9_000);
  assert.equal(opsSent(), 1, 'nothing goes before the quota can take it');
  t.mock.timers.tick(1_000);
  assert.equal(opsSent(), 2, 'then everything not acknowledged goes, in one batch');
  assert.equal(events.length, 1, 'nothing was dropped: no refusal');
});

test('a message-rate refusal waits a second, as before, without holding what I type next', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const { client, events, ref, opsSent } = joinedClient();
  client.receive({ type: 'error', ref, code: 'limit_exceeded', limit: 'messagesPerSecond', message: 'slow down' });
  assert.deepEqual(events, [['delayed', 'messagesPerSecond']]);
  client.edit((doc) => doc.spliceText(4, 0, '!', doc.value('project').id));
  t.mock.timers.tick(5);
  assert.equal(opsSent(), 2);
});

test('an action refused with forbidden is the action’s answer, not a refusal of edits', async () => {
  const { client, events } = joinedClient();
  const done = client.act({ setReadOnly: { participantID: 'invitation:fabio', readOnly: true } });
  const { ref } = FakeSocket.last.sent.at(-1);
  client.receive({ type: 'error', ref, code: 'forbidden', message: 'only facilitators stop a member from editing' });
  await assert.rejects(done, (error) => error.code === 'forbidden');
  assert.deepEqual(events, []);
  assert.equal(client.resyncing, false);
});

