// Events and the table state as sentences and lists a person reads. `t` is the catalogue's
// `history` section; names come from the event itself or from the table's participants.

import { MINUTES, PROJECT, parseArea } from '../table/layout.js';

/** A lookup from participant id to person, from the overview's participants and any table state. */
export function peopleIndex(...lists) {
  const index = new Map();
  for (const list of lists) for (const person of list ?? []) if (person?.id) index.set(person.id, person);
  return index;
}

function nameOf(reference, people, t) {
  if (reference && typeof reference === 'object') return reference.name ?? t.someone;
  return people.get(reference)?.name ?? t.someone;
}

/** "Sì 3, No 1": a poll's options with their counts. */
export function pollResults(options = [], counts = []) {
  return options.map((option, i) => `${option} ${counts[i] ?? 0}`).join(', ');
}

/** One event as a sentence: "Anna Rossi: apre la seduta «Prima seduta»". `sessions`: id → session. */
export function describeEvent(event, t, people = new Map(), sessions = new Map()) {
  const detail = { title: sessions.get(event.detail?.session)?.title, ...event.detail };
  const describe = t.eventKinds[event.kind];
  const what = describe
    ? describe(detail, nameOf(detail.participant ?? detail.participantID, people, t), pollResults(detail.options, detail.counts))
    : t.otherEvent(event.kind);
  return event.actor?.name ? `${event.actor.name}: ${what}` : what;
}

/**
 * What the side panel shows of the table at a moment: who was present, who had the floor
 * (and since when), who was waiting, the polls with their counts when known.
 */
export function tableSummary(table, people = new Map()) {
  if (!table) return null;
  const index = peopleIndex([...people.values()], table.present);
  const person = (id) => index.get(id) ?? { id, name: id };
  const floor = table.floor ? { person: person(table.floor.participantID), since: table.floor.since } : null;
  return {
    present: (table.present ?? []).map((p) => ({ ...p })).sort((a, b) => a.name.localeCompare(b.name)),
    floor,
    queue: (table.queue ?? []).map(person),
    polls: (table.polls ?? []).map((entry) => ({
      id: entry.poll?.id,
      question: entry.poll?.question ?? '',
      open: Boolean(entry.open),
      options: (entry.poll?.options ?? []).map((option, i) => ({ option, count: entry.counts ? entry.counts[i] ?? 0 : null })),
    })),
  };
}

/**
 * A text's name in the reader's language, from its path (docs/api.md "text path"); the
 * server's (Italian) label for paths this page does not know.
 */
export function textLabel(entry, t, sessions = new Map()) {
  const { path, label } = entry;
  const words = t.textLabels;
  const slash = path.lastIndexOf('/');
  const [root, key] = slash < 0 ? [path, null] : [path.slice(0, slash), path.slice(slash + 1)];
  const { area, argument } = parseArea(root);
  if (path === PROJECT) return words.project;
  if (area === 'minutes' && key === MINUTES.text) return words.minutes(sessions.get(argument)?.title ?? argument);
  if (area === 'proposal' && key && words.sections[key]) return words.proposal(argument, words.sections[key]);
  return label || path;
}
