// What the facilitation panel shows and offers, decided from the table state and who is
// looking. Pure functions (no DOM), so the rules that hide what a role may not do are tested
// in Node. The server enforces every rule again (TableState+Decide.swift); this only avoids
// offering what would be refused.

import { catalogues } from '../i18n/index.js';
import { describeError } from '../i18n/errors.js';

export const runsSessions = (me) => me.role === 'facilitator';

/** "m:ss", or "h:mm:ss" from one hour. */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds || 0));
  const two = (n) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** Whole percentages of `total` (0 when nobody voted). */
export const percent = (count, total) => (total > 0 ? Math.round((100 * count) / total) : 0);

/** Everyone the state names (attendees of every session, then who is present now), by id. */
export function people(state) {
  const known = new Map();
  for (const session of state?.sessions ?? []) for (const a of session.attendance ?? []) known.set(a.participant.id, a.participant);
  for (const p of state?.present ?? []) known.set(p.id, p);
  return known;
}

export const personOf = (known, id) => known.get(id) ?? { id, name: id, organisation: '', role: '' };

/** Sessions, each with the controls my role has on it (one live session at a time). */
export function sessionsModel(state, me) {
  const sessions = state?.sessions ?? [];
  const someoneLive = sessions.some((s) => s.status === 'live');
  const runs = runsSessions(me);
  return {
    schedule: runs,
    sessions: sessions.map((s) => ({
      id: s.id, title: s.title, status: s.status,
      open: runs && s.status === 'scheduled' && !someoneLive,
      close: runs && s.status === 'live',
    })),
  };
}

/** The kinds of intervention, in the order they are offered (the server's HandKind). */
export const HAND_KINDS = Object.freeze(['speech', 'reply', 'clarification', 'pointOfOrder']);

/** The raised hands in queue order, {participantID, kind, raisedAt, awaySince}. A server that
 *  sends only `queue` (before issue 12) gives plain interventions. */
export function handsOf(state) {
  const hands = Array.isArray(state?.hands) ? state.hands : [];
  const byID = new Map(hands.map((hand) => [hand.participantID, hand]));
  return (state?.queue ?? []).map((id) => {
    const hand = byID.get(id);
    return {
      participantID: id,
      kind: HAND_KINDS.includes(hand?.kind) ? hand.kind : 'speech',
      raisedAt: hand?.raisedAt ?? null,
      awaySince: hand?.awaySince ?? null,
    };
  });
}

/** The floor, the queue and which buttons I get. `now` in ms. While a session is live a
 *  facilitator runs the queue from the cockpit (`cockpit: true`), not from this section. */
export function queueModel(state, me, now) {
  const runs = runsSessions(me);
  const live = (state?.sessions ?? []).some((s) => s.status === 'live');
  const known = people(state);
  const presentIDs = new Set((state?.present ?? []).map((p) => p.id));
  const hands = handsOf(state);
  const queue = hands.map((hand) => hand.participantID);
  const floor = state?.floor;
  const inQueue = queue.includes(me.principal);
  let hand = null;
  if (me.role !== 'coordinator') hand = inQueue ? 'lower' : live ? 'raise' : null;
  return {
    live,
    cockpit: runs && live,
    hand,
    myPlace: inQueue ? { position: queue.indexOf(me.principal) + 1, kind: hands[queue.indexOf(me.principal)].kind } : null,
    floor: floor ? {
      id: floor.participantID, person: personOf(known, floor.participantID), since: floor.since,
      seconds: (now - floor.since) / 1000, mine: floor.participantID === me.principal,
      release: runs || floor.participantID === me.principal,
    } : null,
    queue: hands.map(({ participantID: id, kind, awaySince }, index) => ({
      id, position: index + 1, person: personOf(known, id), mine: id === me.principal, kind,
      away: awaySince != null || !presentIDs.has(id), awaySince,
      spoken: state.spokenSeconds?.[id] ?? 0,
      give: runs && live && presentIDs.has(id) && floor?.participantID !== id,
      remove: runs,
    })),
    // Facilitators may give the floor to anyone present, not only to raised hands.
    giveTo: runs && live ? (state.present ?? []).filter((p) => p.id !== floor?.participantID) : [],
    byOrganisation: runs
      ? Object.entries(state?.spokenSecondsByOrganisation ?? {}).sort((a, b) => b[1] - a[1]).map(([organisation, seconds]) => ({ organisation, seconds }))
      : [],
  };
}

/** One poll as I may see it: my choices, the counts when visible, and my buttons. */
export function pollModel(entry, me, known = new Map()) {
  const { poll, open, resultsShown, counts, votes, myVote } = entry;
  const runs = runsSessions(me);
  const total = counts ? counts.reduce((sum, n) => sum + n, 0) : 0;
  return {
    id: poll.id, question: poll.question, multiple: poll.multipleChoice, anonymous: poll.anonymous,
    open, resultsShown,
    options: poll.options.map((label, index) => ({
      index, label, chosen: (myVote ?? []).includes(index),
      count: counts ? counts[index] ?? 0 : null,
      percent: counts ? percent(counts[index] ?? 0, total) : null,
      voters: votes
        ? Object.entries(votes).filter(([, choices]) => choices.includes(index)).map(([id]) => personOf(known, id).name).sort()
        : null,
    })),
    total,
    voted: (myVote ?? []).length > 0,
    vote: open && me.role !== 'coordinator',
    close: runs && open,
    show: runs && !resultsShown,
    results: Boolean(counts),
  };
}

/** Polls newest first; members no longer see a closed poll whose results were never shown. */
export function visiblePolls(state, me) {
  const known = people(state);
  return (state?.polls ?? []).filter((p) => p.open || p.resultsShown || runsSessions(me)).map((p) => pollModel(p, me, known)).reverse();
}

/** The `vote` action for the options ticked (indices), or null when the choice is not valid. */
export function voteAction(poll, choices) {
  const chosen = [...new Set(choices)].filter((i) => Number.isInteger(i) && i >= 0 && i < poll.options.length).sort((a, b) => a - b);
  if (chosen.length === 0 || (!poll.multiple && chosen.length !== 1)) return null;
  return { vote: { poll: poll.id, choices: chosen } };
}

/** The `createPoll` action from the form, or an error key of the catalogue. */
export function pollAction(question, optionsText, multipleChoice, anonymous) {
  const options = String(optionsText ?? '').split('\n').map((o) => o.trim()).filter(Boolean);
  const q = String(question ?? '').trim();
  if (!q) return { error: 'questionMissing' };
  if (options.length < 2 || options.length > 20) return { error: 'optionsCount' };
  return { action: { createPoll: { question: q, options, multipleChoice: Boolean(multipleChoice), anonymous: Boolean(anonymous) } } };
}

/** The minutes review of a session: approvals, amendments, attendance and my buttons. */
export function reviewModel(session, me, currentHash = null) {
  const runs = runsSessions(me);
  const attendance = session.attendance ?? [];
  const required = [];
  for (const a of attendance) {
    if ((a.participant.role === 'pa' || a.participant.role === 'ets') && !required.some((p) => p.id === a.participant.id)) required.push(a.participant);
  }
  const approvals = session.approvals ?? {};
  const amendments = session.amendments ?? [];
  const pending = amendments.filter((a) => a.status === 'proposed').length;
  const inReview = session.status === 'minutes_in_review';
  const attended = attendance.some((a) => a.participant.id === me.principal);
  const approvers = required.map((person) => ({
    person, approved: person.id in approvals,
    // Known only when this browser could compute the hash of the minutes as they read now.
    current: currentHash && person.id in approvals ? approvals[person.id] === currentHash : null,
  }));
  return {
    status: session.status, pending, approvers, amendments,
    propose: inReview && (runs || attended),
    decide: inReview && runs,
    mayApprove: inReview && required.some((p) => p.id === me.principal),
    approve: inReview && pending === 0 && required.some((p) => p.id === me.principal),
    approvedByMe: me.principal in approvals && (currentHash === null || approvals[me.principal] === currentHash),
    correct: runs && session.status !== 'approved' && session.status !== 'scheduled',
    hash: session.approvedContentHash ?? null,
    approvedAt: session.approvedAt ?? null,
  };
}

/** One row per attendee: first arrival, last departure (null while still there). */
export function attendanceRows(session) {
  const rows = new Map();
  for (const a of session.attendance ?? []) {
    const row = rows.get(a.participant.id);
    if (!row) {
      rows.set(a.participant.id, { person: a.participant, from: a.from, to: a.to ?? null, corrected: Boolean(a.correctedBy) });
    } else {
      row.from = Math.min(row.from, a.from);
      row.to = row.to === null || a.to == null ? null : Math.max(row.to, a.to);
      row.corrected ||= Boolean(a.correctedBy);
    }
  }
  return [...rows.values()];
}

/** The `correctAttendance` action from two `datetime-local` values, or an error key. */
export function attendanceAction(session, participantID, fromText, toText) {
  const from = Date.parse(fromText);
  if (!Number.isFinite(from)) return { error: 'timeMissing' };
  const action = { session, participantID, from };
  if (toText) {
    const to = Date.parse(toText);
    if (!Number.isFinite(to) || to < from) return { error: 'timeOrder' };
    action.to = to;
  }
  return { action: { correctAttendance: action } };
}

/** ms → the value of a `datetime-local` input, in local time. */
export function localInputValue(ms) {
  if (ms == null) return '';
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/**
 * The message shown beside a control whose action failed, in the language of `f` (a catalogue's
 * `facilitation`): the error catalogue's sentence for the server's code and message
 * (web/i18n/errors.js), never the server's English; `offline` also when the socket dropped.
 */
export function errorText(f, error) {
  const catalogue = Object.values(catalogues).find((c) => c.facilitation === f) ?? catalogues.it;
  return describeError(error, catalogue);
}
