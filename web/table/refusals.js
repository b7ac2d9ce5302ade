// What the editor tells someone whose edits the server refused (docs/protocol.md `error`,
// "Quotas"). The server's messages are English sentences for developers; the reasons people can
// act on are said here in their language.

import { isReadOnly } from './permissions.js';

/**
 * Why my edits were refused for good, in catalogue `t`'s words: a facilitator made me read-only,
 * or a quota of the table is reached; else the server's own message.
 */
export function refusalReason(t, error, me, state) {
  if (error.code === 'forbidden' && isReadOnly(state, me?.principal)) return t.refusedReadOnly;
  if (error.code === 'limit_exceeded' && Object.hasOwn(t.quotaReached, error.limit)) return t.quotaReached[error.limit];
  return error.message ?? error.code;
}
