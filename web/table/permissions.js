// Who may edit which area of the table's document, as the server decides it
// (docs/protocol.md "Permissions", Sources/TavoloServer/Permissions/EditPolicy.swift): the
// interface offers only what the server would accept.

import { parseArea } from './layout.js';

const FROZEN_AGENDA = new Set(['closed', 'minutes_in_review', 'approved']);
const REVIEW = new Set(['closed', 'minutes_in_review']);

/** Whether a facilitator has made `principal` read-only at this table (`setReadOnly`). */
export const isReadOnly = (state, principal) => Boolean(principal) && (state?.readOnly ?? []).includes(principal);

/** Whether `me` ({principal, role, organisation}) may edit root key `area` now, given the table state. */
export function canEdit(me, area, state) {
  const role = me?.role;
  if (!role || role === 'coordinator') return false;
  if (isReadOnly(state, me.principal)) return false;
  const { area: kind, argument } = parseArea(area);
  const session = (state?.sessions ?? []).find((s) => s.id === argument);
  if (session) {
    if (kind === 'agenda' && FROZEN_AGENDA.has(session.status)) return false;
    if (kind === 'minutes' && session.status === 'approved') return false;
    if (kind === 'minutes' && REVIEW.has(session.status)) return role === 'facilitator';
  }
  if (role === 'facilitator') return true;
  const override = state?.permissionOverrides?.[area]?.[role];
  if (typeof override === 'boolean') return override;
  switch (kind) {
    case 'agenda': case 'minutes': return role === 'pa';
    case 'proposal': return role === 'ets' && argument === me.organisation;
    case 'project': case 'comments': return true;
    default: return false;
  }
}

/** Why `area` is frozen for `me` by its session's stage, whatever the role: 'approved'
 * (approved minutes never change), 'review' (minutes in review change only through
 * amendments, except for facilitators), 'closed' (a closed session's agenda), or null. */
export function frozenBy(me, area, state) {
  const { area: kind, argument } = parseArea(area);
  const session = (state?.sessions ?? []).find((s) => s.id === argument);
  if (!session) return null;
  if (kind === 'minutes' && session.status === 'approved') return 'approved';
  if (kind === 'minutes' && REVIEW.has(session.status) && me?.role !== 'facilitator') return 'review';
  if (kind === 'agenda' && FROZEN_AGENDA.has(session.status)) return 'closed';
  return null;
}

/** The session the table screen shows: the live one, else the newest one, else null. */
export function shownSession(state) {
  const sessions = state?.sessions ?? [];
  return sessions.find((s) => s.status === 'live') ?? sessions[sessions.length - 1] ?? null;
}
