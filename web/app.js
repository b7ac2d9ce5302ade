// Entry point of the web client: an invitation link (`#invito=<token>`) joins its table through
// TableClient and shows the table screen: agenda | documents | the session (one column with a
// section switcher on a phone), in Italian or English. Above it, on every tab, the "what now"
// bar (web/table/what-now.js) says the one thing the person can do now; a member's first screen
// is a welcome. A link pasted into this tab (a new `#invito=`) joins that table without a reload.
import { TableClient } from './client/table-client.js';
import { catalogues, loadCatalogue, preferredLanguage } from './i18n/index.js';
import { describeError } from './i18n/errors.js';
import { invitationFromHash, tabReplica } from './invitation.js';
import { canEdit, shownSession } from './table/permissions.js';
import { colourOf } from './table/colours.js';
import { mountPeople } from './table/people.js';
import { mountAgenda } from './table/agenda.js';
import { mountEditor } from './table/editor.js';
import { h, keepingFocus } from './table/dom.js';
import { errorText, formatDuration } from './facilitation/model.js';
import {
  HAND_KINDS, announcement, announcementKey, dismissWelcome, raiseHandAction, welcomeDismissed, whatNow,
} from './table/what-now.js';

const $ = (id) => document.getElementById(id);
let language = preferredLanguage(window.localStorage);
if (language !== 'it') await loadCatalogue(language).catch(() => { language = 'it'; });
let refusal = null;
let invitation = invitationFromHash(window.location.hash);
let tableTitle = null;   // `joined.title`; the id until the server says
// The table screen as the page first had it: a new invitation starts from a fresh copy.
const pristineScreen = $('table-screen').innerHTML;

/** `?table=` lets a server with several engine workers start the connection where the table lives. */
function socketURL(location, table) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const hint = table ? `?table=${encodeURIComponent(table)}` : '';
  return `${scheme}//${location.host}/ws${hint}`;
}

const t = () => catalogues[language];
const shownTitle = () => tableTitle || invitation?.table || '';

/** The brief visible notice: the words the screen reader hears, for a few seconds. */
let noticeTimer = null;
function notice(text) {
  const element = $('notice');
  element.textContent = text;
  element.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { element.hidden = true; }, 5000);
}

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
    const words = pendingAnnouncements.join(' ');
    region.textContent = words;
    pendingAnnouncements = [];
    notice(words);
  }, 50);
}

/** Why the link was refused, in the reader's words: the error catalogue's entry for the server's code (revoked, expired, altered, not for this table…), never its English message. */
const refusalText = (error) => describeError(error, language);

function renderShell(status, closed = null) {
  const c = t();
  document.documentElement.lang = language;
  $('tagline').textContent = c.tagline;
  $('language').textContent = c.language;
  $('language').lang = language === 'it' ? 'en' : 'it';
  $('language').setAttribute('aria-label', c.languageSwitch);
  $('skip-link').textContent = c.skipToDocuments;
  $('connection').dataset.state = status === 'online' ? 'open' : status === 'offline' ? 'closed' : 'connecting';
  // When the server said why it closed the connection (not a mere network drop), say it in words.
  const why = status === 'offline' && closed && closed.code !== 1006 ? describeError(closed, language) : '';
  $('connection-text').textContent = refusal ? c.refused(refusalText(refusal)) : why || c[status];
  $('offline-banner').hidden = status !== 'offline' || Boolean(refusal) || !invitation;
  $('offline-banner').textContent = c.offlineBanner;
  $('invitation').textContent = invitation
    ? `${c.table(shownTitle())} · ${c.invitationFor(invitation.name, invitation.organisation, c.roles[invitation.role] ?? invitation.role)}`
    : c.noInvitation;
  // The table's title, not its id (issue 12): the id only until `joined` names it.
  $('table-name').textContent = invitation ? shownTitle() : c.tagline;
  document.title = invitation ? `${shownTitle()} – ${c.title}` : c.title;
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
  $('now-title').textContent = c.whatNow.region;
}

$('language').addEventListener('click', async () => {
  const wanted = language === 'it' ? 'en' : 'it';
  try { await loadCatalogue(wanted); } catch { return; }   // offline before English was loaded: stay in Italian
  language = wanted;
  window.localStorage.setItem('tavolo.language', language);
  update();
});

/** Shows one panel (on a phone the others hide; on a laptop all stay and this one is scrolled to). */
function showPanel(id, { focus = true } = {}) {
  const button = $('sections').querySelector(`button[data-panel="${id}"]`);
  for (const other of $('sections').querySelectorAll('button')) other.removeAttribute('aria-current');
  button?.setAttribute('aria-current', 'true');
  for (const panel of document.querySelectorAll('#table-screen > .panel')) panel.classList.toggle('active', panel.id === id);
  if (focus) $(id)?.focus();
}

// On a phone the panels are one column and this switcher shows one at a time.
$('sections').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-panel]');
  if (button) showPanel(button.dataset.panel);
});

// The skip link goes through the switcher, so that on a phone the documents are shown, not
// just focused while hidden.
$('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  $('tab-documents').click();
});

let update = () => renderShell('connecting');

/** Brings `element` into view, showing the panel that holds it (else `panel`), and focuses `focusing`. */
function reveal(panel, element, focusing = element) {
  const holder = element?.closest('#table-screen > .panel')?.id ?? panel;
  showPanel(holder, { focus: false });
  if (!element) { $(holder)?.focus(); return; }
  element.scrollIntoView({ block: 'center' });
  (focusing && focusing.getClientRects().length ? focusing : $(holder))?.focus({ preventScroll: true });
}

/**
 * The what-now bar and the welcome: drawn from `whatNow(state, me)` after every change; its
 * buttons act at once; a change worth saying is announced and shown as a notice.
 */
function mountWhatNow(view) {
  const { client, me } = view;
  const content = $('now-content');
  let shown = '';
  let said = null;          // announcementKey last said (null: nothing yet, on arrival)
  let busy = false;
  let error = null;
  let offlineError = false;  // "Sei disconnesso…" goes once the connection is back
  let kind = 'speech';      // the kind of intervention chosen for the next hand
  let sayTimer = null;
  let welcome = !welcomeDismissed(window.localStorage, invitation.table) && me.role !== 'facilitator';

  async function act(action, fallback) {
    if (busy) return;
    busy = true;
    error = null;
    draw();
    try {
      await client.act(action);
    } catch (failure) {
      // A server without kinds of intervention takes the hand as a plain one.
      if (fallback && failure?.code === 'bad_message') {
        try { await client.act(fallback); } catch (again) { error = errorText(view.t().facilitation, again); }
      } else {
        error = errorText(view.t().facilitation, failure);
        offlineError = failure?.code === 'offline';
      }
    } finally {
      busy = false;
      draw();
    }
  }

  /** The poll's own form, wherever the session panel draws it (its first choice, by id). */
  function openPoll(id) {
    const choice = document.querySelector(`[id^="fac-choice-${CSS.escape(id)}-"]`);
    const poll = choice?.closest('form, fieldset') ?? null;
    reveal('side-panel', poll, choice);
  }

  /** The session's minutes in the documents panel. */
  function readMinutes(session) {
    const picker = $('text-picker');
    const option = [...(picker?.options ?? [])].find((o) => o.value.startsWith(`minutes:${session}`));
    if (option && picker.value !== option.value) {
      picker.value = option.value;
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    }
    // The verbale view (web/facilitation/verbale.js) draws it formatted, or the editor shows its source.
    requestAnimationFrame(() => {
      const shownText = [$('verbale-text-title'), $('editor')].find((e) => e?.getClientRects().length);
      reveal('documents-panel', shownText ?? $('documents-title'), shownText === $('editor') ? shownText : $('documents-panel'));
    });
  }

  /** The amendment's field, in the verbale view of the documents panel (web/facilitation/verbale.js). */
  function propose(session) {
    document.dispatchEvent(new CustomEvent('tavolo:open-verbale', { detail: { session } }));
    requestAnimationFrame(() => {
      const field = $('fac-amendment-text');
      reveal('documents-panel', field ?? $('fac-amendments'), field);
    });
  }

  function statusLine(model, w) {
    const speaker = model.speaker ? w.speaker(model.speaker.name) : w.nobodySpeaking;
    switch (model.kind) {
      case 'waiting': return [w.waiting];
      case 'noSession': return [w.noSession];
      case 'scheduled': return [h('strong', { class: 'now-headline' }, model.at ? w.scheduledAt(model.title, formatDate(model.at)) : w.scheduled(model.title)),
        me.role === 'pa' || me.role === 'ets' ? ` ${w.scheduledHint}` : ''];
      case 'floor': return [h('strong', { class: 'now-headline' }, w.floor), ' · ', h('span', { class: 'now-time', 'data-since': model.since }, formatDuration(model.seconds))];
      case 'vote': return [h('strong', { class: 'now-headline' }, w.newPoll(model.question)), model.more ? ` ${w.morePolls(model.more)}` : ''];
      case 'raise': return [h('strong', { class: 'now-headline' }, w.sessionLive(model.title)), ` ${speaker}`];
      case 'lower': return [h('strong', { class: 'now-headline' }, w.position(model.place.position, model.place.total)), ` ${speaker}`];
      case 'live': return [h('strong', { class: 'now-headline' }, w.sessionLive(model.title)), ` ${speaker} ${w.hands(model.hands)}`];
      case 'approve': return [h('strong', { class: 'now-headline' }, w.approveNow), ` ${w.approvals(model.approvals, model.required)}`];
      case 'review': return [h('strong', { class: 'now-headline' }, model.approver && model.pending ? w.pending(model.pending) : w.review),
        model.required ? ` ${w.approvals(model.approvals, model.required)}` : ''];
      case 'approvedMine': return [w.approvedMine(model.required - model.approvals)];
      case 'approved': return [w.approved];
      default: return [];
    }
  }

  const formatDate = (ms) => new Date(ms).toLocaleString(view.t().facilitation.locale, { dateStyle: 'full', timeStyle: 'short' });

  function controls(model, w) {
    const button = (key, label, onclick, primary = false) => h('button', {
      type: 'button', id: key, 'data-key': key, class: primary ? 'now-primary' : null,
      'aria-disabled': busy ? 'true' : null, onclick: () => { if (!busy) onclick(); },
    }, label);
    const kindPicker = (onchange) => h('label', { class: 'now-kind' },
      h('span', { class: 'visually-hidden' }, w.handKind),
      (() => {
        const select = h('select', { id: 'now-kind', 'data-key': 'now-kind', onchange }, HAND_KINDS.map((k) => h('option', { value: k }, w.handKinds[k])));
        select.value = model.place?.kind ?? kind;
        return select;
      })());
    const out = [];
    for (const action of model.actions) {
      switch (action) {
        case 'raiseHand':
          out.push(kindPicker((e) => { kind = e.target.value; }),
            button('now-raise', w.raiseHand, () => act(raiseHandAction(kind), kind === 'speech' ? null : { raiseHand: {} }), true));
          break;
        case 'lowerHand':
          // Raising again with another kind changes it (and puts a point of order ahead).
          out.push(kindPicker((e) => { kind = e.target.value; act(raiseHandAction(kind)); }),
            button('now-lower', w.lowerHand, () => act({ lowerHand: {} })));
          break;
        case 'endTurn': out.push(button('now-end', w.endTurn, () => act({ releaseFloor: {} }), true)); break;
        case 'vote': out.push(button('now-vote', w.vote, () => openPoll(model.poll), true)); break;
        case 'approve': out.push(button('now-approve', w.approve, () => act({ approveMinutes: { session: model.session } }), true)); break;
        case 'read': out.push(button('now-read', w.read, () => readMinutes(model.session))); break;
        case 'propose': out.push(button('now-propose', w.propose, () => propose(model.session))); break;
        default: break;
      }
    }
    return out;
  }

  function drawWelcome(model, c) {
    const card = $('welcome-card');
    card.hidden = !welcome;
    if (!welcome) return;
    const w = c.whatNow;
    $('welcome-title').textContent = w.welcomeTitle(shownTitle());
    $('welcome-who').textContent = w.welcomeWho(me.name, me.organisation, c.roles[me.role] ?? me.role);
    $('welcome-now-label').textContent = w.welcomeNow;
    $('welcome-now').textContent = announcement(model, w, formatDate) || w.waiting;
    $('welcome-can-title').textContent = w.welcomeCan;
    $('welcome-can').replaceChildren(...(w.canDo[me.role] ?? []).map((line) => h('li', {}, line)));
    $('welcome-bar').textContent = w.welcomeBar;
    $('welcome-dismiss').textContent = w.dismiss;
  }

  $('welcome-dismiss').onclick = () => {
    welcome = false;
    dismissWelcome(window.localStorage, invitation.table);
    $('welcome-card').hidden = true;
    ($('now-content').querySelector('button, select') ?? $('tab-documents')).focus();
  };

  function draw() {
    const c = view.t();
    const w = c.whatNow;
    if (offlineError && client.status === 'online') { error = null; offlineError = false; }
    const model = whatNow(client.state, me, Date.now());
    // A change is said once it has settled for a moment: states that pass in a blink (closing the
    // session, then a change proposed at once) are not read out one over the other.
    const key = announcementKey(model);
    if (said === null && client.state) said = key;
    if (said !== null && key !== said && !sayTimer) {
      sayTimer = setTimeout(() => {
        sayTimer = null;
        const settled = whatNow(client.state, me, Date.now());
        const settledKey = announcementKey(settled);
        if (settledKey === said) return;
        said = settledKey;
        const words = announcement(settled, view.t().whatNow, formatDate);
        if (words) announce(words);
      }, 400);
    }
    drawWelcome(model, c);
    const signature = JSON.stringify([language, { ...model, seconds: undefined }, busy, error, kind]);
    if (signature === shown) return;
    shown = signature;
    const bar = $('now-bar');
    bar.hidden = false;
    bar.dataset.kind = model.kind;
    // The focus stays on the same control, or moves to the bar's first one when its control went
    // with the change (raising the hand turns "Alza la mano" into "Abbassa la mano").
    const hadFocus = content.contains(document.activeElement);
    keepingFocus(content, () => content.replaceChildren(...[
      h('p', { class: 'now-status', id: 'now-status' }, ...statusLine(model, w)),
      h('div', { class: 'now-actions' }, ...controls(model, w)),
      error ? h('p', { class: 'now-error', id: 'now-error', role: 'alert' }, error) : null,
    ].filter(Boolean)));
    if (hadFocus && !content.contains(document.activeElement)) content.querySelector('button')?.focus();
  }

  // The floor's time ticks in place, without redrawing the bar.
  const ticker = setInterval(() => {
    for (const element of content.querySelectorAll('[data-since]')) element.textContent = formatDuration((Date.now() - Number(element.dataset.since)) / 1000);
  }, 1000);

  return { update: draw, stop: () => { clearInterval(ticker); clearTimeout(sayTimer); } };
}

/** Joins the table of `invitation` and mounts the table screen; returns {stop}. */
function start() {
  const client = new TableClient({
    url: socketURL(window.location, invitation.table), table: invitation.table, replica: tabReplica(window.sessionStorage), token: invitation.token,
  });
  // The table's title comes with `joined` (issue 12): read it as the message arrives.
  const joinedMessage = client.joined.bind(client);
  client.joined = (message) => {
    if (typeof message.title === 'string' && message.title.trim()) tableTitle = message.title;
    joinedMessage(message);
  };
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
  const now = mountWhatNow(view);
  let facilitation = null;
  let joined = false;
  let stopped = false;

  const updateNow = () => {
    if (stopped) return;
    renderShell(client.status, client.lastClose);
    $('welcome').hidden = joined && !refusal;
    $('table-screen').hidden = !joined || Boolean(refusal);
    $('sections').hidden = !joined || Boolean(refusal);
    if (!joined || refusal) {
      $('now-bar').hidden = true;
      $('welcome-card').hidden = true;
      return;
    }
    now.update();
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
    if (stopped) return;
    if (status === 'online') {
      refusal = null;
      joined = true;
      me.principal = client.principal;
      client.setPresence({ principal: me.principal });  // so the others can tell who has the floor
    }
    update();
  });
  for (const event of ['state', 'change']) client.on(event, () => { if (!stopped) update(); });
  // Cursors and selections arrive many times a second: only the list of people reads them
  // (the editor draws cursors itself), so they redraw nothing else.
  let peopleQueued = false;
  client.on('presence', () => {
    if (peopleQueued || !joined || stopped) return;
    peopleQueued = true;
    requestAnimationFrame(() => { peopleQueued = false; if (!stopped) people.update(); });
  });
  client.on('error', (error) => {
    if (stopped) return;
    if (error.code === 'not_authenticated' || error.code === 'unauthorized') { refusal = { code: error.code, message: error.message }; client.close(); update(); }
  });
  // The facilitation panel is its own module: if it fails to load, the rest of the table works.
  import('./facilitation/index.js')
    .then(({ mountFacilitation }) => {
      if (stopped) return;
      facilitation = mountFacilitation($('facilitation-panel'), view);
      update();
    })
    .catch((error) => console.error('facilitation panel not loaded', error));
  client.connect();
  return {
    stop() {
      stopped = true;
      now.stop();
      client.close();
    },
  };
}

let current = null;
let probeSocket = null;

/** Without an invitation, only show whether the server can be reached (until a link is pasted). */
function probe() {
  let retryDelay = 500;
  const attempt = () => {
    if (invitation) return;
    const socket = new WebSocket(socketURL(window.location), 'tavolo.v1');
    probeSocket = socket;
    socket.addEventListener('open', () => { retryDelay = 500; if (!invitation) renderShell('online'); });
    socket.addEventListener('close', () => {
      if (invitation) return;
      renderShell('offline');
      setTimeout(attempt, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    });
  };
  attempt();
}

if (invitation) current = start();
else probe();

// An invitation link pasted into a tab already on Tavolo changes only the fragment: join it now.
window.addEventListener('hashchange', () => {
  const next = invitationFromHash(window.location.hash);
  if (!next || next.token === invitation?.token) return;
  current?.stop();
  probeSocket?.close();
  if (invitation) {
    // Another person's (or table's) link: a fresh table screen, and a replica of its own.
    window.sessionStorage.removeItem('tavolo.replica');
    $('table-screen').innerHTML = pristineScreen;
    showPanel('documents-panel', { focus: false });
  }
  invitation = next;
  refusal = null;
  tableTitle = null;
  current = start();
  update();
});
update();
