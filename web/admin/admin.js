// The administration page (`/admin/`, issue 12): create tables, invite people, hand them their
// link (copy, share sheet, QR code for a phone in the room), see who has joined and who is here
// now, revoke. Everything goes through the administration JSON API (docs/api.md) with the admin
// key as bearer. The key comes once in the link the server prints at its first start
// (`/admin/#chiave=<key>`): it is kept in this browser's localStorage and taken out of the address
// bar at once (so it is not left in the history, a screenshot or a shared screen); "Esci" forgets it.
import { catalogues, loadCatalogue, preferredLanguage } from '../i18n/index.js';
import { AdminAPI, AdminError, errorKey } from './api.js';
import { canShare, copyText, shareLink } from './clipboard.js';
import {
  DEFAULT_DAYS, MAX_PROCEDURE_BYTES, ROLES, STORAGE_KEY, parseAreas, areaSuggestions, facilitatorInvitation, invitationCounts, invitationState,
  keyFromFragment, newlyPresent, parseDays, procedureLabel, slugFromTitle, sortInvitations, sortProcedures, sortTables, suggestedRole,
  textProblem, validId, wireDate, procedureFormValues, publicationState, publicPagePath,
} from './model.js';
import { encodeQR, qrSVG } from './qr.js';
import { dashboardLink } from '../procedura/model.js';

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 15_000;

function storage() {
  try { return window.localStorage; } catch { return null; }
}

let language = preferredLanguage(storage());
if (language !== 'it') await loadCatalogue(language).catch(() => { language = 'it'; });
const t = () => catalogues[language].admin;

const state = {
  api: null,
  tables: [],
  procedures: null,     // registered procedures, or null where the server takes a procedure as free text
  selected: null,       // the id of the table shown
  invitations: [],      // of the table shown
  links: new Map(),     // invitation id → link, once known
  open: new Set(),      // invitation ids whose link panel is open
  facilitatorLink: null,
  loadedTable: null,    // the table whose invitations `invitations` holds
  status: null,         // () => text, redrawn on a language change
  error: null,          // catalogue key of admin.errors
  idEdited: false,      // the id field was changed by hand: the title no longer rewrites it
  procedureIdEdited: false,
  editingProcedure: null,  // the id of the procedure the form edits (PUT), or null: the form registers a new one
  refreshTimer: null,
};

// — Small helpers —

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

function locale() {
  return language === 'it' ? 'it-IT' : 'en-GB';
}

function formatDate(ms) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(ms);
}

function formatDateTime(ms) {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(ms);
}

const STATUS_MS = 12_000;
let statusTimer = null;

/** A result to show (and announce); it goes away by itself after a while, an error stays until the next result. */
function setStatus(producer) {
  state.status = producer;
  $('status').textContent = producer ? producer() : '';
  clearTimeout(statusTimer);
  if (producer) {
    setError(null);
    statusTimer = setTimeout(() => { if (state.status === producer) setStatus(null); }, STATUS_MS);
  }
}

function setError(key) {
  state.error = key;
  $('error').textContent = key ? t().errors[key] : '';
}

function showFailure(error, during) {
  console.warn('admin request refused', error);
  if (error instanceof AdminError && error.status === 401) {
    signOut({ keepMessage: true });
  }
  setStatus(null);
  setError(errorKey(error, during));
}

function fieldError(input, text) {
  const message = $(input.dataset.error ?? `${input.id}-error`);
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  if (message) {
    message.textContent = text ?? '';
    message.hidden = !text;
  }
}

function textFieldProblem(input, label, options) {
  const problem = textProblem(input.value, options);
  const text = problem ? t().fields[problem](label, options?.maxBytes) : null;
  fieldError(input, text);
  return text;
}

// — Static strings and language —

function applyLanguage() {
  document.documentElement.lang = language;
  document.title = t().pageTitle;
  for (const node of document.querySelectorAll('[data-t]')) {
    const value = t()[node.dataset.t];
    if (typeof value === 'string') node.textContent = value;
  }
  const other = language === 'it' ? 'en' : 'it';
  $('language').textContent = t().languageButton;
  $('language').lang = other;
  $('language').title = t().languageSwitch;  // a title, not a name: the name stays the visible word
  const role = $('invite-role');
  const chosen = role.value;
  role.replaceChildren(...ROLES.map((r) => el('option', { value: r, text: t().roles[r] })));
  if (chosen) role.value = chosen;
  $('status').textContent = state.status ? state.status() : '';
  $('error').textContent = state.error ? t().errors[state.error] : '';
  if (state.api) {
    renderProcedures();
    renderTables();
    renderTable();
  }
}

$('language').addEventListener('click', async () => {
  const next = language === 'it' ? 'en' : 'it';
  try { await loadCatalogue(next); } catch { return; }
  language = next;
  storage()?.setItem('tavolo.language', next);
  applyLanguage();
});

// — The key —

function showKeyForm() {
  state.api = null;
  clearInterval(state.refreshTimer);
  $('key-section').hidden = false;
  $('workspace').hidden = true;
  $('sign-out').hidden = true;
}

function signOut({ keepMessage = false } = {}) {
  storage()?.removeItem(STORAGE_KEY);
  state.tables = [];
  state.selected = null;
  state.invitations = [];
  state.links.clear();
  state.open.clear();
  state.facilitatorLink = null;
  showKeyForm();
  $('key-input').value = '';
  if (!keepMessage) setStatus(() => t().signedOut);
  $('key-input').focus();
}

$('sign-out').addEventListener('click', () => signOut());

async function signIn(key, { fromForm = false } = {}) {
  state.api = new AdminAPI({ key });
  setStatus(() => t().keyChecking);
  $('key-submit').disabled = true;
  try {
    state.tables = await state.api.tables();
    state.procedures = await state.api.procedures();
  } catch (error) {
    $('key-submit').disabled = false;
    if (error instanceof AdminError && error.status === 401) {
      storage()?.removeItem(STORAGE_KEY);
      showKeyForm();
      setStatus(null);
      setError('invalidKey');
      fieldError($('key-input'), t().errors.invalidKey);
      $('key-input').focus();
      return;
    }
    // The server is away or busy: the key stays in the form, "Entra" tries again.
    showKeyForm();
    $('key-input').value = key;
    showFailure(error);
    return;
  }
  $('key-submit').disabled = false;
  storage()?.setItem(STORAGE_KEY, key);
  fieldError($('key-input'), null);
  $('key-section').hidden = true;
  $('workspace').hidden = false;
  $('sign-out').hidden = false;
  setStatus(null);
  setError(null);
  if (state.selected && !state.tables.some((table) => table.id === state.selected)) state.selected = null;
  $('new-table').open = state.tables.length === 0;
  renderProcedures();
  renderTables();
  if (state.selected) await selectTable(state.selected, { focus: false });
  else renderTable();
  if (fromForm) ($('table-list').querySelector('button') ?? $('table-title-input')).focus();
  clearInterval(state.refreshTimer);
  state.refreshTimer = setInterval(() => {
    if (document.visibilityState === 'visible' && state.selected && state.api) loadInvitations({ quiet: true });
  }, REFRESH_MS);
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('key-input').value.trim();
  if (!key) {
    fieldError($('key-input'), t().keyMissing);
    $('key-input').focus();
    return;
  }
  signIn(key, { fromForm: true });
});

// — Tables —

function renderTables() {
  const list = $('table-list');
  const focused = document.activeElement?.dataset?.table;
  list.replaceChildren(...sortTables(state.tables, language).map((table) => el('li', {},
    el('button', {
      type: 'button', 'data-table': table.id, 'aria-current': table.id === state.selected ? 'true' : null,
      onclick: () => selectTable(table.id, { focus: true }),
    },
    el('span', { className: 'table-name', text: table.title }),
    el('span', { className: 'table-id', text: [table.id, table.area].filter(Boolean).join(' · ') })))));
  $('no-tables').hidden = state.tables.length > 0;
  $('workspace').classList.toggle('has-tables', state.tables.length > 0);
  if (focused) list.querySelector(`[data-table="${CSS.escape(focused)}"]`)?.focus();
}

async function loadTables() {
  try {
    state.tables = await state.api.tables();
    state.procedures = await state.api.procedures();
    renderProcedures();
    renderTables();
    return true;
  } catch (error) {
    showFailure(error);
    return false;
  }
}

$('refresh').addEventListener('click', async () => {
  const loading = () => t().loading;
  setStatus(loading);
  if (await loadTables() && (!state.selected || await loadInvitations()) && state.status === loading) setStatus(null);
});

$('table-title-input').addEventListener('input', () => {
  if (!state.idEdited) $('table-id-input').value = slugFromTitle($('table-title-input').value);
});
$('table-id-input').addEventListener('input', () => {
  state.idEdited = $('table-id-input').value !== '';
});

$('table-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const title = $('table-title-input');
  const id = $('table-id-input');
  const area = $('table-area-input');
  const picking = state.procedures !== null;
  const procedure = $(picking ? 'table-procedure-select' : 'table-procedure-input');
  if (!id.value.trim() && !state.idEdited) id.value = slugFromTitle(title.value);
  const problems = [
    [title, textFieldProblem(title, t().tableTitle)],
    [id, validId(id.value.trim()) ? (fieldError(id, null), null) : (fieldError(id, t().fields.id), t().fields.id)],
    [area, textFieldProblem(area, t().area, { optional: true })],
    [procedure, picking ? null : textFieldProblem(procedure, t().procedure, { optional: true })],
  ].filter(([, problem]) => problem);
  if (problems.length) {
    problems[0][0].focus();
    return;
  }
  const submit = $('table-submit');
  submit.disabled = true;
  try {
    const table = await state.api.createTable({
      id: id.value.trim(), title: title.value.trim(), area: area.value, procedure: procedure.value,
    });
    state.tables.push({ area: area.value.trim() || undefined, procedure: procedure.value.trim() || undefined, ...table });
    $('table-form').reset();
    state.idEdited = false;
    renderAreaOptions();
    $('new-table').open = false;
    const created = table.title;
    await selectTable(table.id, { focus: false });
    setStatus(() => t().tableCreated(created));
    $('invite-role').value = 'facilitator';
    $('invite-name').focus();
  } catch (error) {
    if (error instanceof AdminError && (error.status === 404 || /^no procedure /.test(error.message)) && procedure.value.trim()) {
      // The procedure named is not registered (the table itself is being created, it cannot be missing).
      fieldError(procedure, t().errors.procedureNotFound);
      procedure.focus();
      setStatus(null);
      setError('procedureNotFound');
    } else if (error instanceof AdminError && error.status === 409) {
      fieldError(id, t().errors.idTaken);
      id.focus();
      setStatus(null);
      setError('idTaken');
    } else {
      showFailure(error);
    }
  } finally {
    submit.disabled = false;
  }
});

/** The procedure field: a picker of the registered procedures where the server has them, else free text. */
function renderProcedures() {
  const picking = state.procedures !== null;
  renderProcedureList();
  const select = $('table-procedure-select');
  $('table-procedure-input').hidden = picking;
  select.hidden = !picking;
  $('table-procedure-label').htmlFor = picking ? 'table-procedure-select' : 'table-procedure-input';
  $('table-procedure-hint').textContent = picking && state.procedures.length === 0 ? t().noProcedures
    : picking ? t().procedurePickHint : t().procedureHint;
  if (picking) {
    const chosen = select.value;
    select.replaceChildren(
      el('option', { value: '', text: t().noProcedure }),
      ...sortProcedures(state.procedures, language).map((p) => el('option', { value: p.id, text: p.title })));
    if (chosen) select.value = chosen;
    select.disabled = state.procedures.length === 0;
  }
  renderAreaOptions();
}

function renderProcedureList() {
  const known = state.procedures !== null;
  $('procedures-section').hidden = !known;
  if (!known) return;
  $('no-procedures').hidden = state.procedures.length > 0;
  $('procedure-list').replaceChildren(...sortProcedures(state.procedures, language).map((procedure) => el('li', { 'data-procedure': procedure.id },
    el('span', { className: 'procedure-name', text: procedure.title }),
    procedure.legalBasis || procedure.actReference
      ? el('span', { className: 'detail', text: [procedure.legalBasis, procedure.actReference].filter(Boolean).join(' · ') }) : null,
    procedure.areas?.length ? el('span', { className: 'detail', text: t().procedureAreaList(procedure.areas) }) : null,
    procedure.publicInitialsOnly ? el('span', { className: 'detail', text: t().initialsOn }) : null,
    el('span', { className: 'procedure-actions' },
      el('button', { type: 'button', 'data-edit-procedure': procedure.id, 'aria-label': t().editProcedureOf(procedure.title), onclick: () => startEditingProcedure(procedure.id) }, t().editProcedure),
      el('a', { className: 'button-link', href: publicPagePath(procedure.id), target: '_blank', rel: 'noopener', 'data-public-page': procedure.id, 'aria-label': t().publicPageOf(procedure.title) }, t().publicPage),
      // The procedure dashboard (web/procedura/) reads this browser's stored admin key: no key in the link.
      el('a', { className: 'button-link', href: dashboardLink(procedure.id), target: '_blank', rel: 'noopener', 'data-dashboard': procedure.id, 'aria-label': catalogues[language].dashboard.linkOf(procedure.title) }, catalogues[language].dashboard.link)))));
  renderProcedureEditing();
}

/** The procedure form registers a new procedure, or edits one (issue 13): its words say which. */
function renderProcedureEditing() {
  const editing = state.procedures?.find((p) => p.id === state.editingProcedure) ?? null;
  if (!editing) state.editingProcedure = null;
  $('procedure-editing').hidden = !editing;
  $('procedure-editing').textContent = editing ? t().editingProcedure(editing.title) : '';
  $('procedure-submit').textContent = editing ? t().saveProcedure : t().createProcedure;
  $('procedure-cancel').hidden = !editing;
  $('procedure-id-input').readOnly = Boolean(editing);
  $('new-procedure').querySelector('summary').textContent = editing ? t().editProcedureSummary : t().newProcedure;
}

function startEditingProcedure(id) {
  const procedure = state.procedures?.find((p) => p.id === id);
  if (!procedure) return;
  state.editingProcedure = id;
  const values = procedureFormValues(procedure);
  $('procedure-title-input').value = values.title;
  $('procedure-id-input').value = values.id;
  $('procedure-basis-input').value = values.legalBasis;
  $('procedure-act-input').value = values.actReference;
  $('procedure-areas-input').value = values.areas;
  $('procedure-initials-input').checked = values.publicInitialsOnly;
  state.procedureIdEdited = true;   // the title no longer rewrites the id (which does not change)
  for (const input of $('procedure-form').querySelectorAll('[aria-invalid]')) fieldError(input, null);
  renderProcedureEditing();
  $('new-procedure').open = true;
  $('procedure-title-input').focus();
}

function stopEditingProcedure({ focus = null } = {}) {
  state.editingProcedure = null;
  $('procedure-form').reset();
  state.procedureIdEdited = false;
  renderProcedureEditing();
  if (focus) focus.focus();
}

$('procedure-cancel').addEventListener('click', () => {
  const id = state.editingProcedure;
  stopEditingProcedure();
  $('new-procedure').open = false;
  document.querySelector(`[data-edit-procedure="${CSS.escape(id ?? '')}"]`)?.focus();
});

$('procedure-title-input').addEventListener('input', () => {
  if (!state.procedureIdEdited) $('procedure-id-input').value = slugFromTitle($('procedure-title-input').value);
});
$('procedure-id-input').addEventListener('input', () => {
  state.procedureIdEdited = $('procedure-id-input').value !== '';
});

$('procedure-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const title = $('procedure-title-input');
  const id = $('procedure-id-input');
  const basis = $('procedure-basis-input');
  const act = $('procedure-act-input');
  const areasInput = $('procedure-areas-input');
  if (!id.value.trim() && !state.procedureIdEdited) id.value = slugFromTitle(title.value);
  const areas = parseAreas(areasInput.value);
  const areasProblem = areas.problem === 'tooMany' ? t().fields.tooManyAreas
    : areas.problem ? t().fields[areas.problem](t().procedureAreas) : null;
  fieldError(areasInput, areasProblem);
  const problems = [
    [title, textFieldProblem(title, t().procedureTitle, { maxBytes: MAX_PROCEDURE_BYTES })],
    [id, validId(id.value.trim()) ? (fieldError(id, null), null) : (fieldError(id, t().fields.id), t().fields.id)],
    [basis, textFieldProblem(basis, t().legalBasis, { optional: true, maxBytes: MAX_PROCEDURE_BYTES })],
    [act, textFieldProblem(act, t().actReference, { optional: true, maxBytes: MAX_PROCEDURE_BYTES })],
    [areasInput, areasProblem],
  ].filter(([, problem]) => problem);
  if (problems.length) {
    problems[0][0].focus();
    return;
  }
  const submit = $('procedure-submit');
  submit.disabled = true;
  const initials = $('procedure-initials-input').checked;
  if (state.editingProcedure) {
    const editing = state.editingProcedure;
    try {
      const stored = await state.api.updateProcedure(editing, {
        title: title.value, legalBasis: basis.value, actReference: act.value, areas: areas.areas, publicInitialsOnly: initials,
      });
      state.procedures = (state.procedures ?? []).map((p) => (p.id === editing ? stored : p));
      stopEditingProcedure();
      $('new-procedure').open = false;
      renderProcedures();
      renderTable();
      const updated = stored.title;
      setStatus(() => t().procedureUpdated(updated));
      document.querySelector(`[data-edit-procedure="${CSS.escape(editing)}"]`)?.focus();
    } catch (error) {
      showFailure(error, 'procedure');
    } finally {
      submit.disabled = false;
    }
    return;
  }
  try {
    const procedure = await state.api.createProcedure({
      id: id.value.trim(), title: title.value.trim(), legalBasis: basis.value, actReference: act.value, areas: areas.areas, publicInitialsOnly: initials,
    });
    state.procedures = [...(state.procedures ?? []), procedure];
    $('procedure-form').reset();
    state.procedureIdEdited = false;
    $('new-procedure').open = false;
    renderProcedures();
    // Next: a table of this procedure.
    $('new-table').open = true;
    $('table-procedure-select').value = procedure.id;
    renderAreaOptions();
    const registered = procedure.title;
    setStatus(() => t().procedureCreated(registered));
    $('table-title-input').focus();
  } catch (error) {
    if (error instanceof AdminError && error.status === 409) {
      fieldError(id, t().errors.procedureIdTaken);
      id.focus();
      setStatus(null);
      setError('procedureIdTaken');
    } else {
      showFailure(error);
    }
  } finally {
    submit.disabled = false;
  }
});

function renderAreaOptions() {
  const procedure = state.procedures !== null ? $('table-procedure-select').value : '';
  $('area-options').replaceChildren(...areaSuggestions(state.procedures, state.tables, procedure, language)
    .map((area) => el('option', { value: area })));
}

$('table-procedure-select').addEventListener('change', renderAreaOptions);

async function selectTable(id, { focus }) {
  if (state.selected !== id) {
    state.selected = id;
    state.invitations = [];
    state.open.clear();
    state.facilitatorLink = null;
    resetInviteForm();
  }
  history.replaceState(null, '', `${location.pathname}${location.search}#tavolo=${encodeURIComponent(id)}`);
  renderTables();
  renderTable();
  await loadInvitations();
  $('invite-role').value = suggestedRole(state.invitations);
  if (focus) $('table-section').focus();
}

function currentTable() {
  return state.tables.find((table) => table.id === state.selected) ?? null;
}

// — The table shown —

async function loadInvitations({ quiet = false } = {}) {
  const table = state.selected;
  try {
    const invitations = await state.api.invitations(table);
    if (state.selected !== table) return false;
    // The periodic refresh redraws only what changed (a redraw moves a screen reader's reading place).
    const changed = JSON.stringify(invitations) !== JSON.stringify(state.invitations);
    // Who arrived since the last look at this table (not everyone present when a table is first shown).
    const arrived = state.loadedTable === table ? newlyPresent(state.invitations, invitations) : [];
    state.loadedTable = table;
    state.invitations = invitations;
    if (changed || !quiet) renderTable();
    if (arrived.length) setStatus(() => t().nowPresent(arrived));
    fetchFacilitatorLink();
    return true;
  } catch (error) {
    if (!quiet || (error instanceof AdminError && error.status === 401)) showFailure(error);
    return false;
  }
}

/** The facilitator's own link opens the table as facilitator: fetched once per table. */
async function fetchFacilitatorLink() {
  const facilitator = facilitatorInvitation(state.invitations);
  if (!facilitator) {
    state.facilitatorLink = null;
    renderOpenTable();
    return;
  }
  if (state.facilitatorLink?.id === facilitator.id) return;
  const link = state.links.get(facilitator.id) ?? await state.api.link(facilitator.id).then((answer) => answer.link, () => null);
  if (!link) return;
  state.links.set(facilitator.id, link);
  state.facilitatorLink = { id: facilitator.id, name: facilitator.name, link };
  renderOpenTable();
}

function renderOpenTable() {
  const anchor = $('open-table-link');
  const note = $('open-table-note');
  const facilitator = facilitatorInvitation(state.invitations);
  const known = facilitator && state.facilitatorLink?.id === facilitator.id ? state.facilitatorLink : null;
  anchor.hidden = !known;
  if (known) {
    anchor.href = known.link;
    anchor.textContent = t().openAsFacilitator;
    note.textContent = t().openAsFacilitatorNote(known.name);
  } else {
    anchor.removeAttribute('href');
    note.textContent = facilitator ? '' : t().noFacilitator;
  }
}

function renderTable() {
  const table = currentTable();
  $('table-section').hidden = !table;
  $('getting-started').hidden = Boolean(table);
  if (!table) return;
  $('table-heading').textContent = table.title;
  const meta = [[t().metaId, table.id]];
  if (table.area) meta.push([t().metaArea, table.area]);
  if (table.procedure) meta.push([t().metaProcedure, procedureLabel(state.procedures, table.procedure)]);
  const created = wireDate(table.createdAt);
  if (created !== null) meta.push([t().metaCreated, formatDate(created)]);
  $('table-meta').replaceChildren(...meta.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]));
  const reportsJoins = state.invitations.some((i) => 'present' in i);
  const counts = invitationCounts(state.invitations);
  $('table-counts').textContent = t().counts(counts.active, reportsJoins ? counts.joined : null, reportsJoins ? counts.present : null);
  renderOpenTable();
  renderPublication(table);
  renderInvitations();
}

/** Whether the table's approved verbali are on its procedure's public page, the button that changes it, and the page. */
function renderPublication(table) {
  const texts = t();
  const publication = publicationState(table);
  const line = $('publication-state');
  line.textContent = publication.published ? texts.publishedSince(formatDate(publication.since))
    : publication.canPublish ? texts.notPublished : texts.noProcedureNoPage;
  line.classList.toggle('published', publication.published);
  const toggle = $('publication-toggle');
  toggle.textContent = publication.published ? texts.unpublish : texts.publish;
  toggle.className = publication.published ? '' : 'primary';
  toggle.hidden = !publication.canPublish && !publication.published;
  toggle.dataset.published = String(publication.published);
  const page = $('public-page-link');
  page.hidden = !publication.page;
  if (publication.page) {
    page.href = publication.page;
    page.textContent = texts.publicPage;
    page.setAttribute('aria-label', texts.publicPageOf(procedureLabel(state.procedures, table.procedure)));
  } else {
    page.removeAttribute('href');
  }
}

$('publication-toggle').addEventListener('click', async () => {
  const table = currentTable();
  if (!table) return;
  const toggle = $('publication-toggle');
  const publish = toggle.dataset.published !== 'true';
  toggle.disabled = true;
  try {
    const answer = await state.api.setPublication(table.id, publish);
    // The answer is the table as stored: keep what the list knew, take `publishedAt` from it.
    state.tables = state.tables.map((t_) => (t_.id === table.id ? { ...t_, ...answer, publishedAt: answer?.publishedAt } : t_));
    renderTable();
    const title = table.title;
    setStatus(() => (publish ? t().publishedNow(title) : t().unpublishedNow(title)));
  } catch (error) {
    showFailure(error);
  } finally {
    toggle.disabled = false;
    toggle.focus();
  }
});

function renderInvitations() {
  const focusedId = document.activeElement?.id;
  const now = Date.now();
  const list = $('invitation-list');
  list.replaceChildren(...sortInvitations(state.invitations, now, language).map((invitation) => invitationItem(invitation, now)));
  $('no-invitations').hidden = state.invitations.length > 0;
  if (focusedId && document.activeElement === document.body) $(focusedId)?.focus();
}

function invitationItem(invitation, now) {
  const texts = t();
  const id = invitation.id;
  const invitationState_ = invitationState(invitation, now);
  const active = invitationState_ === 'active';
  const expires = wireDate(invitation.expiresAt);
  const revokedAt = wireDate(invitation.revokedAt);
  const firstJoined = wireDate(invitation.firstJoinedAt);
  const lastSeen = wireDate(invitation.lastSeenAt);
  const reportsJoins = 'present' in invitation;
  const validity = invitationState_ === 'revoked' ? texts.revokedOn(formatDate(revokedAt))
    : invitationState_ === 'expired' ? texts.expiredOn(formatDate(expires))
      : expires !== null ? texts.validUntil(formatDate(expires)) : null;
  const joins = !reportsJoins ? null
    : [firstJoined !== null ? texts.firstJoined(formatDateTime(firstJoined)) : texts.neverJoined,
      !invitation.present && lastSeen !== null && firstJoined !== null ? texts.lastSeen(formatDateTime(lastSeen)) : null]
      .filter(Boolean).join(' · ');
  const open = active && state.open.has(id);
  const name = invitation.name;
  return el('li', { id: `inv-${id}`, className: `invitation ${invitationState_}`, tabindex: '-1', 'data-invitation': id, 'data-state': invitationState_ },
    el('div', { className: 'invitation-head' },
      el('span', { className: 'invitation-name', text: name }),
      el('span', { className: `badge state-${invitationState_}`, text: texts.states[invitationState_] }),
      invitation.present === true ? el('span', { className: 'badge present', text: texts.presentNow }) : null),
    el('p', { className: 'detail' },
      el('span', { className: 'invitation-role', text: texts.roles[invitation.role] ?? invitation.role }),
      ' · ',
      el('span', { text: invitation.organisation || texts.noOrganisation })),
    validity || joins ? el('p', { className: 'detail', text: [validity, joins].filter(Boolean).join(' · ') }) : null,
    active ? el('div', { className: 'invitation-actions' },
      el('button', {
        type: 'button', id: `inv-toggle-${id}`, 'aria-expanded': open ? 'true' : 'false', 'aria-controls': open ? `inv-panel-${id}` : null,
        'aria-label': open ? texts.hideLinkFor(name) : texts.showLinkFor(name), text: open ? texts.hideLink : texts.showLink,
        onclick: () => toggleLink(invitation),
      }),
      el('button', {
        type: 'button', id: `inv-revoke-${id}`, className: 'danger', 'aria-label': texts.revokeFor(name), text: texts.revoke,
        onclick: () => revoke(invitation),
      }))
      : el('div', { className: 'invitation-actions' },
        el('button', {
          type: 'button', id: `inv-again-${id}`, 'aria-label': texts.inviteAgainFor(name), text: texts.inviteAgain,
          onclick: () => inviteAgain(invitation),
        })),
    open ? linkPanel(invitation) : null);
}

function linkPanel(invitation) {
  const texts = t();
  const id = invitation.id;
  const link = state.links.get(id);
  const name = invitation.name;
  const feedback = el('p', { className: 'feedback', id: `inv-feedback-${id}`, role: 'status' });
  if (!link) {
    feedback.textContent = texts.linkLoading;
    return el('div', { className: 'invitation-link', id: `inv-panel-${id}` }, feedback);
  }
  const field = el('input', { id: `inv-link-${id}`, readonly: true, value: link, spellcheck: 'false' });
  field.addEventListener('focus', () => field.select());
  const table = currentTable();
  return el('div', { className: 'invitation-link', id: `inv-panel-${id}` },
    el('label', { for: `inv-link-${id}`, text: texts.linkLabel(name) }),
    field,
    el('div', { className: 'invitation-actions' },
      el('button', {
        type: 'button', id: `inv-copy-${id}`, className: 'primary', 'aria-label': texts.copyFor(name), text: texts.copy,
        onclick: async () => {
          const outcome = await copyText(link, { field });
          feedback.classList.toggle('problem', outcome !== 'copied');
          feedback.textContent = outcome === 'copied' ? texts.copied : texts.copySelected;
        },
      }),
      canShare(navigator, { url: link }) ? el('button', {
        type: 'button', id: `inv-share-${id}`, 'aria-label': texts.shareFor(name), text: texts.share,
        onclick: async () => {
          const outcome = await shareLink({ title: texts.shareTitle(table?.title ?? ''), text: texts.shareText(name, table?.title ?? ''), url: link });
          if (outcome === 'cancelled') return;
          feedback.classList.toggle('problem', outcome !== 'shared');
          feedback.textContent = outcome === 'shared' ? texts.shared : texts.shareFailed;
        },
      }) : null,
      el('button', {
        type: 'button', id: `inv-qr-${id}`, 'aria-label': texts.qrFor(name), text: texts.qr, 'aria-haspopup': 'dialog',
        onclick: (event) => showQR(invitation, link, event.currentTarget),
      })),
    feedback);
}

async function toggleLink(invitation) {
  const id = invitation.id;
  if (state.open.has(id)) {
    state.open.delete(id);
    renderInvitations();
    $(`inv-toggle-${id}`)?.focus();
    return;
  }
  state.open.add(id);
  renderInvitations();
  $(`inv-toggle-${id}`)?.focus();
  if (state.links.has(id)) return;
  try {
    const answer = await state.api.link(id);
    state.links.set(id, answer.link);
    renderInvitations();
  } catch (error) {
    state.open.delete(id);
    renderInvitations();
    $(`inv-toggle-${id}`)?.focus();
    showFailure(error, 'invitation');
    if (error instanceof AdminError && error.status === 410) loadInvitations({ quiet: true });
  }
}

async function revoke(invitation) {
  if (!window.confirm(t().confirmRevoke(invitation.name))) return;
  const button = $(`inv-revoke-${invitation.id}`);
  if (button) button.disabled = true;
  try {
    await state.api.revoke(invitation.id);
    state.open.delete(invitation.id);
    state.links.delete(invitation.id);
    const name = invitation.name;
    setStatus(() => t().revoked(name));
    await loadInvitations();
    $(`inv-${invitation.id}`)?.focus();
  } catch (error) {
    if (button) button.disabled = false;
    showFailure(error, 'invitation');
  }
}

/** A revoked or expired invitation: the form filled in with the same person, to send a new one. */
function inviteAgain(invitation) {
  $('new-invitation').open = true;
  $('invite-name').value = invitation.name;
  $('invite-organisation').value = invitation.organisation ?? '';
  if (ROLES.includes(invitation.role)) $('invite-role').value = invitation.role;
  setStatus(() => t().inviteAgainReady(invitation.name));
  $('invite-days').focus();
}

// — QR code —

function showQR(invitation, link, invoker) {
  const dialog = $('qr-dialog');
  $('qr-title').textContent = t().qrTitle(invitation.name);
  let svg = '';
  try {
    svg = qrSVG(encodeQR(link), { label: t().qrLabel(invitation.name) });
  } catch (error) {
    console.warn('no QR code', error);
  }
  $('qr-image').innerHTML = svg;  // made here from numbers and an escaped label only
  $('qr-image').hidden = !svg;
  $('qr-too-long').hidden = Boolean(svg);
  dialog.addEventListener('close', () => invoker?.focus(), { once: true });
  dialog.showModal();
  $('qr-close').focus();
}

// Clicking the backdrop closes the dialog too.
$('qr-dialog').addEventListener('click', (event) => {
  if (event.target === event.currentTarget) event.currentTarget.close();
});

// — Invitations —

function resetInviteForm() {
  for (const id of ['invite-name', 'invite-organisation']) {
    $(id).value = '';
    fieldError($(id), null);
  }
  $('invite-days').value = String(DEFAULT_DAYS);
  fieldError($('invite-days'), null);
}

$('invite-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('invite-name');
  const organisation = $('invite-organisation');
  const days = $('invite-days');
  const dayCount = parseDays(days.value);
  const problems = [
    [name, textFieldProblem(name, t().name)],
    [organisation, textFieldProblem(organisation, t().organisation, { optional: true })],
    [days, dayCount === null ? (fieldError(days, t().fields.days), t().fields.days) : (fieldError(days, null), null)],
  ].filter(([, problem]) => problem);
  if (problems.length) {
    problems[0][0].focus();
    return;
  }
  const submit = $('invite-submit');
  submit.disabled = true;
  const table = state.selected;
  try {
    const created = await state.api.invite(table, {
      role: $('invite-role').value, name: name.value.trim(), organisation: organisation.value.trim(), days: dayCount,
    });
    if (state.selected !== table) return;
    const invitation = created.invitation;
    state.links.set(invitation.id, created.link);
    // Only the new link stays open: the one to hand over now.
    state.open.clear();
    state.open.add(invitation.id);
    state.invitations.push(invitation);
    const invited = invitation.name;
    resetInviteForm();
    renderTable();
    setStatus(() => t().invitationCreated(invited));
    $('invite-role').value = suggestedRole(state.invitations);
    fetchFacilitatorLink();
    name.focus();
  } catch (error) {
    showFailure(error);
  } finally {
    submit.disabled = false;
  }
});

// The skip link focuses the content without replacing the fragment (#tavolo=… keeps the table on reload).
$('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  $('main').focus();
});

// — Start —

/** Reads the fragment: a key there is kept and taken out of the address bar; `#tavolo=<id>` picks a table. */
function readFragment() {
  const fragment = keyFromFragment(window.location.hash);
  const selected = /^#tavolo=([^&]+)/.exec(fragment.rest);
  if (selected) {
    try { state.selected = decodeURIComponent(selected[1]); } catch { state.selected = null; }
  }
  if (fragment.key) {
    storage()?.setItem(STORAGE_KEY, fragment.key);
    // Out of the address bar (and the history) before anything else happens.
    history.replaceState(null, '', `${location.pathname}${location.search}${fragment.rest}`);
  }
  return fragment.key;
}

applyLanguage();
const saved = readFragment() ?? storage()?.getItem(STORAGE_KEY);
if (saved) {
  signIn(saved);
} else {
  showKeyForm();
  $('key-input').focus();
}

// The administrator link pasted into this tab again (or another key's): no reload needed.
window.addEventListener('hashchange', () => {
  const key = readFragment();
  if (key) signIn(key);
  else if (state.api && state.selected && state.selected !== $('table-list').querySelector('[aria-current="true"]')?.dataset.table) {
    selectTable(state.selected, { focus: false });
  }
});
