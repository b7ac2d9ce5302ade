// What the server refused, or why it ended the connection, said for people in their language.
//
// The server's `error` messages, HTTP error bodies and WebSocket close reasons are English
// sentences for developers (docs/protocol.md "Errors", docs/api.md). The page never shows them:
// it shows the catalogue entry `errors.<key>` (it.js, en.js) chosen here from the stable `code`
// (or the HTTP status, or the close code) and, where one code covers several situations people
// must tell apart (a revoked, an expired or an altered invitation are all `not_authenticated`),
// from the start of the server's message. The prefixes below are the server's own words
// (Sources/TavoloServer/Invitations/InvitationTokens.swift `InvitationError`, EditPolicy, the
// quotas, FacilitationError, HTTPError): a test (tests/errors.test.js) checks every code and prefix.

import { catalogues } from './index.js';

/** Message prefixes, tried in order on the lower-cased message: first match wins. */
const PREFIXES = [
  // Invitations (not_authenticated, HTTP 401, close 1008): InvitationError's descriptions.
  ['invitation expired', 'invitationExpired'],
  ['invitation revoked', 'invitationRevoked'],
  ['invitation not valid: its signature', 'invitationAltered'],
  ['invitation not known', 'invitationUnknown'],
  ['invitation not valid', 'invitationInvalid'],
  ['an invitation token is required', 'invitationMissing'],
  ['send the token as', 'invitationMissing'],
  ['wrong bearer token', 'adminKey'],
  ['the administration api is off', 'adminOff'],
  ['this invitation is for another table', 'otherTable'],
  ['not invited to table', 'otherTable'],
  ['not a participant of this table', 'otherTable'],
  // Before `hello` is answered.
  ['no hello within', 'handshake'],
  ['send hello first', 'handshake'],
  ['no way to authenticate', 'handshake'],
  ['hello was already received', 'badMessage'],
  // Limits and quotas (limit_exceeded; some also close 1008).
  [/^at most \d+ bytes before hello/, 'handshake'],
  [/^at most \d+ operations per message/, 'tooManyOperations'],
  [/^more than \d+ operations in a minute/, 'memberPerMinute'],
  [/^more than \d+ messages per second/, 'tooFast'],
  ['kept sending over', 'tooFast'],
  [/^more than \d+ messages or \d+ bytes waiting/, 'inboundQueue'],
  ['presence state over', 'presenceTooBig'],
  ['you have written', 'memberShare'],
  [/^table \S+ is nearly full/, 'tableReserve'],
  [/^table \S+ is full/, 'tableFull'],
  // Edits the role or the moment does not allow (forbidden: EditPolicy's reasons).
  ['coordinators read only', 'readOnlyRole'],
  ['a facilitator has made you read-only', 'readOnlyMember'],
  ['a facilitator has made', 'areaReadOnly'],
  ['only facilitators and pa staff edit the agenda', 'agendaRole'],
  ['ets propose amendments to the minutes', 'minutesAmend'],
  ['minutes in review change only through amendments', 'minutesAmend'],
  ['only the organisation that owns a proposal', 'proposalOwner'],
  ['the agenda of a closed session', 'agendaClosed'],
  ['approved minutes are frozen', 'minutesFrozen'],
  ['the audit log is for', 'auditForbidden'],
  ['only facilitators', 'facilitatorOnly'],
  ['operations target an object outside', 'malformedOperations'],
  // Actions refused for the moment (wrong_state).
  ['no session is live', 'sessionNotLive'],
  ['another session is live', 'anotherSessionLive'],
  [/^poll \S+ is closed/, 'pollClosed'],
  [/^polarity \d+ is already open/, 'polarityOpen'],
  ['some amendments are still waiting', 'amendmentsPending'],
  [/are approved and frozen$/, 'minutesFrozen'],
  // The server cannot do it now (unavailable, HTTP 503, close 1011).
  ['cannot check the invitation now', 'invitationCheck'],
  ['invitations are not available', 'invitationsOff'],
  ['no audit log on this server', 'auditOff'],
  [/^table \S+ cannot be opened now/, 'tableUnavailable'],
  ['storage failed', 'storageFailed'],
  ['the database cannot be reached', 'databaseAway'],
  ['too many exports at once', 'exportBusy'],
  // HTTP refusals of the history and administration pages.
  [/^the minutes of session \S+ are not approved/, 'minutesNotApproved'],
  [/^the minutes of session \S+ changed after their approval/, 'minutesChanged'],
  [/ already exists$/, 'alreadyExists'],
  [/^invitation \S+ (has expired|was revoked)/, 'invitationGone'],
  [/^invitation \S+ not found/, 'invitationNotFound'],
  [/^table \S+ not found/, 'tableNotFound'],
  [/^session \S+ at table \S+/, 'sessionNotFound'],
  // The session record (not_found, invalid_action) and the signed verbale (HTTP 403, 409, 422, 503): issue 13.
  [/^\S+ never joined this table/, 'recordPersonUnknown'],
  ['the meeting link must start with', 'meetingLinkScheme'],
  ['only the chair or the secretary', 'signedNotChair'],
  [/^the verbale of session \S+ is not approved yet/, 'signedNotApproved'],
  ['the file is neither a pdf nor a signed envelope', 'signedWrongFile'],
  ['the pdf carries no digital signature', 'signedUnsigned'],
  ['the digital signature does not verify', 'signedBadSignature'],
  ['the signed document is not the approved verbale', 'signedWrongContent'],
  ['checking signatures needs openssl', 'signedCheckerMissing'],
  // The procedure dashboard (HTTP 403, 404): HistoryAPI+Dashboard.swift.
  ["the procedure's dashboard is for", 'dashboardForbidden'],
  [/^procedure \S+ not found/, 'procedureNotFound'],
  // Close reasons (docs/protocol.md).
  ['slow consumer', 'slowConsumer'],
  ['replaced by a newer connection', 'replaced'],
  [/^message took over/, 'messageTooSlow'],
  ['server shutting down', 'serverRestart'],
  ['too many connections without hello', 'tryAgain'],
  [/^message exceeds \d+ bytes/, 'tooBig'],
];

/** The entry a prefix of `message` names, among `allowed` (every entry when omitted). */
function byPrefix(message, allowed) {
  const text = String(message ?? '').trim().toLowerCase();
  if (!text) return null;
  for (const [prefix, key] of PREFIXES) {
    const matches = typeof prefix === 'string' ? text.startsWith(prefix) : prefix.test(text);
    if (matches && (!allowed || allowed.includes(key))) return key;
  }
  return null;
}

/** limit_exceeded: the `limit` field names the limit (docs/protocol.md "Limits", "Quotas"). */
const LIMITS = {
  messagesPerSecond: 'tooFast',
  inboundQueue: 'inboundQueue',
  maxOperationsPerMessage: 'tooManyOperations',
  maxDocumentOperations: 'tableFull',
  maxPresenceBytes: 'presenceTooBig',
  maxUnauthenticatedMessageBytes: 'handshake',
  memberOperationsPerMinute: 'memberPerMinute',
  memberSharePercent: 'memberShare',
  reservePercent: 'tableReserve',
};

/** Protocol `error` codes with a single meaning (ProtocolError.Code). */
const CODES = {
  unsupported_protocol: 'unsupportedProtocol',
  bad_message: 'badMessage',
  unknown_type: 'unknownType',
  unauthorized: 'otherTable',
  not_joined: 'notJoined',
  bad_table: 'badTable',
  replica_taken: 'replicaTaken',
  replica_in_use: 'replicaTaken',
  forged_author: 'forgedAuthor',
  malformed_operations: 'malformedOperations',
  missing_dependencies: 'missingDependencies',
  offline: 'offline',           // the client's own: the socket was not open
  disconnected: 'offline',
  network: 'network',           // the client's own: fetch could not reach the server
};

/** Codes whose entry depends on the message: the prefixes that may refine each, and the default. */
const REFINED = {
  not_authenticated: [['invitationExpired', 'invitationRevoked', 'invitationAltered', 'invitationUnknown', 'invitationInvalid', 'invitationMissing', 'otherTable', 'handshake', 'badMessage'], 'notAuthenticated'],
  forbidden: [['readOnlyRole', 'readOnlyMember', 'areaReadOnly', 'agendaRole', 'minutesAmend', 'proposalOwner', 'agendaClosed', 'minutesFrozen', 'auditForbidden', 'facilitatorOnly', 'otherTable', 'malformedOperations'], 'forbidden'],
  invalid_action: [['meetingLinkScheme'], 'invalidAction'],
  not_found: [['recordPersonUnknown'], 'notFound'],
  wrong_state: [['sessionNotLive', 'anotherSessionLive', 'pollClosed', 'polarityOpen', 'amendmentsPending', 'minutesFrozen'], 'wrongState'],
  unavailable: [['invitationCheck', 'invitationsOff', 'auditOff', 'tableUnavailable', 'storageFailed', 'databaseAway', 'exportBusy'], 'unavailable'],
  limit_exceeded: [['tooManyOperations', 'memberPerMinute', 'tooFast', 'inboundQueue', 'presenceTooBig', 'memberShare', 'tableReserve', 'tableFull', 'handshake'], 'limitExceeded'],
};

const INVITATION_KEYS = ['invitationExpired', 'invitationRevoked', 'invitationAltered', 'invitationUnknown', 'invitationInvalid', 'invitationMissing'];

/** HTTP statuses (the history and administration pages): the prefixes that refine each, and the default. */
const STATUSES = {
  400: [[], 'badRequest'],
  401: [[...INVITATION_KEYS, 'adminKey'], 'notAuthenticated'],
  403: [['otherTable', 'auditForbidden', 'adminOff', 'signedNotChair', 'dashboardForbidden'], 'forbidden'],
  404: [['tableNotFound', 'invitationNotFound', 'sessionNotFound', 'procedureNotFound'], 'notFound'],
  405: [[], 'badRequest'],
  409: [['minutesNotApproved', 'minutesChanged', 'alreadyExists', 'signedNotApproved'], 'wrongState'],
  410: [[], 'invitationGone'],
  413: [[], 'payloadTooLarge'],
  422: [['signedWrongFile', 'signedUnsigned', 'signedBadSignature', 'signedWrongContent'], 'signedRefused'],
  429: [[], 'tooManyRequests'],
  431: [[], 'headersTooLarge'],
  500: [[], 'serverError'],
  503: [['invitationCheck', 'exportBusy', 'storageFailed', 'signedCheckerMissing'], 'unavailable'],
};

/** WebSocket close codes (docs/protocol.md): the reasons that refine each, and the default. */
const CLOSES = {
  1001: [[], 'serverRestart'],
  1002: [[], 'unsupportedProtocol'],
  1006: [[], 'connectionLost'],
  1007: [[], 'badMessage'],
  1008: [[...INVITATION_KEYS, 'otherTable', 'handshake', 'slowConsumer', 'replaced', 'messageTooSlow', 'tooFast', 'inboundQueue'], 'closed'],
  1009: [[], 'tooBig'],
  1011: [[], 'storageFailed'],
  1013: [[], 'tryAgain'],
};

/**
 * The catalogue key (`errors.<key>`) for a refusal: `code` is a protocol error code
 * ('not_authenticated'), an HTTP status (401) or a WebSocket close code (1008); `message` the
 * server's message or close reason; `limit` the `limit` field of limit_exceeded. Null for a
 * normal close (1000, 1005), which needs no words.
 */
export function errorKey(code, message = '', limit = undefined) {
  if (code === 1000 || code === 1005) return null;
  if (typeof code === 'number' || /^\d+$/.test(String(code ?? ''))) {
    const number = Number(code);
    if (number === 0) return 'network';
    const table = number >= 1000 ? CLOSES : STATUSES;
    const fallback = number >= 1000 ? 'connectionLost' : number >= 500 ? 'serverError' : 'badRequest';
    const [allowed, otherwise] = table[number] ?? [[], fallback];
    return byPrefix(message, allowed) ?? otherwise;
  }
  if (code === 'limit_exceeded' && Object.hasOwn(LIMITS, limit ?? '')) return LIMITS[limit];
  if (Object.hasOwn(CODES, code ?? '')) return CODES[code];
  if (Object.hasOwn(REFINED, code ?? '')) {
    const [allowed, otherwise] = REFINED[code];
    return byPrefix(message, allowed) ?? otherwise;
  }
  return 'other';
}

/** The catalogue of `lang` ('it', 'en', or a catalogue object); Italian until English is loaded. */
function catalogueOf(lang) {
  if (lang && typeof lang === 'object') return lang;
  return catalogues[lang] ?? catalogues.it;
}

/**
 * What to tell a person about a refusal, in `lang`: what happened and what to do. Never the
 * server's message. `code`, `message`, `limit` as for errorKey; a normal close gives ''.
 */
export function errorText(code, message = '', lang = 'it', limit = undefined) {
  const key = errorKey(code, message, limit);
  if (key === null) return '';
  const errors = catalogueOf(lang).errors;
  return errors[key] ?? errors.other;
}

/**
 * errorText for whatever the client holds: a protocol error ({code, message, limit}), an
 * Error with a `code` (TableClient's rejections), an HTTP error with a `status` (the history
 * and admin APIs; status 0 or a TypeError from fetch: the network), or a close ({code, reason}).
 */
export function describeError(error, lang = 'it') {
  if (error == null) return errorText('other', '', lang);
  if (typeof error === 'string') return errorText(error, '', lang);
  if (error instanceof TypeError) return errorText('network', '', lang);
  if (typeof error.status === 'number') return errorText(error.status, error.message, lang);
  // A close has a code from 1000; a DOMException's small numeric `code` (an aborted fetch: 20) is no close.
  if (typeof error.code === 'number') return errorText(error.code >= 1000 ? error.code : 'other', error.reason ?? error.message, lang);
  if (error.code == null && error.message === 'disconnected') return errorText('offline', '', lang);
  return errorText(error.code ?? 'other', error.message, lang, error.limit);
}
