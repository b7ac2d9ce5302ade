// The verbale view's decisions, made from the document and the table state without the DOM
// (tests/verbale-model.test.js): entries grouped under the agenda item they belong to, the item
// a new entry goes under by default, the approvals at a glance, and whether (and why not) the
// approved verbale can be downloaded yet.

/** The minutes entry field naming its agenda item (docs/protocol.md, conventions): the item's id. */
export const ITEM_FIELD = 'item';

/** The list keys in the order a verbale shows them. */
export const ENTRY_LISTS = ['decisions', 'openPoints', 'actions'];

/**
 * Groups the entries of `lists` (readMinutes' answer, each item with `agendaItem`) under the
 * agenda `items` ([{id, title}] in order): [{item, index (1-based) | null, lists: {decisions, openPoints, actions}}],
 * only groups with entries, in agenda order; entries without an item, or naming one no longer on
 * the agenda, go last in a group whose `item` is null ("Altro").
 */
export function groupByAgenda(lists, items) {
  const groups = new Map(items.map((item, i) => [item.id, { item, index: i + 1, lists: emptyLists() }]));
  const other = { item: null, index: null, lists: emptyLists() };
  for (const key of ENTRY_LISTS) {
    for (const entry of lists?.[key]?.items ?? []) {
      const group = (entry.agendaItem && groups.get(entry.agendaItem)) || other;
      group.lists[key].push(entry);
    }
  }
  return [...groups.values(), other].filter((g) => ENTRY_LISTS.some((key) => g.lists[key].length));
}

const emptyLists = () => Object.fromEntries(ENTRY_LISTS.map((key) => [key, []]));

/**
 * The agenda item a new entry goes under by default: the one being discussed (its timer runs,
 * else the one marked current), else none ('').
 */
export function defaultAgendaItem(items, timers) {
  const running = items.find((item) => timers?.[item.id]?.runningSince != null);
  if (running) return running.id;
  return items.find((item) => item.status === 'current')?.id ?? '';
}

/** How many required approvers approved (the current text, where known). */
export function approvalCount(approvers) {
  return { approved: approvers.filter((a) => a.approved && a.current !== false).length, total: approvers.length };
}

/** The verbale's downloads, in the order offered: PDF/A for the archive first, then Word (PA staff edit in it). */
export const DOWNLOAD_FORMATS = ['pdf', 'docx', 'odt', 'md', 'html'];

/** Whether the verbale can be downloaded (only approved minutes export, docs/api.md), and why not. */
export function downloadState(session) {
  if (!session) return { available: false, reason: 'none' };
  if (session.status === 'approved') return { available: true, reason: null };
  return { available: false, reason: session.status === 'minutes_in_review' ? 'review' : session.status === 'scheduled' ? 'scheduled' : 'live' };
}

/** The API path of a session's verbale in `format` (relative to /api/tables/<table>). */
export const minutesExportPath = (session, format) => `/sessions/${encodeURIComponent(session)}/minutes.${format}`;

/** What a verbale's stage asks of me now: 'approve', 'approved-mine', 'wait-amendments', 'read', 'approved', 'writing' or null. */
export function verbaleTask(session, review) {
  if (!session) return null;
  if (session.status === 'approved') return 'approved';
  if (session.status === 'live' || session.status === 'scheduled') return 'writing';
  if (review.approvedByMe) return 'approved-mine';
  if (review.approve) return 'approve';
  if (review.mayApprove && review.pending) return 'wait-amendments';
  return 'read';
}
