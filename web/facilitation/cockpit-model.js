// What the facilitator's cockpit shows while a session is live (issue 12): the agenda item under
// discussion and the next one, the floor, the speaking queue with each intervention's kind and
// who is away, the active poll with its counts, the polarità still to launch, and the speaking
// time per person and organisation. Pure functions (no DOM), tested in tests/cockpit-model.test.js;
// cockpit.js draws them. Fields that change every second are called `seconds` (or `since`, a
// start in ms), so the view can leave them out when deciding whether to redraw.
import { HAND_KINDS, handsOf, people, personOf, pollModel, runsSessions } from './model.js';

export { HAND_KINDS, handsOf };
import { POLARITIES } from './cockpit-polarities.js';
import { pollChart } from './cockpit-chart.js';

export { pollChart };

/** Seconds on an item's timer ({elapsedSeconds, runningSince}) at `now` (ms). */
export function timerSeconds(timer, now) {
  if (!timer) return 0;
  const running = timer.runningSince != null ? Math.max(0, (now - timer.runningSince) / 1000) : 0;
  return Math.floor((timer.elapsedSeconds ?? 0) + running);
}

/**
 * How a timer stands against its time box (in minutes): 'over' past it (red), 'near' in its
 * last minute or last tenth, whichever is longer, but never its first three quarters (amber),
 * 'ok' before, 'none' without a box.
 */
export function timerState(seconds, minutes) {
  const box = Math.max(0, Number(minutes) || 0) * 60;
  if (box === 0) return 'none';
  if (seconds > box) return 'over';
  if (seconds >= box - Math.min(Math.max(60, box / 10), box / 4)) return 'near';
  return 'ok';
}

/**
 * The item under discussion and the next one. `items` as web/table/agenda-model.js reads them
 * ({id, title, presenter, minutes, status}); `timers` from the table state. The current item is
 * the one whose timer runs (what moveToItem starts); with none running, the one the agenda marks
 * current. The next is the first after it not yet done (the first not done when none is current).
 */
export function agendaNow(items, timers, now) {
  const list = items ?? [];
  let index = list.findIndex((item) => timers?.[item.id]?.runningSince != null);
  if (index < 0) index = list.findIndex((item) => item.status === 'current');
  const nextIndex = list.findIndex((item, i) => i > index && item.status !== 'done' && !(timers?.[item.id]?.runningSince != null));
  const describe = (item, i) => {
    const timer = timers?.[item.id];
    const seconds = timerSeconds(timer, now);
    return {
      id: item.id, title: item.title, presenter: item.presenter, minutes: item.minutes, position: i + 1,
      running: timer?.runningSince != null,
      // The ticking view recomputes these from `since` and `elapsed`: when the timer started
      // counting from zero (ms), or the seconds it holds while stopped.
      since: timer?.runningSince != null ? timer.runningSince - (timer.elapsedSeconds ?? 0) * 1000 : null,
      seconds,
      timer: timerState(seconds, item.minutes),
    };
  };
  return {
    total: list.length,
    current: index >= 0 ? describe(list[index], index) : null,
    next: nextIndex >= 0 ? describe(list[nextIndex], nextIndex) : null,
  };
}

/** The action that makes `item` the one under discussion (stops the other timers, starts its own). */
export const moveToItemAction = (item) => ({ moveToItem: { item } });

/**
 * The queue as the cockpit lists it: position, person, kind, since when away (null when
 * connected), the speaking time so far, and which buttons the row gets.
 */
export function queueRows(state, me, now = Date.now()) {
  const runs = runsSessions(me);
  const known = people(state);
  const present = new Set((state?.present ?? []).map((p) => p.id));
  const floor = state?.floor?.participantID ?? null;
  const hands = handsOf(state);
  return hands.map((hand, i) => {
    const away = hand.awaySince != null || !present.has(hand.participantID);
    return {
      id: hand.participantID, position: i + 1, person: personOf(known, hand.participantID), kind: hand.kind,
      mine: hand.participantID === me.principal,
      awaySince: hand.awaySince, away,
      spoken: Math.floor(state?.spokenSeconds?.[hand.participantID] ?? 0),
      up: runs && i > 0,
      down: runs && i < hands.length - 1,
      give: runs && !away && floor !== hand.participantID,
      lower: runs,
    };
  });
}

/**
 * What changed in the queue between two states, for the facilitator's screen reader: a hand
 * raised (or its kind changed), an owner gone away or back, a hand gone while its owner was away
 * (dropped after the grace period, or lowered). [{change, id, kind}] in queue order.
 */
export function handChanges(before, after, floor = null) {
  const previous = new Map(before.map((hand) => [hand.participantID, hand]));
  const now = new Set(after.map((hand) => hand.participantID));
  const changes = [];
  for (const hand of after) {
    const was = previous.get(hand.participantID);
    const id = hand.participantID;
    if (!was || was.kind !== hand.kind) changes.push({ change: 'raised', id, kind: hand.kind });
    else if (was.awaySince == null && hand.awaySince != null) changes.push({ change: 'away', id, kind: hand.kind });
    else if (was.awaySince != null && hand.awaySince == null) changes.push({ change: 'back', id, kind: hand.kind });
  }
  for (const was of before) {
    if (!now.has(was.participantID) && was.awaySince != null && floor !== was.participantID) changes.push({ change: 'gone', id: was.participantID, kind: was.kind });
  }
  return changes;
}

/** Who "give the floor to the next" gives it to: the first hand of someone connected. */
export function nextSpeaker(rows) {
  return rows.find((row) => row.give) ?? null;
}

/** The `reorderQueue` action moving the hand at `index` by `delta` places, or null when it cannot move. */
export function reorderAction(queue, index, delta) {
  const target = index + delta;
  if (index < 0 || index >= queue.length || target < 0 || target >= queue.length || delta === 0) return null;
  const order = [...queue];
  const [moved] = order.splice(index, 1);
  order.splice(target, 0, moved);
  return { reorderQueue: { order } };
}

/** The polarità: each with its number, title, statements, and whether it was launched (open or closed). */
export function polarities(state) {
  const polls = state?.polls ?? [];
  return POLARITIES.map((p) => {
    const launched = polls.filter((entry) => entry.poll?.polarity === p.number);
    const open = launched.some((entry) => entry.open);
    return { ...p, state: open ? 'open' : launched.length ? 'closed' : 'new' };
  });
}

/** The polarity to offer first: the first never launched, in order 1→8 (null once all were). */
export function suggestedPolarity(list) {
  return list.find((p) => p.state === 'new')?.number ?? null;
}

export const launchPolarityAction = (number, anonymous) => ({ launchPolarity: { number: Number(number), anonymous: Boolean(anonymous) } });

/** The poll the cockpit shows: the newest open one, else the newest (closed) one; null when none. */
export function activePoll(state, me) {
  const polls = state?.polls ?? [];
  const known = people(state);
  const open = [...polls].reverse().find((entry) => entry.open);
  const entry = open ?? polls[polls.length - 1];
  if (!entry) return null;
  const model = pollModel(entry, me, known);
  return { ...model, polarity: entry.poll.polarity ?? null, chart: model.results ? pollChart(model) : null };
}

/** Speaking time so far, longest first: by person (named) and by organisation. `limit` rows each. */
export function fairness(state, limit = 5) {
  const known = people(state);
  const byPerson = Object.entries(state?.spokenSeconds ?? {})
    .filter(([, seconds]) => seconds >= 1)
    .map(([id, seconds]) => ({ id, person: personOf(known, id), spoken: Math.floor(seconds) }))
    .sort((a, b) => b.spoken - a.spoken || a.person.name.localeCompare(b.person.name));
  const byOrganisation = Object.entries(state?.spokenSecondsByOrganisation ?? {})
    .filter(([, seconds]) => seconds >= 1)
    .map(([organisation, seconds]) => ({ organisation, spoken: Math.floor(seconds) }))
    .sort((a, b) => b.spoken - a.spoken || a.organisation.localeCompare(b.organisation));
  const most = Math.max(0, ...byOrganisation.map((o) => o.spoken));
  return {
    people: byPerson.slice(0, limit), morePeople: Math.max(0, byPerson.length - limit),
    organisations: byOrganisation.slice(0, limit).map((o) => ({ ...o, width: most ? Math.round((100 * o.spoken) / most) : 0 })),
    moreOrganisations: Math.max(0, byOrganisation.length - limit),
  };
}

/**
 * Everything the cockpit shows, or {show: false} when it has nothing to do: it is the
 * facilitator's, while a session is live (`mode: 'live'`; `items`: its agenda). Before, when a
 * session is scheduled, it only offers to open it (`mode: 'ready'`; `items`: that session's agenda).
 */
export function cockpitModel(state, me, items, now = Date.now()) {
  const sessions = state?.sessions ?? [];
  const session = sessions.find((s) => s.status === 'live');
  if (!runsSessions(me)) return { show: false };
  if (!session) {
    const next = sessions.find((s) => s.status === 'scheduled');
    return next ? { show: true, mode: 'ready', session: { id: next.id, title: next.title }, items: (items ?? []).length } : { show: false };
  }
  const known = people(state);
  const floor = state?.floor;
  const rows = queueRows(state, me, now);
  const next = nextSpeaker(rows);
  const list = polarities(state);
  return {
    show: true,
    mode: 'live',
    session: { id: session.id, title: session.title },
    agenda: agendaNow(items, state?.timers, now),
    floor: floor ? { id: floor.participantID, person: personOf(known, floor.participantID), since: floor.since, seconds: Math.max(0, (now - floor.since) / 1000) } : null,
    queue: rows,
    next: next ? { id: next.id, person: next.person, kind: next.kind } : null,
    giveTo: (state?.present ?? []).filter((p) => p.id !== floor?.participantID).map((p) => ({ id: p.id, name: p.name, organisation: p.organisation })),
    poll: activePoll(state, me),
    polarities: list.map(({ number, title, state: status }) => ({ number, title, state: status })),
    suggested: suggestedPolarity(list),
    fairness: fairness(state),
  };
}
