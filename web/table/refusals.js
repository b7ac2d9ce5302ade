// What the editor tells someone whose edits the server refused (docs/protocol.md `error`,
// "Quotas"). The server's messages are English sentences for developers; people read the error
// catalogue's entry for the code (web/i18n/errors.js), in their language.

import { isReadOnly } from './permissions.js';
import { errorText } from '../i18n/errors.js';

/**
 * Why my edits were refused for good, in catalogue `t`'s words: a facilitator made me read-only,
 * a quota of the table is reached, the minutes went into review…; never the server's message.
 */
export function refusalReason(t, error, me, state) {
  if (error.code === 'forbidden' && isReadOnly(state, me?.principal)) return t.errors.readOnlyMember;
  return errorText(error.code, error.message, t, error.limit);
}
