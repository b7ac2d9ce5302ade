// Who is at the table, as the list of people shows them: me first, then the others, with who
// has the floor, who a facilitator has made read-only, and the read-only switch a facilitator
// gets for each member. Pure (no DOM), so the rule of who gets the switch is tested in Node; the
// server decides again (TableState+Decide.swift, `setReadOnly`).

import { isReadOnly } from './permissions.js';

/** The participant id ('invitation:…') of a member: told in their presence, else found in the table state. */
export function principalOf(member, state) {
  if (typeof member.state?.principal === 'string') return member.state.principal;
  const matches = (state?.present ?? []).filter((p) => p.name === member.name && p.organisation === member.organisation && p.role === member.role);
  return matches.length === 1 ? matches[0].id : null;
}

/** The `setReadOnly` action (docs/protocol.md `action`). */
export const readOnlyAction = (participantID, readOnly) => ({ setReadOnly: { participantID, readOnly } });

/**
 * One row per person present: `me` ({principal, replica, name, organisation, role}) first, then
 * `members` (replica → presence). `toggle` is the facilitator's switch, `{key, readOnly, action}`
 * (`readOnly` is what the action sets), offered for members other than facilitators (who run the
 * table) and coordinators (who never edit), once per person however many tabs they have open.
 */
export function peopleRows(me, members, state) {
  const floor = state?.floor?.participantID ?? null;
  const runs = me.role === 'facilitator';
  const offered = new Set();
  const people = [{ ...me, self: true, principal: me.principal ?? null },
    ...[...members.values()].map((m) => ({ ...m, self: false, principal: principalOf(m, state) }))];
  return people.map((p) => {
    const id = p.principal ?? p.replica;
    const readOnly = isReadOnly(state, p.principal);
    const switchable = runs && !p.self && Boolean(p.principal) && p.principal !== me.principal
      && p.role !== 'facilitator' && p.role !== 'coordinator' && !offered.has(p.principal);
    if (switchable) offered.add(p.principal);
    return {
      id, name: p.name, organisation: p.organisation, role: p.role, self: p.self,
      speaking: floor !== null && id === floor,
      readOnly,
      toggle: switchable ? { key: `people-readonly-${p.principal}`, readOnly: !readOnly, action: readOnlyAction(p.principal, !readOnly) } : null,
    };
  });
}
