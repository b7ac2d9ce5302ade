// The layout of a table's document as the server makes it (docs/protocol.md): its root keys,
// the minutes' text and lists, the proposal's sections. This is web/table/layout.json, which the
// server's TableLayout writes (Sources/TavoloDomain), as a module: JSON modules are not loaded
// by every browser the table supports. tests/layout.test.js keeps the two equal.

function frozen(value) {
  if (value && typeof value === 'object') for (const inner of Object.values(value)) frozen(inner);
  return Object.freeze(value);
}

export const LAYOUT = frozen({
  about: "The layout of a table's document. Written by TableLayout.fixtureJSON (Sources/TavoloDomain/TableLayout+Fixture.swift); TableLayoutTests fails when this file differs, web/table/tests/layout.test.js when layout.js does.",
  minutes: {
    lists: [
      { itemFields: ['text'], key: 'decisions' },
      { itemFields: ['text'], key: 'openPoints' },
      { itemFields: ['what', 'who', 'due'], key: 'actions' },
    ],
    text: 'text',
  },
  proposal: {
    organisation: 'organisation',
    sections: ['goals', 'activities', 'resources', 'cofinancing', 'partners'],
  },
  roots: {
    agenda: { kind: 'list', per: 'session', prefix: 'agenda:' },
    comments: { key: 'comments', kind: 'list' },
    minutes: { kind: 'map', per: 'session', prefix: 'minutes:' },
    project: { key: 'project', kind: 'text' },
    proposal: { kind: 'map', per: 'organisation', prefix: 'proposal:' },
  },
});

const { roots } = LAYOUT;
export const PROJECT = roots.project.key;
export const COMMENTS = roots.comments.key;
export const agendaKey = (session) => roots.agenda.prefix + session;
export const minutesKey = (session) => roots.minutes.prefix + session;
export const proposalKey = (organisation) => roots.proposal.prefix + organisation;
/** The minutes' text key, and their lists [{key, itemFields}] in the order the minutes show them. */
export const MINUTES = LAYOUT.minutes;
/** The texts of a proposal, in the order it is read. */
export const PROPOSAL_SECTIONS = LAYOUT.proposal.sections;

/**
 * What a root key names, as the server's TableArea reads it: {area, argument}, area one of
 * 'project', 'comments', 'agenda', 'minutes', 'proposal' (argument: everything after the prefix,
 * the session or the organisation) or 'other' (argument: the key).
 * 'proposal:A:B' → {area: 'proposal', argument: 'A:B'}; 'project:x' → {area: 'other', …}.
 */
export function parseArea(key) {
  for (const [area, root] of Object.entries(roots)) {
    if (root.key === key) return { area, argument: '' };
    if (root.prefix && key.startsWith(root.prefix)) return { area, argument: key.slice(root.prefix.length) };
  }
  return { area: 'other', argument: key };
}
