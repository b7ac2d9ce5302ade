// Who is at the table now: me first, then the others, each in their colour, with organisation,
// role, who has the floor and who is read-only; a facilitator makes a member read-only (or lets
// them edit again) from here (the rule: people-model.js). Stable ids for the browser tests: the
// switch is `people-readonly-<participant>`, its error `people-readonly-<participant>-error`.

import { h, keepingFocus } from './dom.js';
import { participantsOf, useParticipants } from './colours.js';
import { peopleRows } from './people-model.js';
import { errorText } from '../facilitation/model.js';

export function mountPeople(list, view) {
  let shown = '';
  const busy = new Set();     // switches whose action is on its way
  const errors = new Map();   // switch key → why its last action failed

  /** Runs a row's `setReadOnly`: the error beside the switch, the outcome announced (the label changes under the focus). */
  async function toggle(row) {
    const { key, readOnly, action } = row.toggle;
    if (busy.has(key)) return;
    busy.add(key);
    errors.delete(key);
    redraw();
    try {
      await view.client.act(action);
      const t = view.t();
      view.announce(readOnly ? t.madeReadOnly(row.name) : t.madeEditing(row.name));
    } catch (error) {
      errors.set(key, errorText(view.t().facilitation, error));
    } finally {
      busy.delete(key);
      redraw();
    }
  }

  function redraw() { shown = ''; update(); }

  function row(p, catalogue) {
    const { colour } = p;
    const dot = h('span', { class: 'person-dot', 'aria-hidden': 'true' });
    dot.style.background = colour;
    const name = h('strong', { class: 'person-name' }, p.name, p.self ? ` (${catalogue.you})` : '');
    name.style.color = colour;
    const badges = p.speaking || p.readOnly
      ? h('span', { class: 'person-badges' },
        p.speaking ? h('span', { class: 'badge' }, catalogue.speaking) : null,
        p.readOnly ? h('span', { class: 'badge read-only' }, catalogue.readOnlyBadge) : null)
      : null;
    let control = null;
    if (p.toggle) {
      const { key, readOnly } = p.toggle;
      const error = errors.get(key);
      // aria-disabled, not disabled, while the action travels: the focus stays on the switch.
      control = [
        h('button', {
          type: 'button', class: 'person-action', id: key, 'data-key': key,
          'aria-label': readOnly ? catalogue.makeReadOnlyFor(p.name) : catalogue.allowEditingFor(p.name),
          'aria-disabled': busy.has(key) ? 'true' : null,
          'aria-describedby': error ? `${key}-error` : null,
          onclick: () => toggle(p),
        }, readOnly ? catalogue.makeReadOnly : catalogue.allowEditing),
        error ? h('span', { class: 'person-error', id: `${key}-error`, role: 'alert' }, error) : null,
      ];
    }
    return h('li', { class: p.speaking ? 'person speaking' : 'person' }, dot,
      h('span', {}, name, h('span', { class: 'person-detail' }, `${p.organisation} · ${catalogue.roles[p.role] ?? p.role}`),
        badges, control));
  }

  function update() {
    const { client, me, t } = view;
    const catalogue = t();
    // Runs first on every update, so the editor, comments and facilitation paint with these colours.
    useParticipants(participantsOf(client.state));
    const rows = peopleRows(me, client.members, client.state).map((p) => ({ ...p, colour: view.colourOf(p.id) }));
    const signature = JSON.stringify([
      rows.map((p) => [p.id, p.name, p.organisation, p.role, p.speaking, p.self, p.colour, p.readOnly, p.toggle?.key, p.toggle?.readOnly]),
      [...busy], [...errors], catalogue.you]);
    if (signature === shown) return;
    shown = signature;
    keepingFocus(list, () => list.replaceChildren(...rows.map((p) => row(p, catalogue))));
  }

  return { update };
}
