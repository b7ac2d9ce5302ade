// The facilitation panel (issue 6): sessions, speaking queue, polls, the minutes' lists,
// attendance, the minutes review and invitations. Mounted by the table screen:
//   const panel = mountFacilitation(container, view); … panel.update() after every change.
// Each section re-renders only when what it shows changed, keeping focus and drafts, so
// cursor traffic and remote edits elsewhere never disturb someone filling in a form.
import { formatDuration, handsOf, people, personOf, runsSessions } from './model.js';
import { contentHash } from './minutes-document.js';
import { h, createContext, rebuild } from './ui-kit.js';
import { sessionsSection } from './sessions.js';
import { queueSection } from './queue.js';
import { pollsSection } from './polls.js';
import { minutesSection } from './minutes.js';
import { attendanceSection, reviewSection } from './review.js';
import { inviteSection } from './invite.js';
import { colourGeneration } from '../table/colours.js';

const STYLES = new URL('./facilitation.css', import.meta.url).href;

function loadStyles() {
  if ([...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href === STYLES)) return;
  document.head.append(h('link', { rel: 'stylesheet', href: STYLES }));
}

// The floor's ticking time is left out of the comparison: it changes every second.
const signature = (model) => JSON.stringify(model, (key, value) => (key === 'seconds' ? undefined : value));

export function mountFacilitation(container, view) {
  loadStyles();
  let scheduled = false;
  const ctx = createContext(view, () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => { scheduled = false; update(); });
  });
  let attached = false;   // the panel was in the page once (when it leaves, its timers stop)
  const make = (maker) => {
    const section = maker(ctx);
    section.element = h('section', { id: section.id, class: section.className ?? 'fac-section', 'aria-labelledby': section.labelledBy, hidden: true });
    section.shown = null;
    return section;
  };
  const sections = [sessionsSection, queueSection, pollsSection, minutesSection, attendanceSection, reviewSection, inviteSection].map(make);
  container.classList.add('fac-panel');
  container.replaceChildren(...sections.map((s) => s.element));
  const roots = [container];   // where controls (and ticking times) are: the panel, and the cockpit once there

  // The facilitator's cockpit (cockpit.js) is theirs alone, so only they load it; it places
  // itself above the table's columns (on a phone, atop the session's section).
  let cockpit = null;
  if (runsSessions(view.me)) {
    import('./cockpit.js').then((module) => {
      if (!container.isConnected && attached) return;
      const section = make(module.cockpitSection);
      section.place(section.element, container);
      cockpit = { section, module };
      sections.unshift(section);
      roots.unshift(section.element);
      heard.hands = handsOf(view.client.state);
      update();
    }).catch((error) => console.error('cockpit not loaded', error));
  }

  const heard = { ready: false, floor: null, results: new Set(), hands: [] };

  /** Screen readers hear a new speaker and newly shown poll results (not what was there on arrival);
   *  facilitators also hear the queue change: a hand raised, its owner away or back, a hand gone. */
  function announce(state) {
    if (!state) return;
    const f = ctx.f;
    const floor = state.floor?.participantID ?? null;
    if (heard.ready && floor && floor !== heard.floor) {
      const name = personOf(people(state), floor).name;
      view.announce(floor === view.me?.principal ? f.floorMine(name) : f.nowSpeaking(name));  // "Carla, hai la parola", never "Ha la parola: Carla (tu)"
    }
    heard.floor = floor;
    const hands = handsOf(state);
    if (heard.ready && cockpit) {
      const c = f.cockpit;
      const name = (id) => personOf(people(state), id).name;
      const said = { raised: (h) => c.handRaised(name(h.id), c.kinds[h.kind]), away: (h) => c.handAway(name(h.id)), back: (h) => c.handBack(name(h.id)), gone: (h) => c.handGone(name(h.id)) };
      for (const change of cockpit.module.handChanges(heard.hands, hands, floor)) view.announce(said[change.change](change));
    }
    heard.hands = hands;
    for (const entry of state.polls ?? []) {
      if (!entry.resultsShown || !entry.counts || heard.results.has(entry.poll.id)) continue;
      heard.results.add(entry.poll.id);
      if (!heard.ready) continue;
      const summary = entry.poll.options.map((option, i) => `${option} ${entry.counts[i] ?? 0}`).join(', ');
      view.announce(f.resultsAnnounced(entry.poll.question, summary));
    }
    heard.ready = true;
  }

  /** Approvals count for the minutes as they read now: hash them as the server does (when the
   *  browser can), at most every half second while the facilitator edits them during review. */
  let hashing = null;
  function refreshHash() {
    const session = view.session();
    if (hashing || !session || session.status !== 'minutes_in_review') return;
    const document = view.client.document;
    const key = `${session.id} ${document.operationCount}`;
    if (ctx.local.hash?.key === key) return;
    hashing = contentHash(document, session.id).then((value) => {
      const before = ctx.local.hash;
      ctx.local.hash = { key, session: session.id, value };
      if (before?.value !== value || before?.session !== session.id) ctx.changed();
    }, () => {}).then(() => setTimeout(() => { hashing = null; refreshHash(); }, 500));
  }

  function render(section) {
    const model = section.model();
    // Colours are dealt anew when someone arrives: the dots of the queue follow.
    const shown = `${ctx.f.locale} ${ctx.revision} ${colourGeneration()} ${signature(model)}`;
    if (shown === section.shown) return;
    section.shown = shown;
    rebuild(section.element, () => section.build(model));
    section.element.hidden = section.element.childElementCount === 0;
  }

  function update() {
    if (!view.client.state) return;
    announce(view.client.state);
    refreshHash();
    for (const section of sections) render(section);
    if (ctx.local.focus) {
      const wanted = roots.flatMap((root) => [...root.querySelectorAll('[data-key]')]).find((el) => el.dataset.key === ctx.local.focus);
      ctx.local.focus = null;
      wanted?.focus();
    }
  }

  const ticker = setInterval(() => {
    if (container.isConnected) attached = true;
    else if (attached) return clearInterval(ticker);
    for (const root of roots) {
      for (const el of root.querySelectorAll('[data-since]')) el.textContent = formatDuration((Date.now() - Number(el.dataset.since)) / 1000);
    }
    if (!cockpit) return;
    // The agenda is edited in its own column, which tells nobody: the cockpit reads it again each second.
    if (view.client.state) render(cockpit.section);
    cockpit.module.tickCockpit(cockpit.section.element, ctx.f);
  }, 1000);

  update();
  return { update };
}
