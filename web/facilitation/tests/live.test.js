// A whole session run through the real server with invitations, by the same client code and
// view-model the panel uses: what each role is offered is what the server then accepts, and the
// minutes hash computed in JavaScript is the one the server records at approval.
// Run: TAVOLO_BINARY=/tmp/tavolo-ui/tavolo node --test --experimental-websocket web/facilitation/tests/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { TableClient } from '../../client/table-client.js';
import { sessionsModel, queueModel, pollModel, pollAction, voteAction, reviewModel, people } from '../model.js';
import { readMinutes, addItem, contentHash } from '../minutes-document.js';

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
  assert.ok(globalThis.WebSocket, 'run node with --experimental-websocket');
  const data = mkdtempSync(joinPath(tmpdir(), 'tavolo-facilitation-'));
  const run = (...args) => execFileSync(binary, [...args, '--data-directory', data], { encoding: 'utf8' });
  run('table', 'create', '--id', 'ambito', '--title', 'Ambito anziani');
  const token = (role, name, org) => /#invito=(\S+)/.exec(run('invite', '--table', 'ambito', '--role', role, '--name', name, '--org', org))[1];
  const tokens = {
    facilitator: token('facilitator', 'Fabio Neri', 'Ufficio di Piano'),
    pa: token('pa', 'Anna Rossi', 'Comune di Budrio'),
    ets: token('ets', 'Bruno Bianchi', 'Coop. Il Ponte'),
    coordinator: token('coordinator', 'Carla Verdi', 'Ufficio di Piano'),
  };
  const server = spawn(binary, ['serve', '--port', '0', '--web-root', joinPath(root, 'web'), '--data-directory', data],
    { stdio: ['ignore', 'pipe', process.env.TAVOLO_SERVER_LOG ? 'inherit' : 'ignore'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: server.stdout }).once('line', resolve);
    server.once('exit', () => reject(new Error('server exited')));
  });
  return { server, url: `ws://127.0.0.1:${line.match(/:(\d+)$/)[1]}/ws`, tokens };
}

/** A client and the `me` the panel would get: the principal comes from `welcome`. */
async function arrive(url, token, role, replica) {
  const client = new TableClient({ url, table: 'ambito', replica, token, batchDelayMs: 5 });
  const me = { principal: null, role };
  const receive = client.receive.bind(client);
  client.receive = (message) => { if (message.type === 'welcome') me.principal = message.principal; receive(message); };
  client.connect();
  await until(() => client.status === 'online' && client.state, `${role} online`);
  return { client, me };
}

test('a session from scheduling to approved minutes, driven as the panel offers it', async () => {
  const { server, url, tokens } = await startServer();
  const everyone = [];
  try {
    const fabio = await arrive(url, tokens.facilitator, 'facilitator', 'fabio-tab');
    const anna = await arrive(url, tokens.pa, 'pa', 'anna-tab');
    const bruno = await arrive(url, tokens.ets, 'ets', 'bruno-tab');
    const carla = await arrive(url, tokens.coordinator, 'coordinator', 'carla-tab');
    everyone.push(fabio, anna, bruno, carla);
    const state = () => fabio.client.state;

    // Sessions: only the facilitator is offered scheduling; the server agrees.
    assert.equal(sessionsModel(state(), anna.me).schedule, false);
    await assert.rejects(anna.client.act({ scheduleSession: { title: 'No' } }), { code: 'forbidden' });
    await fabio.client.act({ scheduleSession: { title: 'Prima seduta' } });
    const [session] = state().sessions;
    assert.equal(sessionsModel(state(), fabio.me).sessions[0].open, true);
    await fabio.client.act({ openSession: { session: session.id } });
    await until(() => bruno.client.state.sessions[0].status === 'live', 'live everywhere');

    // Hands and the floor.
    assert.equal(queueModel(carla.client.state, carla.me, Date.now()).hand, null);
    await assert.rejects(carla.client.act({ raiseHand: {} }), { code: 'forbidden' });
    assert.equal(queueModel(bruno.client.state, bruno.me, Date.now()).hand, 'raise');
    await bruno.client.act({ raiseHand: {} });
    await anna.client.act({ raiseHand: {} });
    await until(() => [bruno, fabio].every((who) => who.client.state.queue.length === 2), 'queue seen by Bruno and Fabio');
    assert.equal(queueModel(bruno.client.state, bruno.me, Date.now()).hand, 'lower');
    const offered = queueModel(state(), fabio.me, Date.now());
    assert.deepEqual(offered.queue.map((q) => [q.person.name, q.give]), [['Bruno Bianchi', true], ['Anna Rossi', true]]);
    await fabio.client.act({ giveFloor: { participantID: offered.queue[0].id } });
    await until(() => [bruno, anna].every((who) => who.client.state.floor?.participantID === bruno.me.principal), 'Bruno speaks');
    const forBruno = queueModel(bruno.client.state, bruno.me, Date.now());
    assert.deepEqual([forBruno.floor.mine, forBruno.floor.release], [true, true]);
    assert.equal(queueModel(anna.client.state, anna.me, Date.now()).floor.release, false);
    await assert.rejects(anna.client.act({ releaseFloor: {} }), { code: 'forbidden' });
    await bruno.client.act({ releaseFloor: {} });
    await fabio.client.act({ lowerHandOf: { participantID: anna.me.principal } });

    // A poll: made from the form's text, voted, changed, closed, shown.
    await fabio.client.act(pollAction('Quale fascia oraria?', 'Mattina\nPomeriggio\nSera', false, false).action);
    await until(() => everyone.every((who) => who.client.state.polls.length === 1), 'poll everywhere');
    const poll = (who) => pollModel(who.client.state.polls[0], who.me, people(who.client.state));
    assert.equal(poll(carla).vote, false);
    await anna.client.act(voteAction(poll(anna), [0]));
    await bruno.client.act(voteAction(poll(bruno), [0]));
    await bruno.client.act(voteAction(poll(bruno), [1]));  // changed his mind while open
    await until(() => poll(bruno).voted, 'Bruno sees his vote');
    assert.equal(poll(anna).results, false);  // hidden until the facilitator shows them
    await until(() => poll(fabio).options.map((o) => o.count).join() === '1,1,0', 'Fabio counts the votes');
    await fabio.client.act({ closePoll: { poll: poll(fabio).id } });
    await fabio.client.act({ showPollResults: { poll: poll(fabio).id } });
    await until(() => poll(anna).results, 'results shown to Anna');
    assert.deepEqual(poll(anna).options.map((o) => [o.count, o.percent, o.voters]),
      [[1, 50, ['Anna Rossi']], [1, 50, ['Bruno Bianchi']], [0, 0, []]]);
    assert.equal(poll(anna).vote, false);

    // The minutes' lists: Anna (PA) writes them, the others read them.
    await until(() => readMinutes(anna.client.document, session.id), 'minutes made by the server');
    anna.client.edit((doc) => {
      const lists = readMinutes(doc, session.id);
      // Filed under an agenda item (its id in `item`): hashed alike by the server and the browser.
      addItem(doc, lists.decisions.id, { text: 'Trasporto sociale da marzo', item: 'anna-agenda@7' });
      addItem(doc, lists.actions.id, { what: 'Bozza di convenzione', who: 'Anna Rossi', due: '2026-12-15' });
    });
    await until(() => readMinutes(bruno.client.document, session.id)?.actions.items.length === 1, 'Bruno reads the minutes');
    await until(() => readMinutes(carla.client.document, session.id)?.decisions.items.length === 1, 'Carla reads the minutes');
    assert.equal(readMinutes(carla.client.document, session.id).decisions.items[0].fields.text, 'Trasporto sociale da marzo');

    // Close; review: Bruno proposes, Fabio accepts, both attendees approve the same text.
    await fabio.client.act({ closeSession: { session: session.id } });
    await until(() => everyone.every((who) => who.client.state.sessions[0].status === 'minutes_in_review'), 'review everywhere');
    const review = (who) => reviewModel(who.client.state.sessions[0], who.me);
    assert.deepEqual(review(bruno).approvers.map((a) => a.person.name).sort(), ['Anna Rossi', 'Bruno Bianchi']);
    // Carla (coordinator) was present when the session opened: an attendee, so the server lets her propose.
    assert.deepEqual([review(carla).propose, review(carla).approve, review(carla).decide], [true, false, false]);
    await bruno.client.act({ proposeAmendment: { session: session.id, text: 'Aggiungere Molinella.' } });
    await until(() => review(anna).pending === 1 && review(fabio).pending === 1, 'amendment pending');
    assert.equal(review(anna).approve, false);
    await assert.rejects(anna.client.act({ approveMinutes: { session: session.id } }), { code: 'wrong_state' });
    assert.equal(review(fabio).decide, true);
    await fabio.client.act({ acceptAmendment: { id: state().sessions[0].amendments[0].id } });
    fabio.client.edit((doc) => addItem(doc, readMinutes(doc, session.id).openPoints.id, { text: 'Estendere a Molinella' }));
    await until(() => fabio.client.synced, 'edit stored');
    await until(() => review(anna).approve, 'approval open');
    await anna.client.act({ approveMinutes: { session: session.id } });
    await until(() => readMinutes(bruno.client.document, session.id).openPoints.items.length === 1, 'Bruno has the last edit');
    await bruno.client.act({ approveMinutes: { session: session.id } });
    await until(() => anna.client.state.sessions[0].status === 'approved', 'approved');
    const approved = anna.client.state.sessions[0];
    assert.equal(approved.approvedContentHash, await contentHash(anna.client.document, session.id));
    assert.equal(reviewModel(approved, fabio.me).correct, false);
    await assert.rejects(fabio.client.act({ correctAttendance: { session: session.id, participantID: anna.me.principal, from: 0 } }), { code: 'wrong_state' });

    // Invitations: facilitators only.
    const invitation = await fabio.client.invite('ets', 'Dario Blu', 'Ass. Aurora', 14);
    assert.match(invitation.link, /#invito=/);
    await assert.rejects(anna.client.invite('ets', 'X', 'Y', 1), { code: 'forbidden' });
  } finally {
    for (const { client } of everyone) client.close();
    server.kill('SIGTERM');
  }
});
