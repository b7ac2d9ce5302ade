// Who is at the table now: me first, then the others, each in their colour, with organisation,
// role and who has the floor.

import { h, keepingFocus } from './dom.js';
import { participantsOf, useParticipants } from './colours.js';

/** The participant id ('invitation:…') of a member: told in their presence, else found in the table state. */
export function principalOf(member, state) {
  if (typeof member.state?.principal === 'string') return member.state.principal;
  const matches = (state?.present ?? []).filter((p) => p.name === member.name && p.organisation === member.organisation && p.role === member.role);
  return matches.length === 1 ? matches[0].id : null;
}

export function mountPeople(list, view) {
  let shown = '';
  return {
    update() {
      const { client, me, t } = view;
      const catalogue = t();
      // Runs first on every update, so the editor, comments and facilitation paint with these colours.
      useParticipants(participantsOf(client.state));
      const floor = client.state?.floor?.participantID ?? null;
      const people = [{ ...me, self: true, id: me.principal ?? me.replica },
        ...[...client.members.values()].map((m) => ({ ...m, id: principalOf(m, client.state) ?? m.replica }))];
      const rows = people.map((p) => ({ ...p, speaking: floor !== null && p.id === floor, colour: view.colourOf(p.id) }));
      const signature = JSON.stringify([rows.map((p) => [p.id, p.name, p.organisation, p.role, p.speaking, p.self, p.colour]), catalogue.you]);
      if (signature === shown) return;
      shown = signature;
      keepingFocus(list, () => list.replaceChildren(...rows.map((p) => {
        const { colour } = p;
        const dot = h('span', { class: 'person-dot', 'aria-hidden': 'true' });
        dot.style.background = colour;
        const name = h('strong', { class: 'person-name' }, p.name, p.self ? ` (${catalogue.you})` : '');
        name.style.color = colour;
        return h('li', { class: p.speaking ? 'person speaking' : 'person' }, dot,
          h('span', {}, name, h('span', { class: 'person-detail' }, `${p.organisation} · ${catalogue.roles[p.role] ?? p.role}`),
            p.speaking ? h('span', { class: 'badge' }, catalogue.speaking) : null));
      })));
    },
  };
}
