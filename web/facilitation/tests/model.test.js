// What each role sees and which action each control sends, decided without a DOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDuration, percent, sessionsModel, queueModel, pollModel, visiblePolls, voteAction, pollAction, reviewModel,
  attendanceRows, attendanceAction, errorText, people,
} from '../model.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';
import { loadCatalogue } from '../../i18n/index.js';

const catalogues = { it, en };

const facilitator = { principal: 'inv:fabio', role: 'facilitator', name: 'Fabio', organisation: 'Ufficio di Piano' };
const anna = { principal: 'inv:anna', role: 'pa', name: 'Anna', organisation: 'Comune' };
const bruno = { principal: 'inv:bruno', role: 'ets', name: 'Bruno', organisation: 'Coop. Il Ponte' };
const carla = { principal: 'inv:carla', role: 'coordinator', name: 'Carla', organisation: 'Ufficio di Piano' };
const participant = (me) => ({ id: me.principal, name: me.name, organisation: me.organisation, role: me.role });

function liveState(extra = {}) {
  return {
    sessions: [{ id: 's1', title: 'Prima', status: 'live', attendance: [anna, bruno, facilitator].map((p) => ({ participant: participant(p), from: 1000 })) }],
    present: [anna, bruno, facilitator, carla].map(participant),
    queue: [], spokenSeconds: {}, spokenSecondsByOrganisation: {}, polls: [],
    ...extra,
  };
}

test('durations read as m:ss, and h:mm:ss from an hour', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(65.9), '1:05');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(formatDuration(-3), '0:00');  // a client clock ahead of the server's
  assert.equal(formatDuration(undefined), '0:00');
});

test('percentages are whole and zero when nobody voted', () => {
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(2, 3), 67);
  assert.equal(percent(0, 0), 0);
});

test('only facilitators schedule, open (one live session at a time) and close sessions', () => {
  const state = { sessions: [{ id: 'a', title: 'A', status: 'approved' }, { id: 'b', title: 'B', status: 'scheduled' }] };
  const mine = sessionsModel(state, facilitator);
  assert.equal(mine.schedule, true);
  assert.deepEqual(mine.sessions.map((s) => [s.id, s.open, s.close]), [['a', false, false], ['b', true, false]]);
  const live = { sessions: [...state.sessions, { id: 'c', title: 'C', status: 'live' }] };
  assert.deepEqual(sessionsModel(live, facilitator).sessions.map((s) => [s.id, s.open, s.close]), [['a', false, false], ['b', false, false], ['c', false, true]]);
  for (const me of [anna, bruno, carla]) {
    const theirs = sessionsModel(live, me);
    assert.equal(theirs.schedule, false);
    assert.ok(theirs.sessions.every((s) => !s.open && !s.close));
  }
});

test('hands: members raise while live and lower while queued; coordinators never', () => {
  assert.equal(queueModel(liveState(), bruno, 0).hand, 'raise');
  assert.equal(queueModel(liveState({ queue: ['inv:bruno'] }), bruno, 0).hand, 'lower');
  assert.equal(queueModel(liveState(), carla, 0).hand, null);
  const closed = liveState({ sessions: [{ id: 's1', title: 'Prima', status: 'minutes_in_review', attendance: [] }] });
  assert.equal(queueModel(closed, bruno, 0).hand, null);
  // Still queued after the session closed: lowering stays possible.
  assert.equal(queueModel({ ...closed, queue: ['inv:bruno'] }, bruno, 0).hand, 'lower');
});

test('the floor: ticking from `since`, released by the speaker or a facilitator', () => {
  const state = liveState({ floor: { participantID: 'inv:anna', since: 10_000 }, queue: ['inv:bruno', 'inv:anna', 'inv:gone'], spokenSeconds: { 'inv:bruno': 42 },
    spokenSecondsByOrganisation: { Comune: 10, 'Coop. Il Ponte': 42 } });
  const forAnna = queueModel(state, anna, 25_000);
  assert.equal(forAnna.floor.seconds, 15);
  assert.equal(forAnna.floor.person.name, 'Anna');
  assert.equal(forAnna.floor.release, true);
  assert.equal(forAnna.floor.mine, true);
  assert.equal(queueModel(state, bruno, 0).floor.release, false);
  assert.equal(queueModel(state, facilitator, 0).floor.release, true);
  // Members see the queue but get no controls on it; nor the time per organisation.
  const forBruno = queueModel(state, bruno, 0);
  assert.ok(forBruno.queue.every((q) => !q.give && !q.remove));
  assert.deepEqual(forBruno.giveTo, []);
  assert.deepEqual(forBruno.byOrganisation, []);
  // The facilitator: give the floor to queued people present and not already speaking; remove anyone.
  const forFabio = queueModel(state, facilitator, 0);
  assert.deepEqual(forFabio.queue.map((q) => [q.position, q.id, q.give, q.remove]),
    [[1, 'inv:bruno', true, true], [2, 'inv:anna', false, true], [3, 'inv:gone', false, true]]);
  assert.equal(forFabio.queue[0].spoken, 42);
  assert.equal(forFabio.queue[2].person.name, 'inv:gone');  // unknown ids still show something
  assert.deepEqual(forFabio.giveTo.map((p) => p.id), ['inv:bruno', 'inv:fabio', 'inv:carla']);
  assert.deepEqual(forFabio.byOrganisation.map((o) => o.organisation), ['Coop. Il Ponte', 'Comune']);
});

test('polls: counts, percentages, voters by name; votes and controls by role', () => {
  const state = liveState();
  const entry = { poll: { id: 'p', question: 'Quando?', options: ['Mattina', 'Sera', 'Notte'], multipleChoice: false, anonymous: false },
    open: true, resultsShown: true, counts: [2, 1, 0], votes: { 'inv:anna': [0], 'inv:bruno': [0], 'inv:fabio': [1] }, myVote: [0] };
  const model = pollModel(entry, anna, people(state));
  assert.deepEqual(model.options.map((o) => [o.count, o.percent, o.chosen, o.voters]),
    [[2, 67, true, ['Anna', 'Bruno']], [1, 33, false, ['Fabio']], [0, 0, false, []]]);
  assert.equal(model.total, 3);
  assert.equal(model.voted, true);
  assert.equal(model.vote, true);
  assert.equal(model.close || model.show, false);
  assert.equal(pollModel(entry, carla).vote, false);
  const hidden = { ...entry, resultsShown: false, counts: undefined, votes: undefined, myVote: undefined };
  const forBruno = pollModel(hidden, bruno);
  assert.equal(forBruno.results, false);
  assert.ok(forBruno.options.every((o) => o.count === null && o.voters === null));
  const forFabio = pollModel({ ...hidden, counts: [2, 1, 0] }, facilitator);
  assert.deepEqual([forFabio.results, forFabio.close, forFabio.show], [true, true, true]);
  const closed = pollModel({ ...entry, open: false }, facilitator);
  assert.deepEqual([closed.vote, closed.close, closed.show], [false, false, false]);
});

test('members stop seeing a closed poll whose results stay hidden; newest first', () => {
  const poll = (id, open, resultsShown) => ({ poll: { id, question: id, options: ['a', 'b'], multipleChoice: false, anonymous: true }, open, resultsShown });
  const state = { polls: [poll('old', false, true), poll('hidden', false, false), poll('new', true, false)] };
  assert.deepEqual(visiblePolls(state, bruno).map((p) => p.id), ['new', 'old']);
  assert.deepEqual(visiblePolls(state, facilitator).map((p) => p.id), ['new', 'hidden', 'old']);
});

test('a vote is exactly one option, or one or more when the poll allows it', () => {
  const single = { id: 'p', multiple: false, options: [{}, {}, {}] };
  assert.deepEqual(voteAction(single, [2]), { vote: { poll: 'p', choices: [2] } });
  assert.equal(voteAction(single, []), null);
  assert.equal(voteAction(single, [0, 1]), null);
  assert.equal(voteAction(single, [7]), null);
  const multiple = { ...single, multiple: true };
  assert.deepEqual(voteAction(multiple, [2, 0, 2]), { vote: { poll: 'p', choices: [0, 2] } });
});

test('a new poll: a question and 2 to 20 options, one per line', () => {
  assert.deepEqual(pollAction('  Quando?  ', 'Mattina\n\n  Sera \n', 1, 0),
    { action: { createPoll: { question: 'Quando?', options: ['Mattina', 'Sera'], multipleChoice: true, anonymous: false } } });
  assert.deepEqual(pollAction(' ', 'a\nb', false, false), { error: 'questionMissing' });
  assert.deepEqual(pollAction('Q', 'solo una', false, false), { error: 'optionsCount' });
  assert.deepEqual(pollAction('Q', Array.from({ length: 21 }, (_, i) => `o${i}`).join('\n'), false, false), { error: 'optionsCount' });
});

function reviewSession(extra = {}) {
  return {
    id: 's1', status: 'minutes_in_review',
    attendance: [
      { participant: participant(anna), from: 1000, to: 2000 },
      { participant: participant(anna), from: 3000, to: 5000 },
      { participant: participant(bruno), from: 1500 },
      { participant: participant(facilitator), from: 900, to: 6000, correctedBy: 'inv:fabio' },
    ],
    amendments: [], approvals: {},
    ...extra,
  };
}

test('review: PA and ETS attendees approve once nothing is pending; attendees and facilitators propose', () => {
  const base = reviewModel(reviewSession(), anna);
  assert.deepEqual(base.approvers.map((a) => a.person.id), ['inv:anna', 'inv:bruno']);
  assert.deepEqual([base.approve, base.propose, base.decide, base.correct], [true, true, false, false]);
  const fabio = reviewModel(reviewSession(), facilitator);
  assert.deepEqual([fabio.approve, fabio.mayApprove, fabio.propose, fabio.decide, fabio.correct], [false, false, true, true, true]);
  const outsider = reviewModel(reviewSession(), { principal: 'inv:dario', role: 'ets' });
  assert.deepEqual([outsider.approve, outsider.propose], [false, false]);
  const carlaView = reviewModel(reviewSession(), carla);
  assert.deepEqual([carlaView.approve, carlaView.propose, carlaView.decide], [false, false, false]);

  const pending = reviewModel(reviewSession({ amendments: [{ id: 'a1', status: 'proposed', text: 'x', authorID: 'inv:bruno' }] }), anna);
  assert.deepEqual([pending.pending, pending.approve, pending.mayApprove], [1, false, true]);
});

test('review: an approval of an older text must be given again', () => {
  const session = reviewSession({ approvals: { 'inv:anna': 'old', 'inv:bruno': 'new' } });
  const known = reviewModel(session, anna, 'new');
  assert.deepEqual(known.approvers.map((a) => [a.approved, a.current]), [[true, false], [true, true]]);
  assert.equal(known.approvedByMe, false);
  // Without Web Crypto the current hash is unknown: approvals are shown as given.
  const unknown = reviewModel(session, anna, null);
  assert.deepEqual(unknown.approvers.map((a) => a.current), [null, null]);
  assert.equal(unknown.approvedByMe, true);
  const approved = reviewModel({ ...session, status: 'approved', approvedContentHash: 'abc', approvedAt: 9 }, facilitator);
  assert.deepEqual([approved.hash, approved.correct, approved.propose, approved.decide], ['abc', false, false, false]);
});

test('attendance: one row per person from first arrival to last departure', () => {
  const rows = attendanceRows(reviewSession());
  assert.deepEqual(rows.map((r) => [r.person.id, r.from, r.to, r.corrected]),
    [['inv:anna', 1000, 5000, false], ['inv:bruno', 1500, null, false], ['inv:fabio', 900, 6000, true]]);
});

test('attendance corrections: a start, an optional end not before it', () => {
  const from = '2026-11-23T10:00';
  const made = attendanceAction('s1', 'inv:anna', from, '2026-11-23T11:30');
  assert.deepEqual(made.action.correctAttendance, { session: 's1', participantID: 'inv:anna', from: Date.parse(from), to: Date.parse('2026-11-23T11:30') });
  assert.equal('to' in attendanceAction('s1', 'inv:anna', from, '').action.correctAttendance, false);
  assert.deepEqual(attendanceAction('s1', 'inv:anna', '', ''), { error: 'timeMissing' });
  assert.deepEqual(attendanceAction('s1', 'inv:anna', from, '2026-11-23T09:00'), { error: 'timeOrder' });
});

test('errors from actions read as plain sentences, from the error catalogue, in the reader’s language', async () => {
  await loadCatalogue('en');
  for (const [language, t] of Object.entries(catalogues)) {
    const f = t.facilitation;
    for (const [code, key] of [['forbidden', 'forbidden'], ['invalid_action', 'invalidAction'], ['not_found', 'notFound'], ['wrong_state', 'wrongState'], ['offline', 'offline']]) {
      const error = Object.assign(new Error('x'), { code });
      assert.equal(errorText(f, error), t.errors[key], `${language} ${code}`);
    }
    assert.equal(errorText(f, new Error('disconnected')), t.errors.offline);
    assert.equal(errorText(f, Object.assign(new Error('x'), { code: 'teapot' })), t.errors.other);
    // The server's message refines the sentence, and is never shown itself.
    assert.equal(errorText(f, Object.assign(new Error('no session is live'), { code: 'wrong_state' })), t.errors.sessionNotLive);
  }
});

test('the Facilitation strings exist in both languages, with the same shape', () => {
  const shape = (value) => (typeof value === 'object'
    ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]).sort(([a], [b]) => a.localeCompare(b)))
    : typeof value);
  assert.deepEqual(shape(catalogues.en.facilitation), shape(catalogues.it.facilitation));
  for (const status of ['scheduled', 'live', 'minutes_in_review', 'approved']) assert.ok(catalogues.it.facilitation.status[status]);
  assert.equal(catalogues.it.facilitation.nowSpeaking('Anna'), 'Ha la parola: Anna');
});
