// What the documents panel's picker offers, grouped as people look for a text (issue 12, item 5):
// the shared project first, then the verbali (one per session, with its stage), then each
// organisation's proposal with its sections. Pure (no DOM): tests/document-picker.test.js.
import { MINUTES, PROJECT, PROPOSAL_SECTIONS, minutesKey, parseArea } from './layout.js';

const collator = (locale) => new Intl.Collator(locale, { sensitivity: 'base', numeric: true });

/**
 * [{label|null, choices: [{path, area, label, name, session?}]}] — `label` null for the options
 * outside any group; `label` what the option shows (whole, since a closed picker shows it without
 * its group), `name` the text's name (for the textarea's accessible name). `t` is the page's catalogue.
 */
export function documentGroups(doc, state, t) {
  const groups = [{ label: null, choices: [{ path: PROJECT, area: PROJECT, label: t.project, name: t.project }] }];
  const keys = new Set(doc.keys());
  const verbali = [];
  for (const session of state?.sessions ?? []) {
    const area = minutesKey(session.id);
    if (!keys.has(area)) continue;
    const stage = t.verbale?.pickerStage?.[session.status];
    verbali.push({
      path: `${area}#${MINUTES.text}`, area, session: session.id,
      // The closed picker shows the option alone: its label says what it is without its group.
      label: stage ? `${t.minutesOf(session.title)} (${stage})` : t.minutesOf(session.title),
      name: t.minutesOf(session.title),
    });
  }
  // The newest session first: it is the one people are working on.
  if (verbali.length) groups.push({ label: t.verbale?.minutesGroup ?? 'Verbali', choices: verbali.reverse() });
  const organisations = [];
  for (const key of keys) {
    const { area, argument } = parseArea(key);
    if (area === 'proposal') organisations.push({ key, organisation: argument });
  }
  const order = collator(t.facilitation?.locale ?? 'it');
  organisations.sort((a, b) => order.compare(a.organisation, b.organisation));
  for (const { key, organisation } of organisations) {
    groups.push({
      label: t.proposalOf(organisation),
      choices: PROPOSAL_SECTIONS.map((section) => ({
        path: `${key}#${section}`, area: key, label: `${t.proposalSections[section]} – ${organisation}`,
        name: `${t.proposalOf(organisation)}: ${t.proposalSections[section]}`,
      })),
    });
  }
  return groups;
}

/** Every choice of the groups, in order. */
export const flatChoices = (groups) => groups.flatMap((g) => g.choices);

/** The minutes' text path of a session. */
export const minutesPath = (session) => `${minutesKey(session)}#${MINUTES.text}`;

/** The session whose verbale `path` names, or null for any other text. */
export function sessionOfPath(path) {
  const [key, field] = String(path).split('#');
  const { area, argument } = parseArea(key);
  return area === 'minutes' && field === MINUTES.text ? argument : null;
}

/**
 * The text to show: `current`, unless the person never picked one themselves (`picked` false) and
 * the shown session's verbale is in review — then that verbale, what there is to read and approve.
 */
export function automaticChoice(session, picked, current) {
  if (!picked && session?.status === 'minutes_in_review') return minutesPath(session.id);
  return current;
}
