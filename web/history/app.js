// The history page (`/history.html#invito=<token>`): pick a session and a text, scrub or play
// through time, see the text, who wrote it and what changed, and download the records.
// Everything comes from the history HTTP API with the invitation token as bearer.
import { catalogues, loadCatalogue, preferredLanguage } from '../i18n/index.js';
import { describeError } from '../i18n/errors.js';
import { invitationFromHash } from '../invitation.js';
import { HistoryAPI } from './api.js';
import { el, spoken, table } from './dom.js';
import { canReadAudit, documentFormats, downloadName, fallbackNames, minutesFormats } from './downloads.js';
import { describeEvent, peopleIndex, tableSummary, textLabel } from './events.js';
import { LatestRequest } from './latest.js';
import { renderMarkdown } from '../table/markdown.js';  // the same rendering as the table's preview
import { PROJECT } from '../table/layout.js';
import { PlaybackClock, speeds } from './playback.js';
import { authorshipModel, diffModel, personLabel, rootKey, textAt } from './render-model.js';
import {
  clampMoment, currentEvent, formatDuration, keyStep, neighbourEvent, sessionRange, sliderScale, tickFractions,
} from './timeline.js';
import { formatClock, formatDateTime, formatDay, formatElapsedWords } from '../facilitation/record-model.js';
import { dashboardLink } from '../procedura/model.js';

const $ = (id) => document.getElementById(id);
const invitation = invitationFromHash(window.location.hash);
const api = invitation ? new HistoryAPI({ table: invitation.table, token: invitation.token }) : null;
const clock = new PlaybackClock();
const requests = { state: new LatestRequest(), authorship: new LatestRequest(), diff: new LatestRequest() };

let language = preferredLanguage(window.localStorage);
if (language !== 'it') await loadCatalogue(language).catch(() => { language = 'it'; });

const view = {
  language,
  overview: null,
  people: new Map(),
  sessions: new Map(),
  scope: '',
  scale: sliderScale(0, 0),
  at: 0,
  text: '',
  mode: 'text',
  events: [],
  a: 0,
  b: 0,
  // The last answers drawn: kept until newer ones arrive, and redrawn on a language change.
  state: null,
  stateArea: null,
  authorship: null,
  authorshipText: null,
  diff: null,
  diffText: null,
  status: '',
  statusIsError: false,
};
let playTimer = null;
let lastSpoken = 0;

const t = () => catalogues[view.language].history;
// Clock times always with their date ("5 dicembre 2026, ore 15:05:12"); time since the start is said
// apart, in words ("1 h 12 min dall’inizio della seduta"), so the two are never confused (issue 13, item 7).
const record = () => catalogues[view.language].facilitation.record;
const when = (ms) => formatDateTime(ms, record(), { seconds: true });

// — Loading —

/** The error catalogue's words for a failed request (web/i18n/errors.js): never the server's English message. */
function explain(error) {
  return describeError(error, view.language);
}

function setStatus(text) {
  view.status = text;
  view.statusIsError = false;
  $('status').textContent = text;
}

function showError(error) {
  setStatus(explain(error));
  view.statusIsError = true;
}

/** An answer arrived: an earlier failure no longer describes what is shown. */
function clearError() {
  if (view.statusIsError) setStatus('');
}

async function start() {
  renderChrome();
  if (!invitation) {
    setStatus(t().noInvitation);
    return;
  }
  $('back').href = `/#invito=${encodeURIComponent(invitation.token)}`;
  setStatus(t().loading);
  try {
    view.overview = await api.overview();
  } catch (error) {
    showError(error);
    return;
  }
  showDashboardLink();
  view.people = peopleIndex(view.overview.participants);
  view.sessions = new Map(view.overview.sessions.map((s) => [s.id, s]));
  // The shared project first: it is what every session works on.
  const texts = view.overview.texts ?? [];
  view.text = (texts.find((x) => x.path === PROJECT) ?? texts[0])?.path ?? '';
  setStatus('');
  $('controls').hidden = false;
  $('workspace').hidden = false;
  renderChrome();
  await chooseScope('');
}

/** The events, with the upload of each signed copy in its place (the server records it in the audit log, not as a table event). */
function withSignedCopies(events, scope) {
  const copies = view.overview.sessions.filter((s) => s.signedCopy && (!scope || s.id === scope))
    .map((s) => ({ at: s.signedCopy.uploadedAt, kind: 'signedCopyUploaded', detail: { session: s.id } }));
  return copies.length ? [...events, ...copies].sort((a, b) => a.at - b.at) : events;
}

/** The range of the whole table or of one session: from its opening to its end (its approval or signed copy, else its closing, else now). */
function rangeOf(scope) {
  return sessionRange(view.overview, scope);
}

async function chooseScope(scope) {
  pause();
  view.scope = scope;
  const [start, end] = rangeOf(scope);
  view.scale = sliderScale(start, end);
  view.at = end;
  view.a = start;
  view.b = end;
  $('slider').max = String(view.scale.max);
  view.events = [];
  renderEvents();
  try {
    view.events = withSignedCopies((await api.events(scope || undefined)).events ?? [], scope);
  } catch (error) {
    showError(error);
  }
  renderEvents();
  renderTicks();
  moveTo(end);
  if (view.mode === 'diff') loadDiff();
}

/** Shows the moment `at`: updates the slider and the time at once, and asks for the answers. */
function moveTo(at, { announce = false } = {}) {
  view.at = clampMoment(at, view.scale.start, view.scale.end);
  $('slider').value = String(view.scale.toValue(view.at));
  renderMoment(announce);
  markCurrentEvent();
  load();
}

function load() {
  if (!view.overview) return;
  // While playing, whole seconds: one request per second of session time, and replays hit the cache.
  const at = playTimer !== null && view.at < view.scale.end ? Math.floor(view.at / 1000) * 1000 : Math.round(view.at);
  const area = view.text ? rootKey(view.text) : undefined;
  requests.state.schedule(
    (signal) => { $('document').setAttribute('aria-busy', 'true'); return api.state(at, area, signal); },
    (answer) => {
      view.state = answer;
      view.stateArea = area;
      $('document').removeAttribute('aria-busy');
      clearError();
      renderTable();
      if (view.mode === 'text') renderDocument();
    },
    (error) => { $('document').removeAttribute('aria-busy'); showError(error); },
    `${at}|${area}`,
  );
  if (view.mode === 'authorship' && view.text) {
    const text = view.text;
    requests.authorship.schedule(
      (signal) => api.authorship(text, at, signal),
      (answer) => { view.authorship = answer; view.authorshipText = text; clearError(); renderDocument(); },
      showError,
      `${at}|${text}`,
    );
  }
}

function loadDiff() {
  if (!view.text) return;
  // A is the earlier version (the API compares forward in time).
  if (view.a > view.b) [view.a, view.b] = [view.b, view.a];
  const [from, to, text] = [Math.round(view.a), Math.round(view.b), view.text];
  renderDiffControls();
  requests.diff.schedule(
    (signal) => api.diff(text, from, to, signal),
    (answer) => { view.diff = answer; view.diffText = text; clearError(); renderDocument(); },
    showError,
  );
}

// — Playback —

function play() {
  clock.play(view.at, view.scale.start, view.scale.end);
  playTimer = setInterval(() => {
    const at = clock.moment();
    moveTo(at);
    if (!clock.playing) pause();
  }, 200);
  renderPlayButton();  // after the timer exists: the button's state is read from it
}

function pause() {
  if (playTimer === null) return;
  clearInterval(playTimer);
  playTimer = null;
  clock.pause();
  renderPlayButton();
  renderMoment(true);
}

// — Rendering —

/**
 * The procedure dashboard (web/procedura/), for coordinators (the cabina di regia), when the table
 * belongs to a procedure: their own invitation opens it. Shown once the server names the table's
 * procedure (`table.procedure` in the history overview).
 */
function showDashboardLink() {
  const procedure = view.overview?.table?.procedure;
  const link = $('dashboard-link');
  link.hidden = !(procedure && invitation?.role === 'coordinator');
  if (!link.hidden) link.href = dashboardLink(procedure, { kind: 'invito', token: invitation.token });
}

function renderChrome() {
  const strings = catalogues[view.language];
  const h = strings.history;
  document.documentElement.lang = view.language;
  document.title = `${h.pageTitle} – Tavolo`;
  $('page-title').textContent = h.pageTitle;
  $('language').textContent = strings.language;
  $('back').textContent = h.backToTable;
  $('dashboard-link').textContent = strings.dashboard.link;
  $('table-title').textContent = view.overview ? view.overview.table.title : '';
  for (const [id, text] of [['scope-label', h.scope], ['text-label', h.text], ['mode-label', h.mode], ['slider-label', h.slider],
    ['speed-label', h.speed], ['previous-label', h.previousEvent], ['next-label', h.nextEvent], ['slider-help', h.sliderHelp],
    ['table-at-title', h.tableAt], ['events-title', h.events], ['downloads-title', h.downloads], ['legend-title', h.legend],
    ['people-title', h.byPerson], ['organisations-title', h.byOrganisation], ['version-a-label', `${h.versionA}:`],
    ['version-b-label', `${h.versionB}:`], ['set-a', h.setA], ['set-b', h.setB], ['start-end', h.diffStartEnd],
    ['inserted-legend', h.insertedLegend], ['deleted-legend', h.deletedLegend]]) {
    $(id).textContent = text;
  }
  for (const span of document.querySelectorAll('[data-mode]')) span.textContent = h.modes[span.dataset.mode];
  $('speed').replaceChildren(...speeds.map((speed) => el('option', { value: String(speed), defaultSelected: clock.speed === speed }, `${speed}×`)));
  renderPlayButton();
  if (!view.overview) return;
  renderPickers();
  renderMoment(false);
  renderEvents();
  renderTable();
  renderDocument();
  renderDownloads();
}

function renderPlayButton() {
  $('play').textContent = playTimer === null ? `▶ ${t().play}` : `⏸ ${t().pause}`;
  $('play').setAttribute('aria-pressed', String(playTimer !== null));
}

function renderPickers() {
  const h = t();
  const sessions = view.overview.sessions.filter((s) => s.openedAt !== undefined && s.openedAt !== null);
  $('scope').replaceChildren(
    el('option', { value: '', defaultSelected: view.scope === '' }, h.wholeTable),
    ...sessions.map((s) => el('option', { value: s.id, defaultSelected: view.scope === s.id }, h.sessionOption(s.title, h.statuses[s.status] ?? s.status))),
  );
  const texts = view.overview.texts ?? [];
  $('text').replaceChildren(...texts.map((x) => el('option', { value: x.path, defaultSelected: x.path === view.text }, textLabel(x, h, view.sessions))));
  $('text').disabled = texts.length === 0;
}

function renderMoment(announce) {
  const h = t();
  const text = h.momentShown(when(view.at), formatElapsedWords(view.at - view.scale.start), Boolean(view.scope));
  $('moment').textContent = text;
  $('slider').setAttribute('aria-valuetext', text);
  // Politely, and during playback at most every few seconds: a screen reader should not
  // be flooded with moments while the slider runs.
  const now = performance.now();
  if (announce || (playTimer !== null && now - lastSpoken > 5000)) {
    lastSpoken = now;
    $('moment-live').textContent = text;
  }
}

function renderTicks() {
  const { start, end } = view.scale;
  $('ticks').replaceChildren(...tickFractions(view.events, start, end).map((fraction) => {
    const tick = el('span', { className: 'tick' });
    tick.style.left = `${(fraction * 100).toFixed(3)}%`;
    return tick;
  }));
}

function renderEvents() {
  const h = t();
  const list = $('events');
  if (!view.events.length) {
    list.replaceChildren(el('li', { className: 'hint' }, h.noEvents));
    return;
  }
  // Each event at its clock time; the date heads the list and each new day, so "15:05" is never read as time elapsed.
  const items = [];
  let day = null;
  view.events.forEach((event, index) => {
    const date = formatDay(event.at, view.language);
    if (date !== day) {
      day = date;
      items.push(el('li', { className: 'event-day' }, el('time', { dateTime: new Date(event.at).toISOString().slice(0, 10) }, date)));
    }
    items.push(el('li', {},
      el('button', { type: 'button', className: 'event', dataset: { index: String(index), kind: event.kind }, title: h.momentShown(when(event.at), formatElapsedWords(event.at - view.scale.start), Boolean(view.scope)) },
        el('time', { dateTime: new Date(event.at).toISOString() }, h.clock(formatClock(event.at, view.language))),
        ' ', describeEvent(event, h, view.people, view.sessions))));
  });
  list.replaceChildren(...items);
  markCurrentEvent();
}

function markCurrentEvent() {
  const current = currentEvent(view.events, view.at);
  const list = $('events');
  for (const button of list.querySelectorAll('button.event')) {
    if (Number(button.dataset.index) !== current) { button.removeAttribute('aria-current'); continue; }
    if (button.getAttribute('aria-current') === 'true') continue;
    button.setAttribute('aria-current', 'true');
    // Keep the current event visible in its list (not scrollIntoView: that would move the page).
    const item = button.parentElement;
    if (item.offsetTop < list.scrollTop || item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = item.offsetTop - list.clientHeight / 3;
    }
  }
}

function renderTable() {
  const h = t();
  const summary = tableSummary(view.state?.table, view.people);
  const box = $('table-at');
  if (!summary) { box.replaceChildren(); return; }
  const names = (people) => (people.length ? people.map((p) => personLabel(p)).join(', ') : h.nobody);
  const session = view.state.table.sessions?.find((s) => s.id === view.scope);
  box.replaceChildren(el('dl', {},
    session ? [el('dt', {}, h.scope), el('dd', { id: 'table-at-status' }, h.sessionOption(session.title, h.statuses[session.status] ?? session.status))] : null,
    session?.status === 'approved' && session.approvedAt ? [el('dt', {}, h.approvedAt), el('dd', {}, when(session.approvedAt))] : null,
    signedAt(session) ? [el('dt', {}, h.signedCopy), el('dd', {}, h.signedOn(when(signedAt(session))))] : null,
    el('dt', {}, `${h.present} (${summary.present.length})`), el('dd', {}, names(summary.present)),
    el('dt', {}, h.floor), el('dd', {}, summary.floor
      ? h.floorSince(personLabel(summary.floor.person), formatClock(summary.floor.since, view.language))
      : h.nobody),
    el('dt', {}, h.queue), el('dd', {}, names(summary.queue)),
    summary.polls.length ? [el('dt', {}, h.polls), el('dd', {}, el('ul', { className: 'polls' }, summary.polls.map((poll) => el('li', {},
      el('span', {}, `${poll.question} (${poll.open ? h.pollOpen : h.pollClosed})`),
      poll.options.some((o) => o.count !== null)
        ? el('ul', {}, poll.options.map((o) => el('li', {}, `${o.option}: ${h.votes(o.count ?? 0)}`)))
        : null))))] : null));
}

/** When the signed copy of `session`'s verbale was uploaded, if it was by the moment shown. */
function signedAt(session) {
  const copy = session ? view.sessions.get(session.id)?.signedCopy : null;
  return copy && copy.uploadedAt <= view.at ? copy.uploadedAt : null;
}

function documentHeading() {
  const entry = view.overview.texts?.find((x) => x.path === view.text);
  const label = entry ? textLabel(entry, t(), view.sessions) : view.text;
  if (view.mode === 'diff') return `${label}: ${when(view.a)} → ${when(view.b)}`;
  return `${label} · ${when(view.at)}`;
}

// The Markdown text the document box shows and its language (the external-link label), so that a
// scrub step or a second of playback that leaves both as they were does not parse and rebuild it again.
let renderedText = null;

function renderDocument() {
  const h = t();
  const box = $('document');
  const shownBefore = renderedText;
  renderedText = null;
  $('authorship-legend').hidden = view.mode !== 'authorship';
  $('authorship-tables').hidden = view.mode !== 'authorship';
  $('diff-controls').hidden = view.mode !== 'diff';
  box.className = `document-body mode-${view.mode}`;
  if (!view.text) { $('document-title').textContent = ''; box.replaceChildren(el('p', { className: 'hint' }, h.noTexts)); return; }
  $('document-title').textContent = documentHeading();
  if (view.mode === 'text') {
    // Until the answer for a newly chosen text arrives, the previous answer holds another area.
    const current = view.state && view.stateArea === rootKey(view.text);
    const text = current ? textAt(view.state.documents, view.text) : null;
    if (text === null) box.replaceChildren(el('p', { className: 'hint' }, current ? h.textMissing : h.loading));
    else if (text === '') box.replaceChildren(el('p', { className: 'hint' }, h.emptyText));
    else {
      const shown = `${view.language}:${text}`;
      if (shown !== shownBefore) renderMarkdown(text, box, catalogues[view.language]);
      renderedText = shown;
    }
  } else if (view.mode === 'authorship') {
    renderAuthorship(box);
  } else {
    renderDiff(box);
  }
}

function renderAuthorship(box) {
  const h = t();
  if (!view.authorship || view.authorshipText !== view.text) { box.replaceChildren(el('p', { className: 'hint' }, h.loading)); return; }
  const model = authorshipModel(view.authorship, view.overview.participants);
  box.replaceChildren(model.segments.length
    ? el('p', { className: 'prose' }, model.segments.map((segment) => {
      const written = h.writtenBy(segment.label || h.unknownAuthor);
      const span = el('span', { className: 'authored', title: written }, spoken(`[${written}] `), segment.text);
      if (segment.colour) {
        span.style.backgroundColor = segment.colour.tint;
        span.style.borderBottomColor = segment.colour.line;
      }
      return span;
    }))
    : el('p', { className: 'hint' }, h.emptyText));
  $('legend').replaceChildren(...model.legend.map((person) => {
    const swatch = el('span', { className: 'swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = person.colour.tint;
    swatch.style.borderColor = person.colour.line;
    return el('li', {}, swatch, el('span', { className: 'legend-name' }, person.name), ` – ${person.organisation}`);
  }));
  const roles = catalogues[view.language].roles;
  const c = h.columns;
  table($('people-table'), h.byPerson, [c.name, c.organisation, c.role, c.characters, c.spoken], model.people.map((p) => [
    p.name, p.organisation, roles[p.role] ?? p.role, p.characters.toLocaleString(view.language), formatDuration(p.spokenSeconds)]));
  table($('organisations-table'), h.byOrganisation, [c.organisation, c.characters, c.spoken], model.organisations.map((o) => [
    o.organisation, o.characters.toLocaleString(view.language), formatDuration(o.spokenSeconds)]));
}

function renderDiffControls() {
  $('version-a').textContent = when(view.a);
  $('version-b').textContent = when(view.b);
}

function renderDiff(box) {
  const h = t();
  renderDiffControls();
  if (!view.diff || view.diffText !== view.text) { box.replaceChildren(el('p', { className: 'hint' }, h.loading)); return; }
  const model = diffModel(view.diff);
  $('diff-summary').textContent = model.changed ? h.diffSummary(model.inserted, model.deleted) : h.noDifferences;
  $('diff-authors').replaceChildren(...model.byAuthor.map((a) => el('li', {}, h.changesBy(a.label || h.unknownAuthor, a.inserted, a.deleted))));
  box.replaceChildren(el('p', { className: 'prose' }, model.parts.map((part) => {
    if (part.kind === 'same') return part.text;
    const said = part.kind === 'insert' ? h.inserted(part.label || h.unknownAuthor) : h.deleted(part.label || h.unknownAuthor);
    return el(part.kind === 'insert' ? 'ins' : 'del', { title: said }, spoken(`[${said}] `), part.text);
  })));
}

function renderDownloads() {
  const h = t();
  const groups = [];
  const button = (label, format, path, fallback) => el('button', {
    type: 'button', className: 'format', 'aria-label': h.downloadAs(label, format.toUpperCase()),
    onclick: () => download(typeof path === 'function' ? path() : path, typeof fallback === 'function' ? fallback() : fallback),
  }, format.toUpperCase());
  const approved = view.overview.sessions.filter((s) => s.status === 'approved');
  for (const session of approved) {
    const label = h.minutesOf(session.title);
    const signed = session.signedCopy;
    const signedFormat = signed?.kind === 'cades' ? 'p7m' : 'pdf';
    groups.push(el('div', { className: 'download' }, el('p', {}, label),
      el('p', { className: 'formats' }, minutesFormats.map((format) => button(label, format, api.minutesPath(session.id, format),
        fallbackNames.minutes(invitation.table, session.id, format)))),
      // The signed copy, once the chair or the secretary uploaded it (issue 13): the official record.
      signed ? el('p', { className: 'formats signed' }, el('span', { className: 'signed-label' }, h.signedCopy),
        button(h.signedCopyOf(session.title), signedFormat, api.signedPath(session.id), fallbackNames.signed(invitation.table, session.id, signedFormat))) : null));
  }
  if (!approved.length) groups.push(el('p', { className: 'hint' }, h.noApprovedMinutes));
  if (view.text) {
    groups.push(el('div', { className: 'download' }, el('p', {}, h.documentAt),
      el('p', { className: 'formats' }, documentFormats.map((format) => button(h.documentAt, format,
        () => api.exportPath(view.text, Math.round(view.at), format),
        () => fallbackNames.document(invitation.table, view.text, view.at, format))))));
  }
  if (canReadAudit(invitation.role)) {
    groups.push(el('div', { className: 'download' }, el('p', {}, h.audit),
      el('p', { className: 'formats' }, button(h.audit, 'csv', api.auditPath(), fallbackNames.audit(invitation.table)))));
  }
  $('downloads').replaceChildren(...groups);
}

/** Fetches with the bearer (a plain link could not send it) and saves through a blob URL. */
async function download(path, fallback) {
  setStatus(t().downloading(fallback));
  try {
    const { blob, disposition } = await api.file(path);
    const name = downloadName(disposition, fallback);
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    setStatus(t().downloaded(name));
  } catch (error) {
    showError(error);
  }
}

// — Input —

$('language').addEventListener('click', async () => {
  const wanted = view.language === 'it' ? 'en' : 'it';
  try { await loadCatalogue(wanted); } catch { return; }  // offline: stay in the language shown
  view.language = wanted;
  window.localStorage.setItem('tavolo.language', view.language);
  renderChrome();
});

$('scope').addEventListener('change', (event) => chooseScope(event.target.value));

$('text').addEventListener('change', (event) => {
  view.text = event.target.value;
  view.authorship = null;
  view.diff = null;
  renderDocument();
  load();
  if (view.mode === 'diff') loadDiff();
});

for (const radio of document.querySelectorAll('input[name="mode"]')) {
  radio.addEventListener('change', () => {
    view.mode = radio.value;
    renderDocument();
    if (view.mode === 'diff') loadDiff();
    else load();
  });
}

$('slider').addEventListener('input', () => {
  const at = view.scale.toTime($('slider').value);
  clock.seek(at);
  moveTo(at);
});

function jumpToEvent(direction) {
  const index = neighbourEvent(view.events, view.at, direction);
  if (index < 0) return;
  clock.seek(view.events[index].at);
  moveTo(view.events[index].at, { announce: true });
}

$('slider').addEventListener('keydown', (event) => {
  const step = keyStep(view.scale.end - view.scale.start);
  const moves = {
    ArrowLeft: () => view.at - step, ArrowDown: () => view.at - step,
    ArrowRight: () => view.at + step, ArrowUp: () => view.at + step,
    Home: () => view.scale.start, End: () => view.scale.end,
  };
  if (event.key === 'PageUp' || event.key === 'PageDown') {
    event.preventDefault();
    jumpToEvent(event.key === 'PageDown' ? 1 : -1);
  } else if (moves[event.key]) {
    event.preventDefault();
    const at = moves[event.key]();
    clock.seek(at);
    moveTo(at);
  }
});

$('previous').addEventListener('click', () => jumpToEvent(-1));
$('next').addEventListener('click', () => jumpToEvent(1));
$('play').addEventListener('click', () => (playTimer === null ? play() : pause()));
$('speed').addEventListener('change', (event) => clock.setSpeed(Number(event.target.value)));

$('events').addEventListener('click', (event) => {
  const button = event.target.closest('button.event');
  if (!button) return;
  const at = view.events[Number(button.dataset.index)].at;
  clock.seek(at);
  moveTo(at, { announce: true });
});

$('set-a').addEventListener('click', () => { view.a = view.at; loadDiff(); });
$('set-b').addEventListener('click', () => { view.b = view.at; loadDiff(); });
$('start-end').addEventListener('click', () => { view.a = view.scale.start; view.b = view.scale.end; loadDiff(); });

start();
