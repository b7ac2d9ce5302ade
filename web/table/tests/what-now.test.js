import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  whatNow, queuePlace, mustApprove, requiredApprovers, announcementKey, announcement, raiseHandAction,
  welcomeDismissed, dismissWelcome, HAND_KINDS,
} from '../what-now.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

const person = (id, role, organisation = 'Org') => ({ id, name: `Nome ${id}`, organisation, role });
const CARLA = person('carla', 'ets', 'Aurora');
const PAOLA = person('paola', 'pa', 'Comune');
const FABIO = person('fabio', 'facilitator', 'UdP');
const carla = { principal: 'carla', role: 'ets' };
const paola = { principal: 'paola', role: 'pa' };
const fabio = { principal: 'fabio', role: 'facilitator' };
const coordinator = { principal: 'cora', role: 'coordinator' };
const attendance = [CARLA, PAOLA, FABIO].map((participant) => ({ participant, from: 1 }));

const session = (status, extra = {}) => ({ id: 's1', title: 'Prima seduta', status, attendance: status === 'scheduled' ? [] : attendance, ...extra });
const state = (sessions, extra = {}) => ({ sessions, present: [CARLA, PAOLA, FABIO], queue: [], polls: [], ...extra });
const poll = (id, { open = true, myVote } = {}) => ({ poll: { id, question: `Domanda ${id}`, options: ['a', 'b'], multipleChoice: false, anonymous: false }, open, resultsShown: false, ...(myVote ? { myVote } : {}) });

test('before the state arrives the bar waits', () => {
  assert.equal(whatNow(null, carla).kind, 'waiting');
});

test('no session, then a scheduled one (with its date when the state has one)', () => {
  assert.deepEqual(whatNow(state([]), carla), { kind: 'noSession', actions: [] });
  const scheduled = whatNow(state([session('scheduled')]), carla);
  assert.equal(scheduled.kind, 'scheduled');
  assert.equal(scheduled.title, 'Prima seduta');
  assert.equal(scheduled.at, null);
  assert.equal(whatNow(state([session('scheduled', { scheduledAt: 1800000000000 })]), carla).at, 1800000000000);
  // The session record (issue 13): the date the facilitator set, in the session's details.
  assert.equal(whatNow(state([session('scheduled', { details: { scheduledAt: 1796482800000, place: '' } })]), carla).at, 1796482800000);
});

test('a live session offers the hand to members, with who speaks and how many hands are up', () => {
  const live = state([session('live')], { floor: { participantID: 'paola', since: 1000 }, queue: ['fabio'] });
  const model = whatNow(live, carla, 5000);
  assert.equal(model.kind, 'raise');
  assert.deepEqual(model.actions, ['raiseHand']);
  assert.deepEqual(model.speaker, { id: 'paola', name: 'Nome paola', since: 1000 });
  assert.equal(model.hands, 1);
  assert.equal(whatNow(state([session('live')]), carla).speaker, null);
  // Coordinators follow and facilitators run the session from their cockpit: no hand offered.
  assert.equal(whatNow(live, coordinator).kind, 'live');
  assert.deepEqual(whatNow(live, coordinator).actions, []);
  assert.equal(whatNow(live, fabio).kind, 'lower', 'a facilitator who raised a hand may lower it');
  assert.equal(whatNow(state([session('live')]), fabio).kind, 'live');
});

test('a raised hand shows its place in the queue and its kind', () => {
  const live = state([session('live')], {
    queue: ['paola', 'carla', 'fabio'],
    hands: [
      { participantID: 'paola', kind: 'pointOfOrder', raisedAt: 1, awaySince: null },
      { participantID: 'carla', kind: 'clarification', raisedAt: 2, awaySince: null },
      { participantID: 'fabio', kind: 'speech', raisedAt: 3, awaySince: null },
    ],
  });
  const model = whatNow(live, carla);
  assert.equal(model.kind, 'lower');
  assert.deepEqual(model.place, { position: 2, total: 3, kind: 'clarification' });
  assert.deepEqual(model.actions, ['lowerHand']);
  assert.deepEqual(queuePlace(live, 'paola'), { position: 1, total: 3, kind: 'pointOfOrder' });
  assert.equal(queuePlace(live, 'nobody'), null);
  assert.equal(queuePlace(live, null), null);
  // An older server sends only `queue`: the hand is a plain intervention.
  assert.deepEqual(queuePlace(state([session('live')], { queue: ['carla'] }), 'carla'), { position: 1, total: 1, kind: 'speech' });
  // A kind this client does not know reads as a plain intervention.
  assert.equal(queuePlace({ queue: ['carla'], hands: [{ participantID: 'carla', kind: 'filibuster' }] }, 'carla').kind, 'speech');
});

test('having the floor comes first, with the running time', () => {
  const live = state([session('live')], { floor: { participantID: 'carla', since: 10_000 }, polls: [poll('p1')], queue: ['carla'] });
  const model = whatNow(live, carla, 75_000);
  assert.equal(model.kind, 'floor');
  assert.equal(model.seconds, 65);
  assert.equal(model.since, 10_000);
  assert.deepEqual(model.actions, ['endTurn']);
  // A facilitator given the floor ends the turn from the bar too.
  assert.equal(whatNow(state([session('live')], { floor: { participantID: 'fabio', since: 0 } }), fabio).kind, 'floor');
});

test('an open poll not voted in yet asks for a vote (the oldest first); voted or closed ones do not', () => {
  const live = (polls, extra) => state([session('live')], { polls, ...extra });
  const model = whatNow(live([poll('p1'), poll('p2')]), carla);
  assert.equal(model.kind, 'vote');
  assert.equal(model.poll, 'p1');
  assert.equal(model.question, 'Domanda p1');
  assert.equal(model.more, 1);
  assert.deepEqual(model.actions, ['vote']);
  assert.equal(whatNow(live([poll('p1', { myVote: [0] }), poll('p2')]), carla).poll, 'p2');
  assert.equal(whatNow(live([poll('p1', { myVote: [1] })]), carla).kind, 'raise');
  assert.equal(whatNow(live([poll('p1', { open: false })]), carla).kind, 'raise');
  assert.equal(whatNow(live([poll('p1')]), coordinator).kind, 'live', 'coordinators do not vote');
  assert.equal(whatNow(live([poll('p1')]), fabio).kind, 'live', 'facilitators run the poll from their cockpit');
  // A polarity poll keeps its number; a raised hand stays known while voting.
  const polarity = poll('p3');
  polarity.poll.polarity = 2;
  const voting = whatNow(live([polarity], { queue: ['carla'] }), carla);
  assert.equal(voting.polarity, 2);
  assert.equal(voting.place.position, 1);
  // Polls open outside a live session still ask for the vote, after the minutes to approve.
  assert.equal(whatNow(state([session('scheduled')], { polls: [poll('p9')] }), carla).kind, 'vote');
  assert.equal(whatNow(state([session('minutes_in_review')], { polls: [poll('p9')] }), carla).kind, 'approve');
  assert.equal(whatNow(state([session('minutes_in_review', { approvals: { carla: 'h' } })], { polls: [poll('p9')] }), carla).kind, 'approvedMine');
});

test('approval eligibility: PA and ETS members who attended, not yet approved, while in review', () => {
  const review = session('minutes_in_review');
  assert.deepEqual(requiredApprovers(review), ['carla', 'paola']);
  assert.equal(mustApprove(review, 'carla'), true);
  assert.equal(mustApprove(review, 'fabio'), false, 'facilitators do not approve');
  assert.equal(mustApprove(review, 'stranger'), false, 'only who attended');
  assert.equal(mustApprove({ ...review, approvals: { carla: 'abc' } }, 'carla'), false);
  assert.equal(mustApprove(session('live'), 'carla'), false);
  assert.equal(mustApprove(session('approved'), 'carla'), false);
  assert.equal(mustApprove(review, null), false);
  // Attending twice (left and came back) counts once.
  assert.deepEqual(requiredApprovers({ attendance: [...attendance, { participant: CARLA, from: 5 }] }), ['carla', 'paola']);
});

test('minutes in review: approve when nothing is pending, else read and propose', () => {
  const model = whatNow(state([session('minutes_in_review')]), carla);
  assert.equal(model.kind, 'approve');
  assert.deepEqual(model.actions, ['approve', 'read']);
  assert.equal(model.required, 2);
  assert.equal(model.approvals, 0);

  const pending = whatNow(state([session('minutes_in_review', { amendments: [{ id: 'a1', status: 'proposed' }, { id: 'a2', status: 'accepted' }] })]), carla);
  assert.equal(pending.kind, 'review');
  assert.equal(pending.approver, true);
  assert.equal(pending.pending, 1);
  assert.deepEqual(pending.actions, ['read', 'propose']);

  const approved = whatNow(state([session('minutes_in_review', { approvals: { carla: 'h' } })]), carla);
  assert.equal(approved.kind, 'approvedMine');
  assert.equal(approved.approvals, 1);
  assert.deepEqual(approved.actions, ['read']);

  // Facilitators see the review, may propose, never approve; coordinators only read.
  const forFacilitator = whatNow(state([session('minutes_in_review')]), fabio);
  assert.equal(forFacilitator.kind, 'review');
  assert.deepEqual(forFacilitator.actions, ['read', 'propose']);
  assert.deepEqual(whatNow(state([session('minutes_in_review')]), coordinator).actions, ['read']);
  // A closed session (on its way to review) reads as in review, without amendments yet.
  assert.equal(whatNow(state([session('closed')]), carla).kind, 'review');
});

test('minutes to approve win over a newer scheduled session; approved minutes are said when nothing else is on', () => {
  const older = session('minutes_in_review');
  const newer = { id: 's2', title: 'Seconda seduta', status: 'scheduled', attendance: [] };
  assert.equal(whatNow(state([older, newer]), carla).kind, 'approve');
  assert.equal(whatNow(state([{ ...older, approvals: { carla: 'h' } }, newer]), carla).kind, 'approvedMine');
  assert.equal(whatNow(state([{ ...older, status: 'approved' }, newer]), carla).kind, 'scheduled');
  const done = whatNow(state([{ ...older, status: 'approved', approvedAt: 99 }]), carla);
  assert.equal(done.kind, 'approved');
  assert.equal(done.at, 99);
});

test('what is announced changes with the state, not with the ticking time', () => {
  const live = state([session('live')], { floor: { participantID: 'carla', since: 0 } });
  assert.equal(announcementKey(whatNow(live, carla, 1000)), announcementKey(whatNow(live, carla, 9000)));
  const queued = (queue) => whatNow(state([session('live')], { queue }), carla);
  assert.equal(announcementKey(queued(['a', 'b', 'carla'])), announcementKey(queued(['a', 'carla'])), 'moving up is not said each time');
  assert.notEqual(announcementKey(queued(['a', 'carla'])), announcementKey(queued(['carla'])), 'reaching the head is');
  const voting = (id) => whatNow(state([session('live')], { polls: [poll(id)] }), carla);
  assert.notEqual(announcementKey(voting('p1')), announcementKey(voting('p2')));
});

test('every state has a sentence in both languages', () => {
  const models = [
    whatNow(state([]), carla),
    whatNow(state([session('scheduled')]), carla),
    whatNow(state([session('scheduled', { scheduledAt: 1800000000000 })]), carla),
    whatNow(state([session('live')]), carla),
    whatNow(state([session('live')]), fabio),
    whatNow(state([session('live')], { queue: ['x', 'carla'] }), carla),
    whatNow(state([session('live')], { floor: { participantID: 'carla', since: 0 } }), carla),
    whatNow(state([session('live')], { polls: [poll('p1')] }), carla),
    whatNow(state([session('minutes_in_review')]), carla),
    whatNow(state([session('minutes_in_review', { amendments: [{ status: 'proposed' }] })]), carla),
    whatNow(state([session('minutes_in_review', { approvals: { carla: 'h' } })]), carla),
    whatNow(state([session('approved')]), carla),
  ];
  for (const catalogue of [it, en]) {
    for (const model of models) {
      const text = announcement(model, catalogue.whatNow, () => '1 gennaio');
      assert.ok(text && !text.includes('undefined'), `${model.kind}: ${text}`);
    }
    for (const kind of HAND_KINDS) assert.ok(catalogue.whatNow.handKinds[kind], kind);
  }
  assert.equal(it.whatNow.floor, 'Hai la parola');
  assert.equal(it.whatNow.endTurn, "Termina l'intervento");
  assert.equal(it.whatNow.approve, 'Approva il verbale');
});

test('raising a hand of a kind', () => {
  assert.deepEqual(raiseHandAction('speech'), { raiseHand: {} });
  assert.deepEqual(raiseHandAction('pointOfOrder'), { raiseHand: { kind: 'pointOfOrder' } });
  assert.deepEqual(raiseHandAction('reply'), { raiseHand: { kind: 'reply' } });
  assert.deepEqual(raiseHandAction('nonsense'), { raiseHand: {} });
});

test('the welcome, once dismissed, stays dismissed for that table only', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) };
  assert.equal(welcomeDismissed(storage, 'ambito'), false);
  dismissWelcome(storage, 'ambito');
  assert.equal(welcomeDismissed(storage, 'ambito'), true);
  assert.equal(welcomeDismissed(storage, 'altro'), false);
  const broken = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('denied'); } };
  assert.equal(welcomeDismissed(broken, 'ambito'), false);
  assert.doesNotThrow(() => dismissWelcome(broken, 'ambito'));
  assert.equal(welcomeDismissed(null, 'ambito'), false);
});
