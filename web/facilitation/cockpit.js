// The facilitator's cockpit (issue 12, item 2): while a session is live, the first row of the
// table screen, above the three columns, holds what is happening now and the one-tap controls:
// the item under discussion with its timer (red past its time box) and the next one; who has
// the floor and for how long; the queue in order with each intervention's kind, who is away,
// and buttons to reorder it, give the floor or lower a hand; the active poll with its counts
// and, between polls, the next polarità with its two statements; the speaking time so far.
// What it shows is decided in cockpit-model.js; this file only draws it and sends the actions.
import { h } from './ui-kit.js';
import { formatDuration } from './model.js';
import { cockpitModel, moveToItemAction, reorderAction, launchPolarityAction, timerState } from './cockpit-model.js';

export { handChanges } from './cockpit-model.js';
import { POLARITIES } from './cockpit-polarities.js';
import { chartView } from './cockpit-chart.js';
import { agendaItems } from '../table/agenda-model.js';
import { agendaKey } from '../table/layout.js';
import { ObjectRef } from '../crdt/ids.js';

/** The live session's agenda as web/table/agenda-model.js reads it (with each item's map object). */
function readAgenda(view, session) {
  const doc = view.client.document;
  const value = doc?.value(agendaKey(session));
  return value instanceof ObjectRef && value.kind === 'list' ? agendaItems(doc, value.id) : [];
}

/**
 * Runs an action for control `key` and then puts the keyboard focus where the meeting goes on:
 * `after()` names the control (the same one by default, or, when it failed, the one whose error
 * is shown), since a button is disabled while its action runs and rebuilt after it.
 */
function go(ctx, key, action, after = () => key, then) {
  return ctx.act(key, action, then).then(() => {
    const wanted = ctx.errors.has(key) ? key : after();
    ctx.local.focus = wanted;
    ctx.changed();
  });
}

const who = (person) => (person.organisation ? `${person.name} (${person.organisation})` : person.name);

function dot(view, id) {
  const mark = h('span', { class: 'fac-dot', 'aria-hidden': 'true' });
  mark.style.background = view.colourOf(id);
  return mark;
}

export function cockpitSection(ctx) {
  let items = [];
  return {
    id: 'fac-cockpit',
    className: 'fac-cockpit',
    labelledBy: 'fac-cockpit-title',
    /** Above the table's three columns (the first row of its grid), not down the side column.
     *  On a phone, where one section shows at a time, it opens the session's section instead. */
    place(element, container) {
      const screen = container.closest('#table-screen');
      const side = container.closest('#side-panel');
      const narrow = screen && side && window.matchMedia ? window.matchMedia('(max-width: 60rem)') : null;
      const put = () => (narrow?.matches ? side : screen ?? container).prepend(element);
      put();
      narrow?.addEventListener('change', put);
    },
    model() {
      const state = ctx.view.client.state;
      const sessions = state?.sessions ?? [];
      const shown = sessions.find((s) => s.status === 'live') ?? sessions.find((s) => s.status === 'scheduled');
      items = shown && ctx.view.me.role === 'facilitator' ? readAgenda(ctx.view, shown.id) : [];
      return cockpitModel(state, ctx.view.me, items, Date.now());
    },
    build(model) {
      if (!model.show) return [];
      const c = ctx.f.cockpit;
      if (model.mode === 'ready') return ready(ctx, model);
      return [
        h('div', { class: 'fac-cockpit-head' },
          h('h2', { id: 'fac-cockpit-title', class: 'fac-cockpit-title' }, c.title(model.session.title)),
          closing(ctx, model.session.id)),
        h('div', { class: 'fac-cockpit-grid' }, agendaCard(ctx, model, items), floorCard(ctx, model), pollCard(ctx, model)),
      ];
    },
  };
}

/** Before the session: what it is and one button to open it (the agenda can still be written meanwhile). */
function ready(ctx, model) {
  const c = ctx.f.cockpit;
  const id = model.session.id;
  return [
    h('h2', { id: 'fac-cockpit-title', class: 'fac-cockpit-title' }, c.ready(model.session.title)),
    h('div', { class: 'fac-ready' },
      h('p', { class: 'fac-note' }, model.items ? c.readyItems(model.items) : c.readyNoItems),
      h('div', { class: 'fac-actions' },
        ctx.button('fac-cockpit-open', ctx.f.open, () => go(ctx, 'fac-cockpit-open', { openSession: { session: id } }, () => 'fac-next-item'), { class: 'fac-primary' }))),
  ];
}

/** "Chiudi la seduta" from the first screen too, asking first: it ends the meeting for everyone. */
function closing(ctx, session) {
  const { f } = ctx;
  const local = ctx.local;
  const set = (value, focus) => { local.cockpitClosing = value; local.focus = focus; ctx.changed(); };
  if (local.cockpitClosing !== session) {
    return h('div', { class: 'fac-actions fac-cockpit-close' },
      ctx.button('fac-cockpit-close', f.close, () => set(session, 'fac-cockpit-close-cancel')));
  }
  return h('div', { class: 'fac-actions fac-cockpit-close', role: 'group', 'aria-labelledby': 'fac-cockpit-close-warning' },
    h('span', { class: 'fac-note', id: 'fac-cockpit-close-warning' }, f.closeWarning),
    ctx.button('fac-cockpit-close-confirm', f.closeConfirm, () => ctx.act('fac-cockpit-close-confirm', { closeSession: { session } }, () => {
      // The cockpit goes with the session: the keyboard goes on to the verbale.
      local.cockpitClosing = null;
      local.focus = 'fac-open-verbale';
    })),
    ctx.button('fac-cockpit-close-cancel', f.cancel, () => set(null, 'fac-cockpit-close')));
}

/** Every second: the running clocks' colour and words follow the time (their digits tick in index.js). */
export function tickCockpit(root, f, now = Date.now()) {
  for (const clock of root.querySelectorAll('.fac-clock[data-clock-since]')) {
    const seconds = Math.max(0, (now - Number(clock.dataset.clockSince)) / 1000);
    const state = timerState(seconds, Number(clock.dataset.box));
    if (clock.dataset.state === state) continue;
    clock.dataset.state = state;
    clock.className = `fac-clock fac-clock-${state}`;
    const words = clock.querySelector('.fac-clock-state');
    if (words) words.textContent = f.cockpit.timerState[state] ?? '';
  }
}

// — The item under discussion —

/** The agenda column follows: the item left is done, the new one current (as its own "next item" does). */
function markAgenda(view, items, fromID, toID) {
  const session = (view.client.state?.sessions ?? []).find((s) => s.status === 'live');
  if (!session || !view.canEdit(agendaKey(session.id))) return;
  const from = items.find((item) => item.id === fromID);
  const to = items.find((item) => item.id === toID);
  view.client.edit((doc) => {
    if (from && from.status !== 'done') doc.set('status', 'done', from.object);
    if (to && to.status !== 'current') doc.set('status', 'current', to.object);
  });
}

function clock(ctx, item) {
  const c = ctx.f.cockpit;
  const running = item.since != null;
  return h('p', { class: `fac-clock fac-clock-${item.timer}`, 'data-state': item.timer, 'data-box': item.minutes, 'data-clock-since': running ? item.since : null },
    h('span', { class: 'fac-clock-time', 'data-since': running ? item.since : null }, formatDuration(item.seconds)),
    item.minutes ? h('span', { class: 'fac-clock-box' }, ` ${c.box(item.minutes)}`) : null,
    h('span', { class: 'fac-clock-state' }, c.timerState[item.timer] ?? ''),
    running ? null : h('span', { class: 'fac-note' }, ` · ${c.stopped}`));
}

function agendaCard(ctx, model, items) {
  const c = ctx.f.cockpit;
  const { current, next, total } = model.agenda;
  const moveOn = () => {
    if (!next) return;
    try { markAgenda(ctx.view, items, current?.id, next.id); } catch { /* the timers are what counts */ }
    go(ctx, 'fac-next-item', moveToItemAction(next.id));
  };
  return h('div', { class: 'fac-card fac-card-agenda', role: 'group', 'aria-labelledby': 'fac-now-heading' },
    h('h3', { id: 'fac-now-heading' }, c.agenda, current ? h('span', { class: 'fac-note' }, ` · ${c.itemOf(current.position, total)}`) : null),
    current
      ? [h('p', { class: 'fac-now-title' }, current.title),
        current.presenter ? h('p', { class: 'fac-note fac-presenter' }, c.presenter(current.presenter)) : null,
        clock(ctx, current)]
      : h('p', { class: 'fac-note' }, total ? c.noItem : c.emptyAgenda),
    h('p', { class: 'fac-next' }, h('span', { class: 'fac-label' }, `${c.next}: `),
      next ? [next.title, next.minutes ? h('span', { class: 'fac-note' }, ` · ${c.box(next.minutes)}`) : null] : h('span', { class: 'fac-note' }, total ? c.lastItem : '—')),
    h('div', { class: 'fac-actions' }, ctx.button('fac-next-item', c.nextItem, moveOn, { class: 'fac-primary', disabled: !next }),
      // A pause (a break, a long digression) and back: the item's own timer.
      current ? ctx.button('fac-timer', current.running ? c.pause : c.resume,
        () => go(ctx, 'fac-timer', current.running ? { stopTimer: { item: current.id } } : { startTimer: { item: current.id } }),
        { 'aria-label': current.running ? ctx.t.stopTimer(current.title) : ctx.t.startTimer(current.title) }) : null),
    fairnessView(ctx, model.fairness));
}

function fairnessView(ctx, fair) {
  const c = ctx.f.cockpit;
  const list = (rows, label, more) => h('div', { class: 'fac-fair-list' },
    h('h5', {}, label),
    rows.length
      ? h('ul', {}, rows.map((row) => h('li', {},
        h('span', { class: 'fac-fair-name' }, row.organisation ?? row.person.name), ' ',
        h('span', { class: 'fac-fair-time' }, formatDuration(row.spoken)))), more ? h('li', { class: 'fac-note' }, c.more(more)) : null)
      : h('p', { class: 'fac-note' }, c.nobodySpoke));
  return h('div', { class: 'fac-fairness', role: 'group', 'aria-labelledby': 'fac-fair-heading' },
    h('h4', { id: 'fac-fair-heading' }, c.fairness),
    fair.people.length || fair.organisations.length
      ? h('div', { class: 'fac-fair-lists' },
        list(fair.organisations, c.byOrganisation, fair.moreOrganisations),
        list(fair.people, c.byPerson, fair.morePeople))
      : h('p', { class: 'fac-note' }, c.nobodySpoke));
}

// — The floor and the queue —

function floorCard(ctx, model) {
  const { f, view } = ctx;
  const c = f.cockpit;
  const give = (key, id) => go(ctx, key, { giveFloor: { participantID: id } }, () => 'fac-release');
  const floor = model.floor
    ? h('div', { class: 'fac-floor-now' },
      h('p', { class: 'fac-floor' }, dot(view, model.floor.id), h('span', { class: 'fac-label' }, `${c.hasFloor}: `),
        h('strong', {}, who(model.floor.person)), ' · ',
        h('span', { class: 'fac-ticking', 'data-since': model.floor.since }, formatDuration(model.floor.seconds))),
      h('div', { class: 'fac-actions' }, ctx.button('fac-release', c.endTurn, () => go(ctx, 'fac-release', { releaseFloor: {} }, () => 'fac-give-next'))))
    : h('p', { class: 'fac-floor fac-note' }, c.nobody);
  const next = model.next;
  const rows = model.queue.map((row, i) => queueRow(ctx, model, row, i));
  return h('div', { class: 'fac-card fac-card-floor', role: 'group', 'aria-labelledby': 'fac-floor-heading' },
    h('h3', { id: 'fac-floor-heading' }, c.floor),
    floor,
    h('div', { class: 'fac-actions fac-give-next' },
      ctx.button('fac-give-next', c.giveNext, () => give('fac-give-next', next.id), { class: 'fac-primary', disabled: !next }),
      next ? h('span', { class: 'fac-note' }, c.nextIs(next.person.name, c.kinds[next.kind])) : null),
    h('h4', { id: 'fac-queue-heading' }, c.queue(model.queue.length)),
    rows.length ? h('ol', { class: 'fac-queue', 'aria-labelledby': 'fac-queue-heading' }, rows) : h('p', { class: 'fac-note' }, c.queueEmpty),
    giveOther(ctx, model));
}

function queueRow(ctx, model, row, i) {
  const { view } = ctx;
  const c = ctx.f.cockpit;
  const name = row.person.name;
  const ids = model.queue.map((r) => r.id);
  const move = (delta) => {
    const key = `fac-${delta < 0 ? 'up' : 'down'}-${row.id}`;
    const action = reorderAction(ids, i, delta);
    if (!action) return;
    const position = i + 1 + delta;
    // The focus stays on the button pressed, or on its twin once the hand reached an end.
    const atEnd = delta < 0 ? position === 1 : position === ids.length;
    go(ctx, key, action, () => (atEnd ? `fac-${delta < 0 ? 'down' : 'up'}-${row.id}` : key), () => view.announce(c.moved(name, position)));
  };
  return h('li', { class: `fac-hand-row fac-hand-${row.kind}${row.away ? ' fac-away' : ''}` },
    h('span', { class: 'fac-hand-who' }, dot(view, row.id),
      h('span', { class: 'fac-hand-name' }, name, row.mine ? ` (${ctx.t.you})` : '')),
    // Two lines a hand: who, then the kind, an absence, the time spoken and the organisation
    // (cut short with an ellipsis when the column is narrow; read whole by screen readers).
    h('span', { class: 'fac-hand-meta' },
      h('span', { class: `fac-kind fac-kind-${row.kind}` }, c.kinds[row.kind]),
      row.away ? h('span', { class: 'fac-away-badge', title: c.awayHint }, c.away,
        row.awaySince != null ? [' ', h('span', { 'data-since': row.awaySince }, formatDuration((Date.now() - row.awaySince) / 1000))] : null) : null,
      row.spoken >= 1 ? h('span', { class: 'fac-note fac-hand-spoken' }, c.spoken(formatDuration(row.spoken))) : null,
      row.person.organisation ? h('span', { class: 'fac-note fac-hand-org', title: row.person.organisation }, row.person.organisation) : null),
    h('span', { class: 'fac-hand-actions' },
      ctx.button(`fac-up-${row.id}`, '↑', () => move(-1), { class: 'fac-icon', 'aria-label': c.moveUp(name), title: c.moveUp(name), disabled: !row.up }),
      ctx.button(`fac-down-${row.id}`, '↓', () => move(1), { class: 'fac-icon', 'aria-label': c.moveDown(name), title: c.moveDown(name), disabled: !row.down }),
      ctx.button(`fac-give-${row.id}`, c.give, () => go(ctx, `fac-give-${row.id}`, { giveFloor: { participantID: row.id } }, () => 'fac-release'),
        { 'aria-label': c.giveTo(name), disabled: !row.give }),
      // Lowered: the focus goes to the same button of the hand that takes its place (or "give to the next").
      ctx.button(`fac-unqueue-${row.id}`, '✕', () => go(ctx, `fac-unqueue-${row.id}`, { lowerHandOf: { participantID: row.id } },
        () => { const other = ids[i + 1] ?? ids[i - 1]; return other ? `fac-unqueue-${other}` : 'fac-give-next'; }),
        { class: 'fac-icon', 'aria-label': c.lowerOf(name), title: c.lowerOf(name) })));
}

/** The floor to someone who did not raise a hand (folded: it is the exception). */
function giveOther(ctx, model) {
  const { f } = ctx;
  if (!model.giveTo.length) return null;
  const give = () => {
    const id = ctx.draft('fac-give-to');
    if (!id) return ctx.fail('fac-give-any', f.errors.required);
    go(ctx, 'fac-give-any', { giveFloor: { participantID: id } }, () => 'fac-release', () => ctx.drafts.delete('fac-give-to'));
  };
  return h('details', { class: 'fac-details fac-give-other', open: ctx.local.giveOtherOpen, ontoggle: (e) => { ctx.local.giveOtherOpen = e.target.open; } },
    h('summary', {}, f.cockpit.giveOther),
    h('form', { class: 'fac-inline-form', onsubmit: (e) => { e.preventDefault(); give(); } },
      ctx.field('fac-give-to', f.giveToAnyone, {}, 'select',
        [h('option', { value: '' }, f.choose), ...model.giveTo.map((p) => h('option', { value: p.id }, who(p)))]),
      ctx.button('fac-give-any', f.give, null, { type: 'submit' })));
}

// — The poll —

function pollCard(ctx, model) {
  const c = ctx.f.cockpit;
  const poll = model.poll;
  return h('div', { class: 'fac-card fac-card-poll', role: 'group', 'aria-labelledby': 'fac-poll-heading' },
    h('h3', { id: 'fac-poll-heading' }, c.poll),
    poll ? pollNow(ctx, poll) : h('p', { class: 'fac-note' }, c.noPoll),
    poll?.open ? null : launcher(ctx, model));
}

function pollNow(ctx, poll) {
  const { f } = ctx;
  const c = f.cockpit;
  const meta = [poll.open ? c.pollOpen : c.pollClosed, c.votes(poll.total), poll.anonymous ? f.anonymousPoll : null,
    poll.resultsShown ? c.resultsShown : null].filter(Boolean).join(' · ');
  return h('div', { class: 'fac-poll-now' },
    h('p', { class: 'fac-poll-question' }, poll.question),
    h('p', { class: 'fac-note' }, meta),
    poll.results ? chartView(f, poll, { voters: false }) : null,
    h('div', { class: 'fac-actions' },
      poll.close ? ctx.button('fac-close-poll', c.closePoll, () => go(ctx, 'fac-close-poll', { closePoll: { poll: poll.id } }, () => 'fac-show-poll'), { class: 'fac-primary' }) : null,
      !poll.open && poll.show ? ctx.button('fac-show-poll', c.showResults, () => go(ctx, 'fac-show-poll', { showPollResults: { poll: poll.id } }, () => 'fac-polarity-launch')) : null));
}

/** The polarità one at a time: the next in order 1→8 offered, any other chosen from the list, with its two statements. */
function launcher(ctx, model) {
  const c = ctx.f.cockpit;
  const key = 'fac-polarity-number';
  const fallback = String(model.suggested ?? 1);
  let chosen = Number(ctx.draft(key, fallback));
  if (!POLARITIES[chosen - 1]) chosen = Number(fallback);
  const polarity = POLARITIES[chosen - 1];
  const select = h('select', {
    id: key, 'data-key': key,
    onchange: (e) => { ctx.drafts.set(key, e.target.value); ctx.changed(); },
  }, model.polarities.map((p) => h('option', { value: String(p.number) }, c.polarityOption(p.number, p.title, c.polarityStates[p.state]))));
  select.value = String(chosen);
  const launch = () => go(ctx, 'fac-polarity-launch', launchPolarityAction(chosen, ctx.draft('fac-polarity-anonymous', false)), () => 'fac-close-poll',
    () => { ctx.drafts.delete(key); });
  return h('div', { class: 'fac-launcher', role: 'group', 'aria-labelledby': 'fac-launcher-heading' },
    h('label', { class: 'fac-field' }, h('span', { class: 'fac-label', id: 'fac-launcher-heading' }, c.polarityPick), select),
    model.suggested == null ? h('p', { class: 'fac-note' }, c.allLaunched) : null,
    h('ol', { class: 'fac-statements', 'aria-label': c.statements(chosen) }, polarity.options.map((o) => h('li', {}, o))),
    h('div', { class: 'fac-actions fac-launch' },
      ctx.field('fac-polarity-anonymous', c.anonymous, { type: 'checkbox' }),
      ctx.button('fac-polarity-launch', c.launch(chosen), launch, { class: 'fac-primary' })));
}
