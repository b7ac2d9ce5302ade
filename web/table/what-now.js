// The "what now" bar (issue 12, item 4): the one thing that matters now for the person looking,
// decided from the table state alone. Pure functions (no DOM), tested in Node
// (web/table/tests/what-now.test.js); app.js draws the bar, its buttons send the actions and a
// change of `announcementKey` is said to screen readers and shown as a brief notice.
//
// Order of importance: having the floor, an open poll not voted in yet (while the session is
// live), the live session (hand up or down), the minutes to approve or to read in review, a poll
// still open, the next session, the approved minutes, no session at all.

/** Kinds of intervention, in the order offered (docs/protocol.md `raiseHand`). */
export const HAND_KINDS = ['speech', 'reply', 'clarification', 'pointOfOrder'];

const REVIEW = new Set(['closed', 'minutes_in_review']);

/** Everyone the state names, by id: attendees of every session, then who is present now. */
function known(state) {
  const people = new Map();
  for (const session of state?.sessions ?? []) for (const a of session.attendance ?? []) people.set(a.participant.id, a.participant);
  for (const p of state?.present ?? []) people.set(p.id, p);
  return people;
}

/** The session's required approvers (PA and ETS members who attended), as the server counts them. */
export function requiredApprovers(session) {
  const ids = [];
  for (const a of session?.attendance ?? []) {
    const { id, role } = a.participant ?? {};
    if ((role === 'pa' || role === 'ets') && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Whether `principal` must approve `session`'s minutes and has not (yet, or again). */
export function mustApprove(session, principal) {
  if (!session || !principal || !REVIEW.has(session.status)) return false;
  return requiredApprovers(session).includes(principal) && !(principal in (session.approvals ?? {}));
}

/** My place in the speaking queue: {position (from 1), total, kind} or null. */
export function queuePlace(state, principal) {
  const queue = state?.queue ?? [];
  const index = principal ? queue.indexOf(principal) : -1;
  if (index < 0) return null;
  const hand = (state?.hands ?? []).find((h) => h.participantID === principal);
  return { position: index + 1, total: queue.length, kind: HAND_KINDS.includes(hand?.kind) ? hand.kind : 'speech' };
}

/** When a session is planned for, if the state says (ms), else null. */
function plannedAt(session) {
  // The session record (issue 13): `details.scheduledAt`, set by the facilitator.
  const recorded = session?.details?.scheduledAt;
  if (typeof recorded === 'number' && Number.isFinite(recorded)) return recorded;
  for (const key of ['scheduledAt', 'startsAt', 'plannedAt', 'date']) {
    const value = session?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return null;
}

/**
 * What the bar shows for `me` ({principal, role}) in `state` at `now` (ms):
 * {kind, …details}. Kinds: waiting, noSession, scheduled, floor, vote, raise, lower, live,
 * approve, review, approvedMine, approved. `actions` lists the buttons, in order.
 */
export function whatNow(state, me, now = Date.now()) {
  if (!state) return { kind: 'waiting', actions: [] };
  const principal = me?.principal ?? null;
  const role = me?.role ?? '';
  const member = role !== 'coordinator';           // coordinators follow; they neither speak in turn nor vote
  const runs = role === 'facilitator';
  const sessions = state.sessions ?? [];
  const live = sessions.find((s) => s.status === 'live') ?? null;
  const people = known(state);
  const nameOf = (id) => people.get(id)?.name ?? id;
  const floor = state.floor ?? null;
  const queue = state.queue ?? [];
  const place = queuePlace(state, principal);

  if (floor && principal && floor.participantID === principal) {
    return { kind: 'floor', session: live?.id ?? null, since: floor.since, seconds: Math.max(0, (now - floor.since) / 1000), actions: ['endTurn'] };
  }
  // Facilitators run the poll from their cockpit (web/facilitation/): the bar does not ask them to vote.
  const unvoted = member && !runs ? (state.polls ?? []).filter((p) => p.open && !(p.myVote ?? []).length) : [];
  // While the session is live a poll comes first; after it, the minutes to approve do.
  const voting = () => {
    // The oldest open poll first: polls are listed in the order they were opened.
    const { poll } = unvoted[0];
    return {
      kind: 'vote', poll: poll.id, question: poll.question, polarity: poll.polarity ?? null,
      more: unvoted.length - 1, actions: ['vote'],
      ...(place ? { place } : {}),
    };
  };
  if (unvoted.length && live) return voting();
  if (live) {
    const speaker = floor ? { id: floor.participantID, name: nameOf(floor.participantID), since: floor.since } : null;
    const common = { session: live.id, title: live.title, speaker, hands: queue.length };
    if (place) return { kind: 'lower', ...common, place, actions: ['lowerHand'] };
    if (member && !runs) return { kind: 'raise', ...common, actions: ['raiseHand'] };
    return { kind: 'live', ...common, actions: [] };
  }
  // Minutes to approve come before anything newer: a session can be scheduled meanwhile.
  const toApprove = sessions.filter((s) => mustApprove(s, principal));
  const reviewing = toApprove.length ? toApprove[toApprove.length - 1] : [...sessions].reverse().find((s) => REVIEW.has(s.status));
  if (reviewing) {
    const required = requiredApprovers(reviewing);
    const approvals = reviewing.approvals ?? {};
    const done = required.filter((id) => id in approvals).length;
    const pending = (reviewing.amendments ?? []).filter((a) => a.status === 'proposed').length;
    const attended = (reviewing.attendance ?? []).some((a) => a.participant?.id === principal);
    const base = { session: reviewing.id, title: reviewing.title, pending, approvals: done, required: required.length };
    const propose = reviewing.status === 'minutes_in_review' && (runs || attended) ? ['propose'] : [];
    if (mustApprove(reviewing, principal)) {
      // Approving waits for every proposed amendment to be decided (the server refuses it before).
      if (pending === 0 && reviewing.status === 'minutes_in_review') return { kind: 'approve', ...base, actions: ['approve', 'read'] };
      return { kind: 'review', ...base, approver: true, actions: ['read', ...propose] };
    }
    if (required.includes(principal)) return { kind: 'approvedMine', ...base, actions: ['read'] };
    return { kind: 'review', ...base, approver: false, actions: ['read', ...propose] };
  }
  if (unvoted.length) return voting();
  const scheduled = sessions.find((s) => s.status === 'scheduled');
  if (scheduled) return { kind: 'scheduled', session: scheduled.id, title: scheduled.title, at: plannedAt(scheduled), actions: [] };
  const last = sessions[sessions.length - 1];
  if (last?.status === 'approved') return { kind: 'approved', session: last.id, title: last.title, at: last.approvedAt ?? null, actions: ['read'] };
  return { kind: 'noSession', actions: [] };
}

/**
 * What makes a change worth saying: a new kind, a new poll, reaching the head of the queue, a
 * new speaker while I wait, the review becoming approvable. The floor's ticking time is not in it.
 */
export function announcementKey(model) {
  switch (model.kind) {
    case 'vote': return `vote ${model.poll}`;
    case 'lower': return `lower ${model.place.position === 1 ? 'first' : 'queued'} ${model.place.kind}`;
    // A scheduled session's date, once recorded (or changed), is said too.
    case 'scheduled': return `${model.kind} ${model.session} ${model.at ?? ''}`;
    case 'review': case 'approve': case 'approvedMine': case 'approved': return `${model.kind} ${model.session} ${model.pending ?? ''}`;
    default: return model.kind;
  }
}

/** The sentence said (and briefly shown) when `announcementKey` changes; `w` is the catalogue's whatNow section. */
export function announcement(model, w, formatDate = (ms) => new Date(ms).toISOString()) {
  switch (model.kind) {
    case 'floor': return `${w.floor}. ${w.floorHint}`;
    case 'vote': return `${w.newPoll(model.question)} ${w.vote}.`;
    case 'raise': return w.sessionLive(model.title);
    case 'lower': return w.position(model.place.position, model.place.total);
    case 'live': return w.sessionLive(model.title);
    case 'approve': return w.approveNow;
    case 'review': return model.approver && model.pending ? w.pending(model.pending) : w.review;
    case 'approvedMine': return w.approvedMine(model.required - model.approvals);
    case 'approved': return w.approved;
    case 'scheduled': return model.at ? w.scheduledAt(model.title, formatDate(model.at)) : w.scheduled(model.title);
    case 'noSession': return w.noSession;
    default: return '';
  }
}

/** The `raiseHand` action for a kind (a kind this client does not know is sent as a plain hand). */
export function raiseHandAction(kind) {
  return HAND_KINDS.includes(kind) && kind !== 'speech' ? { raiseHand: { kind } } : { raiseHand: {} };
}

/** Whether the welcome should show for `table`: not once dismissed there (localStorage). */
export const welcomeKey = (table) => `tavolo.welcomed.${table}`;
export function welcomeDismissed(storage, table) {
  try { return storage?.getItem(welcomeKey(table)) === '1'; } catch { return false; }
}
export function dismissWelcome(storage, table) {
  try { storage?.setItem(welcomeKey(table), '1'); } catch { /* private mode: shown again next time */ }
}
