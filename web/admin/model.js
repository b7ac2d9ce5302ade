// What the administration page knows without a browser: the admin key in the link, table ids
// made from titles, the state of an invitation, the checks the server makes on what is typed
// (docs/api.md), so the page can say what to fix before sending. Tested in tests/model.test.js.

/** The rule of table ids (docs/api.md): 1–64 of A–Z a–z 0–9 _ -. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_TEXT_BYTES = 800;
export const MAX_DAYS = 366;
export const DEFAULT_DAYS = 30;
export const ROLES = ['facilitator', 'pa', 'ets', 'coordinator'];
export const STORAGE_KEY = 'tavolo.adminKey';

/**
 * Reads `chiave=<token>` from a URL fragment (`#chiave=…`, alone or among other `&` parts).
 * Returns { key, rest }: the key (or null) and the fragment without it ('' when nothing is left).
 */
export function keyFromFragment(hash) {
  const fragment = (hash ?? '').replace(/^#/, '');
  if (!fragment) return { key: null, rest: '' };
  let key = null;
  const rest = [];
  for (const part of fragment.split('&')) {
    const match = /^chiave=(.*)$/.exec(part);
    if (match && key === null) {
      try { key = decodeURIComponent(match[1]).trim(); } catch { key = match[1].trim(); }
    } else if (part) {
      rest.push(part);
    }
  }
  return { key: key || null, rest: rest.length ? `#${rest.join('&')}` : '' };
}

/** The id a title suggests: lower case, accents dropped, runs of anything else made one '-', at most 64. */
export function slugFromTitle(title) {
  const plain = (title ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss').replace(/æ/gi, 'ae').replace(/œ/gi, 'oe').replace(/ø/gi, 'o').replace(/ł/gi, 'l').replace(/đ/gi, 'd')
    .toLowerCase();
  return plain.replace(/[^a-z0-9]+/g, '-').slice(0, 64).replace(/^-+|-+$/g, '');
}

/** Whether `id` is a valid table id. */
export function validId(id) {
  return ID_PATTERN.test(id ?? '');
}

/** Bytes of UTF-8, as the server measures texts. */
export function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}

// The server's control characters: U+0000–U+001F and U+007F–U+009F.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a text as the server will (docs/api.md: trimmed, at most 800 bytes, no control
 * characters, empty only where allowed). Returns null when fine, or 'empty' | 'tooLong' | 'control'.
 */
export function textProblem(text, { optional = false, maxBytes = MAX_TEXT_BYTES } = {}) {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return optional ? null : 'empty';
  if (CONTROL.test(trimmed)) return 'control';
  if (utf8Length(trimmed) > maxBytes) return 'tooLong';
  return null;
}

/** A procedure's title, legal basis and act reference: up to 2,000 bytes (docs/api.md). */
export const MAX_PROCEDURE_BYTES = 2000;
export const MAX_AREAS = 100;

/**
 * The areas of intervention typed one per line: trimmed, empty lines and repeats dropped.
 * Returns { areas, problem } with problem null | 'tooLong' | 'control' | 'tooMany'.
 */
export function parseAreas(text) {
  const areas = [];
  for (const line of (text ?? '').split(/\r\n|\n|\r/)) {
    const area = line.trim();
    if (!area || areas.some((a) => a.toLocaleLowerCase('it') === area.toLocaleLowerCase('it'))) continue;
    const problem = textProblem(area);
    if (problem) return { areas, problem };
    areas.push(area);
  }
  return { areas, problem: areas.length > MAX_AREAS ? 'tooMany' : null };
}

/** The days of validity typed, as a whole number 1–366, or null when not. */
export function parseDays(value) {
  const text = String(value ?? '').trim();
  if (!/^\d{1,3}$/.test(text)) return null;
  const days = Number(text);
  return days >= 1 && days <= MAX_DAYS ? days : null;
}

/** A date from the wire, milliseconds since 1970 (number) or ISO 8601 (string); null when absent or unreadable. */
export function wireDate(value) {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** 'revoked', 'expired' or 'active', at `now` (ms). A revocation wins over an expiry. */
export function invitationState(invitation, now = Date.now()) {
  if (wireDate(invitation.revokedAt) !== null) return 'revoked';
  const expires = wireDate(invitation.expiresAt);
  if (expires !== null && expires <= now) return 'expired';
  return 'active';
}

/** Tables in order of title, as Italian readers sort (accents and case aside), then by id. */
export function sortTables(tables, locale = 'it') {
  return [...tables].sort((a, b) => (a.title ?? '').localeCompare(b.title ?? '', locale, { sensitivity: 'base' })
    || a.id.localeCompare(b.id));
}

/**
 * Invitations as the page lists them: facilitation first, then by role, then by name; within that
 * the active before the revoked and expired (they stay listed: who was invited is part of the record).
 */
export function sortInvitations(invitations, now = Date.now(), locale = 'it') {
  const stateOrder = { active: 0, expired: 1, revoked: 2 };
  return [...invitations].sort((a, b) => (stateOrder[invitationState(a, now)] - stateOrder[invitationState(b, now)])
    || (ROLES.indexOf(a.role) - ROLES.indexOf(b.role))
    || (a.name ?? '').localeCompare(b.name ?? '', locale, { sensitivity: 'base' })
    || (wireDate(a.issuedAt) ?? 0) - (wireDate(b.issuedAt) ?? 0));
}

/** Counts for a table's summary line: active invitations, those who joined at least once, those present now. */
export function invitationCounts(invitations, now = Date.now()) {
  let active = 0;
  let joined = 0;
  let present = 0;
  for (const invitation of invitations) {
    if (invitationState(invitation, now) === 'active') active++;
    if (wireDate(invitation.firstJoinedAt) !== null) joined++;
    if (invitation.present === true) present++;
  }
  return { active, joined, present };
}

/** The role the invitation form suggests: facilitation while the table has no active facilitator. */
export function suggestedRole(invitations, now = Date.now()) {
  const hasFacilitator = invitations.some((i) => i.role === 'facilitator' && invitationState(i, now) === 'active');
  return hasFacilitator ? 'ets' : 'facilitator';
}

/** The first active facilitator invitation (the table is opened as facilitator with its link), or null. */
export function facilitatorInvitation(invitations, now = Date.now()) {
  return sortInvitations(invitations, now).find((i) => i.role === 'facilitator' && invitationState(i, now) === 'active') ?? null;
}

/** Whole days from `now` to `ms`, rounded up (a validity ending later today is 1 day). */
export function daysLeft(ms, now = Date.now()) {
  return Math.max(0, Math.ceil((ms - now) / 86_400_000));
}

/** Procedures in order of title, for a picker. */
export function sortProcedures(procedures, locale = 'it') {
  return [...(procedures ?? [])].sort((a, b) => (a.title ?? '').localeCompare(b.title ?? '', locale, { sensitivity: 'base' })
    || a.id.localeCompare(b.id));
}

/** The areas of intervention to suggest: the chosen procedure's, else those of every procedure and table, once each. */
export function areaSuggestions(procedures, tables, procedureId = '', locale = 'it') {
  const chosen = (procedures ?? []).find((p) => p.id === procedureId);
  const areas = chosen ? (chosen.areas ?? [])
    : [...(procedures ?? []).flatMap((p) => p.areas ?? []), ...(tables ?? []).map((t) => t.area)];
  const seen = new Map();
  for (const area of areas) {
    const trimmed = (area ?? '').trim();
    if (trimmed && !seen.has(trimmed.toLocaleLowerCase(locale))) seen.set(trimmed.toLocaleLowerCase(locale), trimmed);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, locale, { sensitivity: 'base' }));
}

/** How a table's procedure reads: the registered procedure's title when known, else what is stored. */
export function procedureLabel(procedures, value) {
  if (!value) return '';
  return (procedures ?? []).find((p) => p.id === value)?.title ?? value;
}

/** Names of the people present in `after` who were not in `before` (what a refresh tells the administrator). */
export function newlyPresent(before, after) {
  const was = new Set(before.filter((i) => i.present === true).map((i) => i.id));
  return after.filter((i) => i.present === true && !was.has(i.id)).map((i) => i.name);
}

// — Procedures edited, and the public page (issue 13, items 1 and 5) —

/** The public page of a procedure's approved verbali (no token needed): `/pubblico/<procedure>`. */
export const publicPagePath = (procedure) => `/pubblico/${encodeURIComponent(procedure)}`;

/** The procedure form's values from a stored procedure (areas one per line). */
export function procedureFormValues(procedure) {
  return {
    id: procedure?.id ?? '',
    title: procedure?.title ?? '',
    legalBasis: procedure?.legalBasis ?? '',
    actReference: procedure?.actReference ?? '',
    areas: (procedure?.areas ?? []).join('\n'),
    publicInitialsOnly: Boolean(procedure?.publicInitialsOnly),
  };
}

/**
 * Whether a table's approved verbali are on its procedure's public page: {published, since (ms |
 * null), page (path | null), canPublish}. A table without a procedure has no public page to be on.
 */
export function publicationState(table) {
  const since = wireDate(table?.publishedAt);
  const procedure = table?.procedure || '';
  return { published: since !== null, since, page: procedure ? publicPagePath(procedure) : null, canPublish: Boolean(procedure) };
}
