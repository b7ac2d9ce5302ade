// The facilitator's cockpit decided without a DOM: the item under discussion and the next, the
// timer against its time box, the queue with kinds and absences, reordering, the poll chart, the
// polarità one at a time, the speaking time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  HAND_KINDS, handsOf, timerSeconds, timerState, agendaNow, moveToItemAction, queueRows, nextSpeaker, reorderAction,
  pollChart, polarities, suggestedPolarity, launchPolarityAction, activePoll, fairness, cockpitModel,
} from '../cockpit-model.js';
import { pollModel, queueModel } from '../model.js';
import * as cockpit from '../cockpit-model.js';
import { POLARITIES } from '../cockpit-polarities.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

const fabio = { principal: 'inv:fabio', role: 'facilitator', name: 'Fabio', organisation: 'Ufficio di Piano' };
const anna = { principal: 'inv:anna', role: 'pa', name: 'Anna', organisation: 'Comune' };
const bruno = { principal: 'inv:bruno', role: 'ets', name: 'Bruno', organisation: 'Coop. Il Ponte' };
const dora = { principal: 'inv:dora', role: 'ets', name: 'Dora', organisation: 'Aurora ODV' };
const participant = (me) => ({ id: me.principal, name: me.name, organisation: me.organisation, role: me.role });

function liveState(extra = {}) {
  return {
    sessions: [{ id: 's1', title: 'Prima', status: 'live', attendance: [anna, bruno, dora, fabio].map((p) => ({ participant: participant(p), from: 1000 })) }],
    present: [anna, bruno, dora, fabio].map(participant),
    queue: [], hands: [], spokenSeconds: {}, spokenSecondsByOrganisation: {}, polls: [], timers: {},
    ...extra,
  };
}

const hand = (who, kind = 'speech', awaySince = null) => ({ participantID: who.principal, kind, raisedAt: 1, awaySince });
const withHands = (hands, extra = {}) => liveState({ queue: hands.map((h) => h.participantID), hands, ...extra });

const items = [
  { id: 'a@1', title: 'Apertura', presenter: 'Fabio', minutes: 5, status: 'done' },
  { id: 'a@2', title: 'Analisi dei bisogni', presenter: '', minutes: 10, status: 'current' },
  { id: 'a@3', title: 'Risorse', presenter: '', minutes: 0, status: 'todo' },
  { id: 'a@4', title: 'Varie', presenter: '', minutes: 5, status: 'todo' },
];

test('hands come in queue order with their kind; a server without hands gives plain interventions', () => {
  assert.deepEqual(HAND_KINDS, ['speech', 'reply', 'clarification', 'pointOfOrder']);
  assert.deepEqual(handsOf({ queue: ['inv:anna'] }), [{ participantID: 'inv:anna', kind: 'speech', raisedAt: null, awaySince: null }]);
  const state = withHands([hand(bruno, 'pointOfOrder'), hand(anna, 'reply', 5000)]);
  assert.deepEqual(handsOf(state).map((h) => [h.participantID, h.kind, h.awaySince]), [['inv:bruno', 'pointOfOrder', null], ['inv:anna', 'reply', 5000]]);
  // `queue` is the order; an unknown kind reads as an intervention.
  assert.deepEqual(handsOf({ queue: ['inv:anna'], hands: [{ participantID: 'inv:anna', kind: 'shout' }] })[0].kind, 'speech');
});

test('a timer turns amber in its last minute (or tenth) and red past its time box', () => {
  assert.equal(timerSeconds({ elapsedSeconds: 120, runningSince: 10_000 }, 40_000), 150);
  assert.equal(timerSeconds({ elapsedSeconds: 120 }, 40_000), 120);
  assert.equal(timerSeconds(undefined, 0), 0);
  assert.equal(timerState(0, 10), 'ok');
  assert.equal(timerState(539, 10), 'ok');
  assert.equal(timerState(540, 10), 'near');
  assert.equal(timerState(600, 10), 'near');
  assert.equal(timerState(601, 10), 'over');
  assert.equal(timerState(30 * 60 - 181, 30), 'ok');   // a tenth of 30 minutes is 3
  assert.equal(timerState(30 * 60 - 180, 30), 'near');
  assert.equal(timerState(44, 1), 'ok');               // a one-minute box: amber for its last quarter
  assert.equal(timerState(45, 1), 'near');
  assert.equal(timerState(61, 1), 'over');
  assert.equal(timerState(5000, 0), 'none');           // no time box: never red
});

test('the current item is the one whose timer runs, else the one marked current; the next is the first not done after it', () => {
  const now = 100_000;
  // Timer of item 3 running: it is current, even though the agenda still marks item 2.
  let agenda = agendaNow(items, { 'a@3': { elapsedSeconds: 30, runningSince: 40_000 } }, now);
  assert.equal(agenda.current.id, 'a@3');
  assert.equal(agenda.current.position, 3);
  assert.equal(agenda.current.seconds, 90);
  assert.equal(agenda.current.running, true);
  assert.equal(agenda.current.since, 10_000);    // counting from zero: runningSince − elapsed
  assert.equal(agenda.current.timer, 'none');
  assert.equal(agenda.next.id, 'a@4');
  assert.equal(agenda.total, 4);
  // No timer running: the agenda's current item, stopped; past its 10 minutes it is red.
  agenda = agendaNow(items, { 'a@2': { elapsedSeconds: 700 } }, now);
  assert.equal(agenda.current.id, 'a@2');
  assert.equal(agenda.current.running, false);
  assert.equal(agenda.current.since, null);
  assert.equal(agenda.current.timer, 'over');
  assert.equal(agenda.next.id, 'a@3');
  // Nothing started: no current item, the next is the first not done.
  agenda = agendaNow(items.map((i) => ({ ...i, status: i.status === 'current' ? 'todo' : i.status })), {}, now);
  assert.equal(agenda.current, null);
  assert.equal(agenda.next.id, 'a@2');
  // The last item: nothing next.
  agenda = agendaNow(items, { 'a@4': { elapsedSeconds: 0, runningSince: now } }, now);
  assert.equal(agenda.current.id, 'a@4');
  assert.equal(agenda.next, null);
  assert.deepEqual(agendaNow([], {}, now), { total: 0, current: null, next: null });
  assert.deepEqual(moveToItemAction('a@3'), { moveToItem: { item: 'a@3' } });
});

test('the queue lists kinds and absences; only the facilitator may reorder, give the floor (to someone connected) or lower', () => {
  const state = withHands([hand(dora, 'pointOfOrder'), hand(anna, 'speech', 50_000), hand(bruno, 'reply')],
    { floor: { participantID: 'inv:bruno', since: 1 }, spokenSeconds: { 'inv:anna': 95.6 } });
  const rows = queueRows(state, fabio, 60_000);
  assert.deepEqual(rows.map((r) => [r.person.name, r.kind, r.away, r.position]),
    [['Dora', 'pointOfOrder', false, 1], ['Anna', 'speech', true, 2], ['Bruno', 'reply', false, 3]]);
  assert.equal(rows[1].awaySince, 50_000);
  assert.equal(rows[1].spoken, 95);
  assert.deepEqual(rows.map((r) => [r.up, r.down]), [[false, true], [true, true], [true, false]]);
  // Away (Anna) or already speaking (Bruno): no floor from the queue.
  assert.deepEqual(rows.map((r) => r.give), [true, false, false]);
  assert.ok(rows.every((r) => r.lower));
  // Someone in the queue but not present (a server before issue 12) counts as away too.
  const gone = queueRows(liveState({ queue: ['inv:gone'] }), fabio, 0);
  assert.equal(gone[0].away, true);
  assert.equal(gone[0].give, false);
  // Members see the same queue, without controls.
  assert.ok(queueRows(state, bruno, 0).every((r) => !r.up && !r.down && !r.give && !r.lower));
  assert.equal(queueRows(state, bruno, 0)[2].mine, true);
});

test('"give the floor to the next" skips whoever is away or already speaking', () => {
  const state = withHands([hand(anna, 'speech', 50_000), hand(bruno), hand(dora)], { floor: { participantID: 'inv:bruno', since: 1 } });
  assert.equal(nextSpeaker(queueRows(state, fabio)).id, 'inv:dora');
  assert.equal(nextSpeaker(queueRows(withHands([hand(anna, 'speech', 1)]), fabio)), null);
  assert.equal(nextSpeaker([]), null);
});

test('moving a hand up or down sends the whole new order, nothing past either end', () => {
  const queue = ['a', 'b', 'c'];
  assert.deepEqual(reorderAction(queue, 2, -1), { reorderQueue: { order: ['a', 'c', 'b'] } });
  assert.deepEqual(reorderAction(queue, 0, 1), { reorderQueue: { order: ['b', 'a', 'c'] } });
  assert.deepEqual(reorderAction(queue, 1, -1), { reorderQueue: { order: ['b', 'a', 'c'] } });
  assert.equal(reorderAction(queue, 0, -1), null);
  assert.equal(reorderAction(queue, 2, 1), null);
  assert.equal(reorderAction(queue, 5, -1), null);
  assert.equal(reorderAction(queue, 1, 0), null);
  assert.deepEqual(queue, ['a', 'b', 'c'], 'the queue itself is left alone');
});

test('the chart: counts and shares as numbers, the longest bar full width, nothing divided by zero', () => {
  const entry = { poll: { id: 'p', question: 'Q', options: ['Unire', 'Distinguere', 'Altro'], multipleChoice: false, anonymous: true }, open: false, resultsShown: true, counts: [3, 1, 0] };
  const chart = pollChart(pollModel(entry, fabio));
  assert.equal(chart.total, 4);
  assert.deepEqual(chart.bars.map((b) => [b.key, b.label, b.count, b.percent, b.width, b.leading]),
    [['A', 'Unire', 3, 75, 100, true], ['B', 'Distinguere', 1, 25, 33, false], ['C', 'Altro', 0, 0, 0, false]]);
  const none = pollChart(pollModel({ ...entry, counts: [0, 0, 0] }, fabio));
  assert.deepEqual(none.bars.map((b) => [b.percent, b.width]), [[0, 0], [0, 0], [0, 0]]);
});

test('polarità: the eight of the server, offered in order 1→8, each new, open or closed', () => {
  assert.equal(POLARITIES.length, 8);
  assert.deepEqual(POLARITIES.map((p) => p.number), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(POLARITIES[1].title, 'Singolare o plurale');
  assert.equal(POLARITIES[7].title, "L'investimento sulla coprogettazione");
  assert.ok(POLARITIES.every((p) => p.options.length === 2 && p.question.startsWith(`Polarità ${p.number} – `)));
  const poll = (number, open) => ({ poll: { id: `p${number}`, question: POLARITIES[number - 1].question, options: POLARITIES[number - 1].options, polarity: number }, open });
  let list = polarities(liveState());
  assert.ok(list.every((p) => p.state === 'new'));
  assert.equal(suggestedPolarity(list), 1);
  list = polarities(liveState({ polls: [poll(1, false), poll(2, true), { poll: { id: 'x', question: 'Altro', options: ['a', 'b'] }, open: true }] }));
  assert.deepEqual(list.slice(0, 3).map((p) => p.state), ['closed', 'open', 'new']);
  assert.equal(suggestedPolarity(list), 3);
  assert.equal(suggestedPolarity(polarities(liveState({ polls: POLARITIES.map((p) => poll(p.number, false)) }))), null);
  assert.deepEqual(launchPolarityAction('3', 1), { launchPolarity: { number: 3, anonymous: true } });
  assert.deepEqual(launchPolarityAction(1, undefined), { launchPolarity: { number: 1, anonymous: false } });
});

test('the polarità here are the server\'s (Sources/TavoloDomain/Facilitation/Polarities.swift)', () => {
  const swift = readFileSync(fileURLToPath(new URL('../../../Sources/TavoloDomain/Facilitation/Polarities.swift', import.meta.url)), 'utf8');
  const list = swift.slice(swift.indexOf('static let all'));
  const strings = [...list.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
  const expected = POLARITIES.flatMap((p) => [p.question, ...p.options]);
  assert.deepEqual(strings, expected);
});

test('the cockpit shows the newest open poll, else the newest; with counts as a chart', () => {
  const p = (id, open, counts) => ({ poll: { id, question: id, options: ['a', 'b'], multipleChoice: false, anonymous: false, polarity: id === 'p2' ? 2 : undefined }, open, resultsShown: false, counts });
  assert.equal(activePoll(liveState(), fabio), null);
  assert.equal(activePoll(liveState({ polls: [p('p1', true, [1, 0]), p('p2', false, [0, 2])] }), fabio).id, 'p1');
  const last = activePoll(liveState({ polls: [p('p1', false, [1, 0]), p('p2', false, [0, 2])] }), fabio);
  assert.equal(last.id, 'p2');
  assert.equal(last.polarity, 2);
  assert.equal(last.chart.total, 2);
  assert.equal(last.show, true);
  assert.equal(activePoll(liveState({ polls: [p('p1', true, undefined)] }), fabio).chart, null);
});

test('speaking time: longest first, by person and organisation, a few rows each', () => {
  const state = liveState({
    spokenSeconds: { 'inv:anna': 30, 'inv:bruno': 300.4, 'inv:dora': 0.2 },
    spokenSecondsByOrganisation: { Comune: 30, 'Coop. Il Ponte': 300, A: 1, B: 2, C: 3, D: 4 },
  });
  const fair = fairness(state);
  assert.deepEqual(fair.people.map((p) => [p.person.name, p.spoken]), [['Bruno', 300], ['Anna', 30]]);
  assert.equal(fair.morePeople, 0);
  assert.deepEqual(fair.organisations.map((o) => o.organisation), ['Coop. Il Ponte', 'Comune', 'D', 'C', 'B']);
  assert.equal(fair.organisations[0].width, 100);
  assert.equal(fair.moreOrganisations, 1);
});

test('the cockpit is the facilitator\'s, and only while a session is live', () => {
  const state = withHands([hand(anna, 'clarification')], { floor: { participantID: 'inv:bruno', since: 40_000 } });
  assert.equal(cockpitModel(state, anna, items, 0).show, false);
  assert.equal(cockpitModel({ ...state, sessions: [{ ...state.sessions[0], status: 'minutes_in_review' }] }, fabio, items, 0).show, false);
  // Before: a session scheduled, only the offer to open it (with how long its agenda is).
  const before = { ...state, sessions: [{ ...state.sessions[0], status: 'approved' }, { id: 's2', title: 'Seconda', status: 'scheduled' }] };
  assert.deepEqual(cockpitModel(before, fabio, items, 0), { show: true, mode: 'ready', session: { id: 's2', title: 'Seconda' }, items: 4 });
  assert.equal(cockpitModel(before, anna, items, 0).show, false);
  const model = cockpitModel(state, fabio, items, 100_000);
  assert.equal(model.show, true);
  assert.equal(model.mode, 'live');
  assert.deepEqual(model.session, { id: 's1', title: 'Prima' });
  assert.equal(model.agenda.current.id, 'a@2');
  assert.equal(model.floor.person.name, 'Bruno');
  assert.equal(model.floor.seconds, 60);
  assert.deepEqual(model.next, { id: 'inv:anna', person: model.queue[0].person, kind: 'clarification' });
  assert.deepEqual(model.giveTo.map((p) => p.name), ['Anna', 'Dora', 'Fabio']);
  assert.equal(model.suggested, 1);
  assert.equal(model.polarities.length, 8);
  // The facilitator's own queue section steps aside meanwhile; members keep theirs.
  assert.equal(queueModel(state, fabio, 0).cockpit, true);
  assert.equal(queueModel(state, anna, 0).cockpit, false);
  assert.deepEqual(queueModel(state, anna, 0).myPlace, { position: 1, kind: 'clarification' });
});

test('the cockpit\'s strings exist in both languages, with every kind of intervention', () => {
  const keys = (o) => Object.keys(o).sort();
  assert.deepEqual(keys(it.facilitation.cockpit), keys(en.facilitation.cockpit));
  for (const catalogue of [it, en]) {
    const c = catalogue.facilitation.cockpit;
    assert.deepEqual(keys(c.kinds), [...HAND_KINDS].sort());
    assert.deepEqual(keys(c.timerState), ['near', 'none', 'ok', 'over']);
    assert.deepEqual(keys(c.polarityStates), ['closed', 'new', 'open']);
  }
  // The same words as the what-now bar's button, shown beside it.
  assert.equal(it.facilitation.cockpit.endTurn, it.whatNow.endTurn);
  assert.equal(it.facilitation.release, it.whatNow.endTurn);
  assert.equal(it.facilitation.floorMine('Carla'), 'Carla, hai la parola');
  assert.equal(it.facilitation.cockpit.kinds.pointOfOrder, 'mozione d’ordine');
});

test('the queue\'s changes said to the facilitator: raised (or another kind), away, back, gone', () => {
  const { handChanges } = cockpit;
  const before = [hand(anna), hand(bruno), hand(dora, 'speech', 5)];
  const after = [hand(fabio, 'pointOfOrder'), hand(anna, 'speech', 9), hand(bruno, 'reply')];
  assert.deepEqual(handChanges(before, after).map((c) => [c.change, c.id, c.kind]),
    [['raised', 'inv:fabio', 'pointOfOrder'], ['away', 'inv:anna', 'speech'], ['raised', 'inv:bruno', 'reply'], ['gone', 'inv:dora', 'speech']]);
  assert.deepEqual(handChanges([hand(anna, 'speech', 9)], [hand(anna)]).map((c) => c.change), ['back']);
  // Given the floor while away is no loss to announce; an unchanged queue says nothing.
  assert.deepEqual(handChanges([hand(dora, 'speech', 5)], [], 'inv:dora'), []);
  assert.deepEqual(handChanges(before, before), []);
});

test('the members\' queue section shows each hand\'s kind and who is away, and my place', () => {
  const state = withHands([hand(dora, 'pointOfOrder'), hand(anna, 'reply', 50_000), hand(bruno)]);
  const forBruno = queueModel(state, bruno, 60_000);
  assert.deepEqual(forBruno.queue.map((q) => [q.person.name, q.kind, q.away]), [['Dora', 'pointOfOrder', false], ['Anna', 'reply', true], ['Bruno', 'speech', false]]);
  assert.deepEqual(forBruno.myPlace, { position: 3, kind: 'speech' });
  assert.equal(forBruno.hand, 'lower');
  assert.equal(queueModel(liveState(), bruno, 0).myPlace, null);
  // Before issue 12 a server sent only `queue`: plain interventions, nobody away who is present.
  const old = queueModel(liveState({ queue: ['inv:anna'], hands: undefined }), bruno, 0);
  assert.deepEqual(old.queue.map((q) => [q.kind, q.away]), [['speech', false]]);
});
