// The procedure dashboard (`/procedura/#procedimento=<id>&invito=<coordinator invitation>`, or
// `&chiave=<admin key>`): what the cabina di regia / RUP reads at a glance — the procedure, every
// table (area, publication, participants, ETS), each session's state in words, its date, who still
// has to approve the verbale, whether the signed copy is there; speaking and writing shares by
// organisation across the procedure; the same as CSV or ODS. Refreshed by the button, and every
// 30 s while the page is in sight. The logic is in model.js (tested in node); this file draws.
import { catalogues, loadCatalogue, preferredLanguage } from '../i18n/index.js';
import { describeError } from '../i18n/errors.js';
import { el } from '../history/dom.js';
import { downloadName, safeFileName } from '../history/downloads.js';
import { formatClock, formatElapsedWords } from '../facilitation/record-model.js';
import { DashboardAPI } from './api.js';
import {
  chooseCredential, formatMoment, formatNumber, formatPercent, glance, organisationChart,
  readFragment, refreshDue, sessionRows, sortedTables, storageKey,
} from './model.js';

const $ = (id) => document.getElementById(id);
const storage = (name) => { try { return window[name]; } catch { return null; } };

let language = preferredLanguage(storage('localStorage'));
if (language !== 'it') await loadCatalogue(language).catch(() => { language = 'it'; });

const catalogue = () => catalogues[language];
const t = () => catalogue().dashboard;

// The credential: from the link, kept for this tab, and taken out of the address bar.
const fragment = readFragment(window.location.hash);
const credential = chooseCredential(fragment, storage('sessionStorage'), storage('localStorage'));
if (fragment.credential && fragment.procedure) {
  try { storage('sessionStorage')?.setItem(storageKey(fragment.procedure), JSON.stringify(fragment.credential)); } catch { /* private mode */ }
}
if (fragment.credential) history.replaceState(null, '', `${location.pathname}${location.search}${fragment.rest}`);

const api = fragment.procedure && credential ? new DashboardAPI({ procedure: fragment.procedure, token: credential.token }) : null;

const view = { dashboard: null, lastText: '', loadedAt: NaN, loading: null, error: null, stopped: false, status: '' };

// — Words —

function translateStatic() {
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll('[data-t]')) {
    const text = t()[node.dataset.t];
    if (typeof text === 'string') node.textContent = text;
  }
  const other = language === 'it' ? 'en' : 'it';
  $('language').textContent = other === 'en' ? 'English' : 'Italiano';
  $('language').lang = other;
}

function setStatus(text) {
  view.status = text;
  $('status').textContent = text;
}

function showError(error) {
  view.error = error;
  $('error').textContent = error ? describeError(error, language) : '';
}

// — Drawing —

const when = (ms) => formatMoment(ms, language, catalogue().facilitation.record.dateTime);

function metaList(element, pairs) {
  // dt and dd straight in the dl (axe 3's dlitem rule refuses a div between them).
  element.replaceChildren(...pairs.filter(([, value]) => value !== null && value !== undefined && value !== '')
    .flatMap(([term, value, attributes = {}]) => [el('dt', attributes, term), el('dd', attributes, value)]));
}

function drawProcedure(dashboard) {
  const procedure = dashboard.procedure ?? {};
  document.title = t().documentTitle(procedure.title || procedure.id || '');
  $('procedure').hidden = false;
  $('procedure-title').textContent = procedure.title || procedure.id || '';
  metaList($('procedure-meta'), [
    [t().legalBasis, procedure.legalBasis],
    [t().actReference, procedure.actReference],
    [t().areas, (procedure.areas ?? []).join(', ')],
  ]);
  const summary = glance(dashboard);
  const states = summary.byStatus.map(({ status, count }) => t().statusCount(count, catalogue().sessionStatus[status] ?? status));
  const sessions = t().sessionCount(summary.sessions);
  const parts = [t().tableCount(summary.tables), states.length ? t().sessionsByStatus(sessions, states.join(', ')) : sessions];
  if (summary.pending > 0) parts.push(t().pendingCount(summary.pending));
  $('glance').replaceChildren(el('span', { className: 'visually-hidden' }, `${t().glance}: `), parts.join(' · '));
  drawUpdated();
  // Once some table's approved verbali are public, the page the public reads is one tap away.
  const published = (dashboard.tables ?? []).some((table) => table.published);
  $('public-page').hidden = !published;
  $('public-page-link').href = `/pubblico/${encodeURIComponent(procedure.id ?? fragment.procedure)}`;
}

function drawUpdated() {
  $('updated').textContent = Number.isFinite(view.loadedAt) ? t().updatedAt(formatClock(view.loadedAt, language)) : '';
}

function person(approval) {
  const role = catalogue().roles[approval.role] ?? approval.role ?? '';
  return t().person(approval.name ?? '', approval.organisation ?? '', role);
}

function sessionItem(row) {
  const pending = row.pendingState === 'waiting'
    ? el('ul', { className: 'pending' }, row.pending.map((approval) => el('li', {}, person(approval))))
    : row.pendingState === 'none' ? t().pendingNone : t().pendingNotYet;
  const details = el('dl', { className: 'meta session-meta' });
  metaList(details, [
    [t().date, row.moment ? when(row.moment) : t().noDate],
    [t().pending, pending, { className: row.pendingState === 'waiting' ? 'waiting' : undefined }],
    [t().signed, row.signed ? t().yes : t().no],
  ]);
  return el('li', { className: 'session', dataset: { session: row.id, status: row.status } },
    el('p', { className: 'session-head' },
      el('span', { className: 'session-title' }, t().session(row.number ?? '', row.title)),
      ' ',
      el('span', { className: `badge status-${row.status}` }, catalogue().sessionStatus[row.status] ?? row.status)),
    details);
}

function tableCard(table) {
  const headingId = `table-${table.id}`;
  const meta = el('dl', { className: 'meta' });
  const ets = table.etsOrganisations ?? [];
  metaList(meta, [
    [t().area, table.area || t().noArea],
    [t().publication, table.published ? t().published : t().notPublished],
    [t().participants, t().participantCount(Number(table.participants) || 0)],
    [t().ets, ets.length ? ets.join(', ') : t().noEts],
  ]);
  const rows = sessionRows(table);
  return el('article', { className: 'card table-card', 'aria-labelledby': headingId, dataset: { table: table.id } },
    el('h3', { id: headingId }, table.title || table.id),
    meta,
    el('h4', {}, t().sessionsTitle),
    rows.length ? el('ol', { className: 'sessions' }, rows.map(sessionItem)) : el('p', { className: 'hint' }, t().noSessions));
}

/** One organisation: its name, then "Parola: 40% (4 min 18 s)" and "Scrittura: …" in words, each
 * with its bar (decoration: the words say it all). A measure nobody has yet is left out (said once). */
function organisationRow(row, { spoken, written }) {
  const bar = (kind, width) => {
    const fill = el('span', { className: 'bar-fill' });
    fill.style.width = `${width}%`;
    return el('span', { className: `bar bar-${kind}`, 'aria-hidden': 'true' }, fill);
  };
  return el('li', { className: 'chart-row', dataset: { organisation: row.organisation } },
    el('p', { className: 'chart-name' }, el('strong', {}, row.organisation), ' ', el('span', { className: 'hint' }, t().inTables(row.tables))),
    spoken ? el('p', { className: 'chart-line' }, `${t().speaking}: `,
      el('strong', {}, t().share(formatPercent(row.speakingShare, language), formatElapsedWords(row.spokenSeconds * 1000)))) : null,
    spoken ? bar('speaking', row.speakingWidth) : null,
    written ? el('p', { className: 'chart-line' }, `${t().writing}: `,
      el('strong', {}, t().share(formatPercent(row.writingShare, language), t().characters(formatNumber(row.characters, language))))) : null,
    written ? bar('writing', row.writingWidth) : null);
}

function draw() {
  translateStatic();
  if (view.error) $('error').textContent = describeError(view.error, language);
  const dashboard = view.dashboard;
  if (!dashboard) return;
  drawProcedure(dashboard);
  $('content').hidden = false;
  const tables = sortedTables(dashboard, language);
  $('no-tables').hidden = tables.length > 0;
  $('tables').replaceChildren(...tables.map(tableCard));
  const chart = organisationChart(dashboard, language);
  $('no-organisations').hidden = chart.length > 0;
  const measured = { spoken: chart.some((row) => row.spokenSeconds > 0), written: chart.some((row) => row.characters > 0) };
  const missing = [measured.spoken ? null : t().nobodySpoke, measured.written ? null : t().nobodyWrote].filter(Boolean);
  $('organisations-missing').textContent = chart.length ? missing.join(' ') : '';
  $('organisations').replaceChildren(...(measured.spoken || measured.written ? chart.map((row) => organisationRow(row, measured)) : []));
}

// — Loading —

/** Errors after which asking again cannot help: the link is wrong or not allowed. */
const FINAL = new Set([401, 403, 404]);

async function load({ announce = false } = {}) {
  if (!api || view.stopped) return;
  if (view.loading) return view.loading;
  $('refresh').disabled = true;
  if (!view.dashboard) setStatus(t().loading);
  view.loading = (async () => {
    try {
      const dashboard = await api.dashboard();
      view.loadedAt = Date.now();
      showError(null);
      // Nothing changed: only the time is new. The tables are not drawn again, so a screen
      // reader's place in them is kept between the refreshes every 30 s.
      const text = JSON.stringify(dashboard);
      const same = text === view.lastText;
      view.dashboard = dashboard;
      view.lastText = text;
      // The time is in the procedure's box; the status says it only when asked for (the button).
      if (announce) setStatus(t().updatedAt(formatClock(view.loadedAt, language)));
      else if (view.status === t().loading) setStatus('');
      if (same) drawUpdated();
      else draw();
    } catch (error) {
      if (FINAL.has(error?.status)) view.stopped = true;
      if (view.status === t().loading) setStatus('');
      showError(error);
      // A failed refresh leaves what was shown; it is tried again at the next round.
      view.loadedAt = Date.now();
    } finally {
      view.loading = null;
      $('refresh').disabled = false;
      $('refresh').hidden = view.stopped;  // asking again cannot help
    }
  })();
  return view.loading;
}

async function download(format) {
  const button = $(`download-${format}`);
  button.disabled = true;
  setStatus(t().downloading);
  try {
    const { blob, disposition } = await api.file(format);
    const name = downloadName(disposition, safeFileName(`cruscotto-${fragment.procedure}.${format}`));
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    setStatus(t().downloaded(name));
    showError(null);
  } catch (error) {
    setStatus('');
    showError(error);
  } finally {
    button.disabled = false;
  }
}

// — Input —

$('language').addEventListener('click', async () => {
  const wanted = language === 'it' ? 'en' : 'it';
  try {
    await loadCatalogue(wanted);
  } catch {
    return;
  }
  language = wanted;
  try { storage('localStorage')?.setItem('tavolo.language', language); } catch { /* private mode */ }
  setStatus('');
  draw();
});

$('refresh').addEventListener('click', () => load({ announce: true }));
$('download-csv').addEventListener('click', () => download('csv'));
$('download-ods').addEventListener('click', () => download('ods'));

// Another link opened in this tab (another procedure, another invitation): start again from it.
window.addEventListener('hashchange', () => window.location.reload());

const visible = () => document.visibilityState === 'visible';
setInterval(() => { if (refreshDue(view.loadedAt, Date.now(), visible())) load(); }, 1000);
document.addEventListener('visibilitychange', () => { if (refreshDue(view.loadedAt, Date.now(), visible())) load(); });

translateStatic();
if (!fragment.procedure) {
  $('error').textContent = t().noProcedure;
} else if (!credential) {
  $('error').textContent = t().noCredential;
} else {
  $('refresh').hidden = false;
  load();
}
