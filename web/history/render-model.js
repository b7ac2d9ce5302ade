// From API answers to what the page draws: authorship spans with a colour per author and a
// legend, tables per person and organisation, and diff parts with their authors. Pure
// functions, so the rules (merging, ordering, colours) are tested without a browser.

/** Text colour of the page; every author tint below keeps it at AA contrast (4.5:1) or more. */
export const textColour = '#1d232a';

/**
 * Author colours: a light tint behind the text and a strong underline of the same hue
 * (at least 3:1 against white, for the legend swatch). The colour is never the only cue:
 * the legend names each author and every passage carries its author's name.
 */
export const palette = [
  { tint: '#dbe9ff', line: '#1b5fa8' },
  { tint: '#ffe3c7', line: '#a04d00' },
  { tint: '#d9f2dc', line: '#1b7f3a' },
  { tint: '#f4dcf5', line: '#8e2f94' },
  { tint: '#fff2b3', line: '#7a6200' },
  { tint: '#d5f0f0', line: '#0f6f73' },
  { tint: '#ffdcdc', line: '#b3261e' },
  { tint: '#e5e1f7', line: '#5b45b0' },
  { tint: '#e8e4da', line: '#6b5a3a' },
  { tint: '#dfeccb', line: '#4f6b12' },
];

/** "Anna Rossi (Comune di Budrio)". */
export function personLabel(person) {
  if (!person) return '';
  return person.organisation ? `${person.name} (${person.organisation})` : person.name;
}

/**
 * Colours people in a stable order: by id, so the same person keeps the same colour when
 * the moment changes and someone else starts writing.
 */
export function colourMap(people) {
  const ids = [...new Set(people.filter(Boolean).map((p) => p.id))].sort();
  return new Map(ids.map((id, i) => [id, palette[i % palette.length]]));
}

/**
 * The authorship answer as runs to draw, a legend and the two tables.
 * Adjacent spans by the same author are merged (the server may split them at edits).
 */
export function authorshipModel(answer, participants = []) {
  const spans = answer.spans ?? [];
  const everyone = [...participants, ...(answer.people ?? []), ...spans.map((s) => s.author)];
  const colours = colourMap(everyone);
  const segments = [];
  for (const span of spans) {
    if (!span.text) continue;
    const last = segments[segments.length - 1];
    const id = span.author?.id ?? null;
    if (last && last.authorID === id) last.text += span.text;
    else segments.push({ text: span.text, authorID: id, label: personLabel(span.author), colour: colours.get(id) ?? null });
  }
  const written = new Map();
  for (const segment of segments) written.set(segment.authorID, (written.get(segment.authorID) ?? 0) + [...segment.text].length);
  const people = (answer.people ?? []).map((p) => ({
    id: p.id, name: p.name, organisation: p.organisation, role: p.role,
    characters: p.characters ?? 0, spokenSeconds: p.spokenSeconds ?? 0, colour: colours.get(p.id) ?? null,
  }));
  // Someone who wrote in the text but is missing from `people` still belongs in the legend.
  for (const span of spans) {
    if (span.author && !people.some((p) => p.id === span.author.id)) {
      people.push({ ...span.author, characters: written.get(span.author.id) ?? 0, spokenSeconds: 0, colour: colours.get(span.author.id) });
    }
  }
  people.sort((a, b) => b.characters - a.characters || b.spokenSeconds - a.spokenSeconds || a.name.localeCompare(b.name));
  const legend = people.filter((p) => written.has(p.id));
  const organisations = [...(answer.organisations ?? [])]
    .sort((a, b) => b.characters - a.characters || b.spokenSeconds - a.spokenSeconds || a.organisation.localeCompare(b.organisation));
  return { text: answer.text ?? segments.map((s) => s.text).join(''), segments, legend, people, organisations };
}

/**
 * The diff answer as runs to draw: adjacent parts of the same kind and author merged, each
 * with its author's label; and what changed in characters, in all and per author.
 */
export function diffModel(answer) {
  const parts = [];
  let inserted = 0;
  let deleted = 0;
  const authors = new Map();
  for (const part of answer.parts ?? []) {
    if (!part.text) continue;
    const length = [...part.text].length;
    if (part.kind === 'insert') inserted += length;
    if (part.kind === 'delete') deleted += length;
    if (part.kind !== 'same') {
      const key = part.author?.id ?? null;
      const entry = authors.get(key) ?? { authorID: key, label: personLabel(part.author), inserted: 0, deleted: 0 };
      entry[part.kind === 'insert' ? 'inserted' : 'deleted'] += length;
      authors.set(key, entry);
    }
    const last = parts[parts.length - 1];
    const authorID = part.kind === 'same' ? null : part.author?.id ?? null;
    if (last && last.kind === part.kind && last.authorID === authorID) last.text += part.text;
    else parts.push({ kind: part.kind, text: part.text, authorID, label: part.kind === 'same' ? '' : personLabel(part.author) });
  }
  const byAuthor = [...authors.values()].sort((a, b) => b.inserted + b.deleted - (a.inserted + a.deleted) || a.label.localeCompare(b.label));
  return { parts, inserted, deleted, changed: inserted + deleted > 0, byAuthor };
}

/** The text at `path` in a `state` answer's documents: a root text, or a text inside a root map. */
export function textAt(documents, path) {
  if (!documents) return null;
  if (typeof documents[path] === 'string') return documents[path];
  const slash = path.lastIndexOf('/');
  if (slash < 0) return null;
  const root = documents[path.slice(0, slash)];
  const value = root && typeof root === 'object' ? root[path.slice(slash + 1)] : null;
  return typeof value === 'string' ? value : null;
}

/** The root key (area) of a text path, as the `state` endpoint's `area` parameter wants it. */
export function rootKey(path) {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
}
