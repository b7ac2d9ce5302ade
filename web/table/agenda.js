// The live agenda of the shown session: the current item highlighted with its timer, and for
// those who may edit it: add, edit, delete, reorder (drag and drop, buttons, Alt+Arrow) and
// "next item"; the facilitator starts and stops timers. Nothing a role may not do is offered.

import { ObjectRef } from '../crdt/ids.js';
import { h, keepingFocus } from './dom.js';
import { errorText } from '../facilitation/model.js';
import { agendaItems, addItem, setItemFields, removeItem, moveItem, nextItem, elapsedSeconds, clock } from './agenda-model.js';
import { agendaKey } from './layout.js';

export function mountAgenda(panel, view) {
  const list = panel.querySelector('#agenda-list');
  const form = panel.querySelector('#agenda-form');
  const sessionLine = panel.querySelector('#agenda-session');
  const next = panel.querySelector('#agenda-next');
  const hint = panel.querySelector('#agenda-hint');
  const addToggle = panel.querySelector('#agenda-add-toggle');
  let editing = null;     // the item id being edited in the form, or null to add
  // While a session is live, adding items is preparation: the form stays folded until asked for.
  let unfolded = false;
  // Timer actions: a refusal or a lost connection is said, not swallowed.
  const act = (action) => view.client.act(action).catch((error) => view.announce(errorText(view.t().facilitation, error)));
  let shown = '';
  let items = [];
  let current = null;

  const area = () => { const s = view.session(); return s ? agendaKey(s.id) : null; };
  const listObject = () => {
    const key = area();
    const value = key ? view.client.document.value(key) : undefined;
    return value instanceof ObjectRef && value.kind === 'list' ? value.id : null;
  };
  const editable = () => Boolean(area() && listObject() && view.canEdit(area()));
  const edit = (change) => view.client.edit((doc) => change(doc, listObject()));

  function move(from, to, focusKey) {
    if (!edit((doc, l) => moveItem(doc, l, from, to))) return;
    const moved = agendaItems(view.client.document, listObject());
    const position = Math.max(0, Math.min(moved.length - 1, to));
    view.announce(view.t().itemMoved(moved[position].title, position + 1));
    update();
    list.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  function timerText(item) {
    const timer = view.client.state?.timers?.[item.id];
    return view.t().timer(clock(elapsedSeconds(timer, Date.now())), item.minutes);
  }

  function row(item, i, mayEdit, facilitator, live, ended) {
    const t = view.t();
    // Once the session has ended, the item that was under discussion was the last one treated.
    const status = ended && item.status === 'current' ? 'done' : item.status;
    const timer = view.client.state?.timers?.[item.id];
    const running = Boolean(timer?.runningSince);
    const over = elapsedSeconds(timer, Date.now()) > item.minutes * 60;
    const button = (key, label, text, onclick, extra = {}) => h('button', { type: 'button', 'data-key': `${key}:${item.id}`, 'aria-label': label, title: label, onclick, ...extra }, text);
    const showTimer = status === 'current' || timer;
    const li = h('li', {
      class: `agenda-item ${status}`, 'data-item': item.id, 'data-key': `item:${item.id}`, tabindex: mayEdit ? '0' : null,
      draggable: mayEdit ? 'true' : null, 'aria-current': status === 'current' ? 'step' : null,
    },
    h('div', { class: 'item-main' },
      h('span', { class: 'item-status' }, t.itemStatus[status]),
      h('strong', { class: 'item-title' }, item.title),
      item.presenter ? h('span', { class: 'item-presenter' }, t.presentedBy(item.presenter)) : null,
      showTimer ? h('span', { class: `item-timer${running ? ' running' : ''}${over ? ' over' : ''}`, 'data-timer': item.id }, timerText(item)) : null),
    h('div', { class: 'item-actions' },
      facilitator && live && item.status === 'current' && !running ? button('start', t.startTimer(item.title), '▶', () => act({ startTimer: { item: item.id } })) : null,
      facilitator && running ? button('stop', t.stopTimer(item.title), '■', () => act({ stopTimer: { item: item.id } })) : null,
      mayEdit ? button('up', t.moveUp(item.title), '↑', () => move(i, i - 1, `up:${item.id}`), { disabled: i === 0 }) : null,
      mayEdit ? button('down', t.moveDown(item.title), '↓', () => move(i, i + 1, `down:${item.id}`), { disabled: i === items.length - 1 }) : null,
      mayEdit ? button('edit', t.editItem(item.title), '✎', () => startEditing(item)) : null,
      mayEdit ? button('delete', t.deleteItem(item.title), '✕', () => { edit((doc, l) => removeItem(doc, l, i)); update(); }) : null));
    if (mayEdit) {
      li.addEventListener('keydown', (event) => {
        if (event.target !== li || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
        event.preventDefault();
        move(i, event.key === 'ArrowUp' ? i - 1 : i + 1, `item:${item.id}`);
      });
      li.addEventListener('dragstart', (event) => { event.dataTransfer.setData('text/x-tavolo-item', String(i)); event.dataTransfer.effectAllowed = 'move'; });
      li.addEventListener('dragover', (event) => { event.preventDefault(); li.classList.add('drop-target'); });
      li.addEventListener('dragleave', () => li.classList.remove('drop-target'));
      li.addEventListener('drop', (event) => {
        event.preventDefault();
        li.classList.remove('drop-target');
        const from = Number(event.dataTransfer.getData('text/x-tavolo-item'));
        if (Number.isInteger(from)) move(from, i, `item:${items[from]?.id}`);
      });
    }
    return li;
  }

  function startEditing(item) {
    editing = item.id;
    form.elements.title.value = item.title;
    form.elements.presenter.value = item.presenter;
    form.elements.minutes.value = item.minutes;
    labelForm();
    update();  // a folded form opens for the item being edited
    form.elements.title.focus();
  }

  function stopEditing() {
    editing = null;
    form.reset();
    labelForm();
  }

  function labelForm() {
    const t = view.t();
    form.querySelector('#agenda-submit').textContent = editing ? t.saveItem : t.addItem;
    form.querySelector('#agenda-cancel').hidden = !editing;
    form.querySelector('#agenda-cancel').textContent = t.cancel;
    form.querySelector('[for="agenda-title-input"]').textContent = t.itemTitle;
    form.querySelector('[for="agenda-presenter-input"]').textContent = t.itemPresenter;
    form.querySelector('[for="agenda-minutes-input"]').textContent = t.itemMinutes;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = { title: form.elements.title.value.trim(), presenter: form.elements.presenter.value.trim(), minutes: form.elements.minutes.value };
    if (!fields.title || !editable()) return;
    const target = editing && items.find((item) => item.id === editing);
    edit((doc, l) => (target ? setItemFields(doc, target.object, fields) : addItem(doc, l, fields)));
    stopEditing();
    update();
  });
  form.querySelector('#agenda-cancel').addEventListener('click', stopEditing);
  addToggle.addEventListener('click', () => {
    unfolded = !unfolded;
    update();
    if (unfolded) form.elements.title.focus();
  });
  // The facilitator moves on: the item's timer stops, the next one's starts (while live).
  next.addEventListener('click', () => {
    const before = items.find((item) => item.status === 'current');
    const index = edit((doc, l) => nextItem(doc, l));
    update();
    if (view.session()?.status !== 'live') return;
    const timers = view.client.state?.timers ?? {};
    if (before && timers[before.id]?.runningSince) act({ stopTimer: { item: before.id } });
    if (index >= 0) act({ startTimer: { item: items[index].id } });
  });

  function update() {
    const t = view.t();
    const session = view.session();
    const mayEdit = editable();
    const facilitator = view.me.role === 'facilitator';
    const live = session?.status === 'live';
    const ended = ['closed', 'minutes_in_review', 'approved'].includes(session?.status);
    items = agendaItems(view.client.document, listObject());
    sessionLine.textContent = session ? `${session.title} · ${t.sessionStatus[session.status] ?? session.status}` : t.noSession;
    const folded = live && !editing && !unfolded;
    addToggle.hidden = !mayEdit || !live || Boolean(editing);
    addToggle.textContent = t.addItemToggle;
    addToggle.setAttribute('aria-expanded', String(!folded));
    form.hidden = !mayEdit || folded;
    next.hidden = !mayEdit || !facilitator || items.length === 0;
    next.textContent = t.nextItem;
    hint.hidden = !mayEdit || items.length < 2;
    hint.textContent = t.reorderHint;
    if (editing && !items.some((item) => item.id === editing)) {
      // Deleted by someone else: keep what was typed, now as a new item.
      editing = null;
      view.announce(t.editedItemRemoved);
    }
    labelForm();
    const nowCurrent = items.find((item) => item.status === 'current')?.title ?? null;
    if (current !== null && nowCurrent && nowCurrent !== current) view.announce(t.nowCurrent(nowCurrent));
    current = nowCurrent ?? '';
    const signature = JSON.stringify([items.map(({ object, ...rest }) => rest), mayEdit, facilitator, live, ended, view.client.state?.timers ?? {}, t.agendaTitle]);
    if (signature === shown) return;
    shown = signature;
    keepingFocus(list, () => {
      list.replaceChildren(...items.map((item, i) => row(item, i, mayEdit, facilitator, live, ended)));
      if (!items.length && session) list.append(h('li', { class: 'empty' }, t.agendaEmpty));
    });
  }

  // Running timers tick on screen without rebuilding the list.
  setInterval(() => {
    for (const span of list.querySelectorAll('[data-timer]')) {
      const item = items.find((i) => i.id === span.dataset.timer);
      if (!item) continue;
      span.textContent = timerText(item);
      span.classList.toggle('over', elapsedSeconds(view.client.state?.timers?.[item.id], Date.now()) > item.minutes * 60);
    }
  }, 1000);

  return { update };
}
