// Entry point of the web client: an invitation link (`#invito=<token>`) joins its table through
// TableClient and shows the table screen: agenda | documents | people and facilitation (one
// column with a section switcher on a phone), in Italian or English.
import { TableClient } from './client/table-client.js';
import { catalogues, loadCatalogue, preferredLanguage } from './i18n/index.js';
import { invitationFromHash, tabReplica } from './invitation.js';
import { canEdit, shownSession } from './table/permissions.js';
import { colourOf } from './table/colours.js';
import { mountPeople } from './table/people.js';
import { mountAgenda } from './table/agenda.js';
import { mountEditor } from './table/editor.js';

const $ = (id) => document.getElementById(id);
let language = preferredLanguage(window.localStorage);
if (language !== 'it') await loadCatalogue(language).catch(() => { language = 'it'; });
let refusal = null;
const invitation = invitationFromHash(window.location.hash);

function socketURL(location) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws`;
}

const t = () => catalogues[language];

/** Polite screen-reader announcement (cleared first, so the same words are read again). */
// Announcements made within the same 50 ms are read together, not the last one alone: the
// region is emptied first so that a repeated sentence is read again.
let pendingAnnouncements = [];
function announce(text) {
  pendingAnnouncements.push(text);
  if (pendingAnnouncements.length > 1) return;
  const region = $('announcer');
  region.textContent = '';
  setTimeout(() => {
    region.textContent = pendingAnnouncements.join(' ');
    pendingAnnouncements = [];
  }, 50);
}

function renderShell(status) {
  const c = t();
  document.documentElement.lang = language;
  $('tagline').textContent = c.tagline;
  $('language').textContent = c.language;
  $('language').lang = language === 'it' ? 'en' : 'it';
  $('language').setAttribute('aria-label', c.languageSwitch);
  $('skip-link').textContent = c.skipToDocuments;
  $('connection').dataset.state = status === 'online' ? 'open' : status === 'offline' ? 'closed' : 'connecting';
  $('connection-text').textContent = refusal ? c.refused(refusal) : c[status];
  $('offline-banner').hidden = status !== 'offline' || Boolean(refusal) || !invitation;
  $('offline-banner').textContent = c.offlineBanner;
  $('invitation').textContent = invitation
    ? `${c.table(invitation.table)} · ${c.invitationFor(invitation.name, invitation.organisation, c.roles[invitation.role] ?? invitation.role)}`
    : c.noInvitation;
  $('table-name').textContent = invitation ? c.table(invitation.table) : c.tagline;
  $('present-title').textContent = c.present;
  $('sections').setAttribute('aria-label', c.sections);
  $('tab-agenda').textContent = c.tabAgenda;
  $('tab-documents').textContent = c.tabDocuments;
  $('tab-people').textContent = c.tabPeople;
  $('agenda-title').textContent = c.agendaTitle;
  $('documents-title').textContent = c.documentsTitle;
  $('text-picker-label').textContent = c.textPicker;
  $('editor-toolbar').setAttribute('aria-label', c.formatting);
  $('preview-title').textContent = c.preview;
  $('history-link').textContent = c.historyLink;
}

$('language').addEventListener('click', async () => {
  const wanted = language === 'it' ? 'en' : 'it';
  try { await loadCatalogue(wanted); } catch { return; }   // offline before English was loaded: stay in Italian
  language = wanted;
  window.localStorage.setItem('tavolo.language', language);
  update();
});

// On a phone the panels are one column and this switcher shows one at a time.
$('sections').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-panel]');
  if (!button) return;
  for (const other of $('sections').querySelectorAll('button')) other.removeAttribute('aria-current');
  button.setAttribute('aria-current', 'true');
  for (const panel of document.querySelectorAll('#table-screen > .panel')) panel.classList.toggle('active', panel.id === button.dataset.panel);
  $(button.dataset.panel).focus();
});

// The skip link goes through the switcher, so that on a phone the documents are shown, not
// just focused while hidden.
$('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  $('tab-documents').click();
});

let update = () => renderShell('connecting');

if (invitation) {
  const client = new TableClient({
    url: socketURL(window.location), table: invitation.table, replica: tabReplica(window.sessionStorage), token: invitation.token,
  });
  const me = { principal: null, replica: client.replica, name: invitation.name, organisation: invitation.organisation, role: invitation.role };
  const view = {
    client, me, t, announce,
    session: () => shownSession(client.state),
    canEdit: (area) => canEdit(me, area, client.state),
    colourOf,
  };
  $('history-link').href = `/history.html#invito=${encodeURIComponent(invitation.token)}`;
  $('history-link').hidden = false;
  const people = mountPeople($('presence'), view);
  const agenda = mountAgenda($('agenda-panel'), view);
  const editor = mountEditor($('documents-panel'), view);
  let facilitation = null;
  let joined = false;

  const updateNow = () => {
    renderShell(client.status);
    $('welcome').hidden = joined && !refusal;
    $('table-screen').hidden = !joined || Boolean(refusal);
    $('sections').hidden = !joined || Boolean(refusal);
    if (!joined) return;
    people.update();
    agenda.update();
    editor.update();
    facilitation?.update();
  };
  // Many events can arrive in one frame (five people typing): redraw once per frame.
  let queued = false;
  update = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; updateNow(); });
  };

  client.on('status', (status) => {
    if (status === 'online') {
      refusal = null;
      joined = true;
      me.principal = client.principal;
      client.setPresence({ principal: me.principal });  // so the others can tell who has the floor
    }
    update();
  });
  for (const event of ['state', 'change']) client.on(event, update);
  // Cursors and selections arrive many times a second: only the list of people reads them
  // (the editor draws cursors itself), so they redraw nothing else.
  let peopleQueued = false;
  client.on('presence', () => {
    if (peopleQueued || !joined) return;
    peopleQueued = true;
    requestAnimationFrame(() => { peopleQueued = false; people.update(); });
  });
  client.on('error', (error) => {
    if (error.code === 'not_authenticated' || error.code === 'unauthorized') { refusal = error.message; client.close(); update(); }
  });
  // The facilitation panel is its own module: if it fails to load, the rest of the table works.
  import('./facilitation/index.js')
    .then(({ mountFacilitation }) => { facilitation = mountFacilitation($('facilitation-panel'), view); update(); })
    .catch((error) => console.error('facilitation panel not loaded', error));
  client.connect();
} else {
  // Without an invitation, only show whether the server can be reached.
  let retryDelay = 500;
  const probe = () => {
    const socket = new WebSocket(socketURL(window.location), 'tavolo.v1');
    socket.addEventListener('open', () => { retryDelay = 500; renderShell('online'); });
    socket.addEventListener('close', () => {
      renderShell('offline');
      setTimeout(probe, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    });
  };
  probe();
}
update();
