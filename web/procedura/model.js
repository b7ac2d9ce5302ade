// The procedure dashboard's logic, without the DOM (tests/model.test.js): where the credential
// comes from, and what the cabina di regia reads at a glance — each session's state in words, its
// date, who still has to approve, the organisations' shares of speaking and writing.
//
// The page is opened as `/procedura/#procedimento=<id>&invito=<coordinator invitation>` (or
// `&chiave=<admin key>`). The credential is taken out of the address bar (history.replaceState)
// and kept in sessionStorage for this tab, so a reload still works and the link cannot be copied
// from the address bar with the credential in it.
import { formatClock, formatDay } from '../facilitation/record-model.js';

/** sessionStorage key of the credential, per procedure. */
export const storageKey = (procedure) => `tavolo.dashboard.${procedure}`;
/** Where the administration page keeps its key (web/admin/model.js STORAGE_KEY). */
export const ADMIN_KEY_STORAGE = 'tavolo.adminKey';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads `#procedimento=<id>&invito=<token>` or `&chiave=<key>`: `{procedure, credential, rest}`,
 * `credential` `{kind: 'invito'|'chiave', token}` or null, `rest` the fragment to leave in the
 * address bar (the procedure only). `procedure` is null when absent or not an id.
 */
export function readFragment(hash) {
  const parameters = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  const procedure = parameters.get('procedimento');
  const invitation = parameters.get('invito');
  const key = parameters.get('chiave');
  const credential = invitation ? { kind: 'invito', token: invitation } : key ? { kind: 'chiave', token: key } : null;
  const valid = procedure && ID.test(procedure) ? procedure : null;
  return { procedure: valid, credential, rest: valid ? `#procedimento=${encodeURIComponent(valid)}` : '' };
}

/**
 * The credential to use: the link's, else the one this tab kept for the procedure, else the
 * administration page's key kept in this browser. `session` and `local` are Storage-like (or null).
 */
export function chooseCredential(fragment, session, local) {
  if (fragment.credential) return fragment.credential;
  if (!fragment.procedure) return null;
  try {
    const kept = JSON.parse(session?.getItem(storageKey(fragment.procedure)) ?? 'null');
    if (kept && (kept.kind === 'invito' || kept.kind === 'chiave') && typeof kept.token === 'string' && kept.token) return kept;
  } catch { /* a damaged entry: ignore it */ }
  const admin = local?.getItem(ADMIN_KEY_STORAGE);
  return admin ? { kind: 'chiave', token: admin } : null;
}

/** The link from a table's history (coordinators) or the admin page to the dashboard. */
export function dashboardLink(procedure, credential = null) {
  const base = `/procedura/#procedimento=${encodeURIComponent(procedure)}`;
  if (!credential) return base;
  return `${base}&${credential.kind === 'chiave' ? 'chiave' : 'invito'}=${encodeURIComponent(credential.token)}`;
}

const STATUSES = ['scheduled', 'live', 'closed', 'minutes_in_review', 'approved'];

/** Milliseconds from an ISO 8601 date (or ms), NaN when absent. */
export function millis(value) {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || !value) return NaN;
  return Date.parse(value);
}

/**
 * The date that says when a session is: when it opened (as in the spreadsheet and on the public
 * page), else when it is called for, else closed, approved.
 */
export function sessionMoment(session) {
  for (const field of ['openedAt', 'scheduledAt', 'closedAt', 'approvedAt']) {
    const ms = millis(session?.[field]);
    if (Number.isFinite(ms)) return ms;
  }
  return NaN;
}

/** «5 dicembre 2026, ore 15:05» / «5 December 2026, 15:05» (the glossary's form), '' without a date. */
export function formatMoment(ms, language, dateTime, timeZone = undefined) {
  if (!Number.isFinite(ms)) return '';
  return dateTime(formatDay(ms, language, timeZone), formatClock(ms, language, { timeZone }));
}

/** Italian or English number form: «1.250», «3,5». */
export function formatNumber(value, language, digits = 0) {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'it-IT', { maximumFractionDigits: digits }).format(value);
}

/** «20%» (one decimal under 10 %, so a small share is not read as zero). */
export function formatPercent(share, language) {
  const value = Number(share) || 0;
  return `${formatNumber(value, language, value > 0 && value < 10 ? 1 : 0)}%`;
}

/**
 * One session as the page shows it: `{id, number, title, status, statusKey, moment, pending,
 * pendingState, signed}`. `pendingState`: 'waiting' (in review, people listed), 'none' (nobody
 * is missing: in review with no one left, or approved), 'notYet' (not in review yet).
 */
export function sessionRow(session) {
  const status = STATUSES.includes(session?.status) ? session.status : 'scheduled';
  const pending = Array.isArray(session?.pendingApprovals) ? session.pendingApprovals : [];
  const pendingState = status === 'minutes_in_review' ? (pending.length ? 'waiting' : 'none')
    : status === 'approved' ? 'none' : 'notYet';
  return {
    id: session.id, number: session.number, title: session.title ?? '', status,
    moment: sessionMoment(session), pending, pendingState, signed: Boolean(session.signed),
  };
}

/** Sessions in their order at the table (their number), then by date. */
export function sessionRows(table) {
  return (table?.sessions ?? []).map(sessionRow)
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0) || (a.moment || 0) - (b.moment || 0));
}

/** The line at the top: tables, sessions, how many in each state, approvals missing. */
export function glance(dashboard) {
  const tables = dashboard?.tables ?? [];
  const sessions = tables.flatMap((table) => table.sessions ?? []).map(sessionRow);
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  for (const session of sessions) byStatus[session.status] += 1;
  return {
    tables: tables.length,
    sessions: sessions.length,
    byStatus: STATUSES.filter((status) => byStatus[status] > 0).map((status) => ({ status, count: byStatus[status] })),
    pending: sessions.reduce((sum, session) => sum + (session.pendingState === 'waiting' ? session.pending.length : 0), 0),
  };
}

/**
 * The organisations' shares as a chart: one row per organisation (most speaking, then most
 * writing, then by name), each with its speaking and writing share in percent of the
 * procedure's totals; a bar's width is the share itself (100% = everything), capped at 100.
 */
export function organisationChart(dashboard, language = 'it') {
  const rows = (dashboard?.organisations ?? []).map((o) => ({
    organisation: o.organisation || '—',
    tables: Number(o.tables) || 0,
    spokenSeconds: Number(o.spokenSeconds) || 0,
    characters: Number(o.characters) || 0,
    speakingShare: Number(o.speakingShare) || 0,
    writingShare: Number(o.writingShare) || 0,
  }));
  const collator = new Intl.Collator(language === 'en' ? 'en-GB' : 'it-IT');
  rows.sort((a, b) => b.speakingShare - a.speakingShare || b.writingShare - a.writingShare || collator.compare(a.organisation, b.organisation));
  const width = (share) => Math.max(0, Math.min(100, Math.round(share * 10) / 10));
  return rows.map((row) => ({ ...row, speakingWidth: width(row.speakingShare), writingWidth: width(row.writingShare) }));
}

/** Tables by title, in the reader's language's order. */
export function sortedTables(dashboard, language = 'it') {
  const collator = new Intl.Collator(language === 'en' ? 'en-GB' : 'it-IT');
  return [...(dashboard?.tables ?? [])].sort((a, b) => collator.compare(a.title ?? a.id, b.title ?? b.id));
}

/** Auto-refresh: every 30 s while the page is visible; on coming back into sight, at once if stale. */
export const REFRESH_MS = 30_000;
export function refreshDue(lastLoaded, now, visible) {
  return visible && (!Number.isFinite(lastLoaded) || now - lastLoaded >= REFRESH_MS);
}
