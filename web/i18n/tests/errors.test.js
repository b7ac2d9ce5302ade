// The error catalogue (web/i18n/errors.js): every server error code, HTTP status and WebSocket
// close code the server uses has words in both languages, chosen by the code and, where one
// code covers several situations, by the start of the server's English message — which is
// never what people read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { catalogues, loadCatalogue } from '../index.js';
import { errorKey, errorText, describeError } from '../errors.js';
import it from '../it.js';
import en from '../en.js';

await loadCatalogue('en');

const ROOT = new URL('../../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, ROOT), 'utf8');

// The server's words, copied from the Swift sources (ProtocolError call sites, InvitationError,
// EditPolicy, FacilitationError, HTTPError, close reasons): [code, message, limit?] → entry.
const CASES = [
  ['unsupported_protocol', 'this server speaks protocol 1, not 2', 'unsupportedProtocol'],
  ['bad_message', "'ops' needs field 'ref'", 'badMessage'],
  ['unknown_type', "unknown message type 'frobnicate'", 'unknownType'],
  ['not_authenticated', 'invitation expired: ask the facilitator for a new link', 'invitationExpired'],
  ['not_authenticated', 'invitation revoked: ask the facilitator for a new link', 'invitationRevoked'],
  ['not_authenticated', 'invitation not valid: its signature does not match (altered or from another server)', 'invitationAltered'],
  ['not_authenticated', 'invitation not known to this server', 'invitationUnknown'],
  ['not_authenticated', 'invitation not valid: not a well-formed invitation token', 'invitationInvalid'],
  ['not_authenticated', 'an invitation token is required (open the invitation link again)', 'invitationMissing'],
  ['not_authenticated', 'no hello within 5 s', 'handshake'],
  ['not_authenticated', 'send hello first', 'handshake'],
  ['not_authenticated', 'no way to authenticate this hello on this server', 'handshake'],
  ['not_authenticated', 'at most 8192 bytes before hello is answered', 'handshake'],
  ['not_authenticated', 'something new', 'notAuthenticated'],
  ['unauthorized', 'not invited to table ambito-anziani', 'otherTable'],
  ['not_joined', 'join a table before acting on it', 'notJoined'],
  ['bad_table', 'table ids are 1-64 characters', 'badTable'],
  ['replica_taken', 'replica x belongs to someone else at this table; pick a new one', 'replicaTaken'],
  ['replica_in_use', 'replica in use', 'replicaTaken'],
  ['forged_author', "operations must carry this connection's replica a, not b", 'forgedAuthor'],
  ['malformed_operations', 'operations do not decode: truncated', 'malformedOperations'],
  ['missing_dependencies', 'operations depend on operations the server does not have; resend from the first missing one', 'missingDependencies'],
  ['forbidden', 'coordinators read only (project)', 'readOnlyRole'],
  ['forbidden', 'a facilitator has made you read-only at this table (project)', 'readOnlyMember'],
  ['forbidden', 'a facilitator has made project read-only for ets (project)', 'areaReadOnly'],
  ['forbidden', 'only facilitators and PA staff edit the agenda (agenda)', 'agendaRole'],
  ['forbidden', 'ETS propose amendments to the minutes rather than editing them (minutes:s1)', 'minutesAmend'],
  ['forbidden', 'minutes in review change only through amendments (minutes:s1)', 'minutesAmend'],
  ['forbidden', 'only the organisation that owns a proposal (and facilitators) edit it (proposal:x)', 'proposalOwner'],
  ['forbidden', 'the agenda of a closed session cannot change (agenda)', 'agendaClosed'],
  ['forbidden', 'approved minutes are frozen (minutes:s1)', 'minutesFrozen'],
  ['forbidden', 'the audit log is for coordinators and facilitators', 'auditForbidden'],
  ['forbidden', 'only facilitators invite people', 'facilitatorOnly'],
  ['forbidden', 'only facilitators create new kinds of shared object (x)', 'facilitatorOnly'],
  ['forbidden', "operations target an object outside this table's shared objects", 'malformedOperations'],
  ['forbidden', 'not a participant of this table', 'otherTable'],
  ['forbidden', 'only facilitators give the floor', 'facilitatorOnly'],
  ['forbidden', 'your role may not', 'forbidden'],
  ['invalid_action', 'role must be facilitator, pa, ets or coordinator', 'invalidAction'],
  ['not_found', 'no poll p9', 'notFound'],
  ['wrong_state', 'no session is live', 'sessionNotLive'],
  ['wrong_state', 'another session is live; close it first', 'anotherSessionLive'],
  ['wrong_state', 'poll p1 is closed', 'pollClosed'],
  ['wrong_state', 'polarity 3 is already open', 'polarityOpen'],
  ['wrong_state', 'some amendments are still waiting for the facilitator', 'amendmentsPending'],
  ['wrong_state', 'the minutes of s1 are approved and frozen', 'minutesFrozen'],
  ['wrong_state', 'session s1 is live, not scheduled', 'wrongState'],
  ['limit_exceeded', 'at most 10000 operations per message; split the batch', 'tooManyOperations', 'maxOperationsPerMessage'],
  ['limit_exceeded', 'more than 100 messages per second; slow down and resend', 'tooFast', 'messagesPerSecond'],
  ['limit_exceeded', 'more than 256 messages or 4194304 bytes waiting', 'inboundQueue', 'inboundQueue'],
  ['limit_exceeded', 'table t is full (5000000 operations)', 'tableFull', 'maxDocumentOperations'],
  ['limit_exceeded', 'presence state over 4096 bytes', 'presenceTooBig', 'maxPresenceBytes'],
  ['limit_exceeded', 'more than 60000 operations in a minute; wait a moment and resend', 'memberPerMinute', 'memberOperationsPerMinute'],
  ['limit_exceeded', 'you have written 20% of what this table may hold; ask the facilitator', 'memberShare', 'memberSharePercent'],
  ['limit_exceeded', 'table t is nearly full: its last 10% is kept for facilitators and PA staff', 'tableReserve', 'reservePercent'],
  ['limit_exceeded', 'at most 8192 bytes before hello is answered', 'handshake', 'maxUnauthenticatedMessageBytes'],
  // Without the `limit` field, the message alone decides.
  ['limit_exceeded', 'table t is nearly full: its last 10% is kept for facilitators and PA staff', 'tableReserve'],
  ['limit_exceeded', 'table t is full (5000000 operations)', 'tableFull'],
  ['limit_exceeded', 'kept sending over 100 messages per second', 'tooFast'],
  ['limit_exceeded', 'a new limit', 'limitExceeded', 'aNewLimit'],
  ['unavailable', 'cannot check the invitation now; retry', 'invitationCheck'],
  ['unavailable', 'invitations are not available on this server', 'invitationsOff'],
  ['unavailable', 'no audit log on this server', 'auditOff'],
  ['unavailable', 'the audit log cannot be read now', 'unavailable'],
  ['unavailable', 'the invitation cannot be created now', 'unavailable'],
  ['unavailable', 'table t cannot be opened now; retry later', 'tableUnavailable'],
  ['unavailable', 'storage failed; reconnect and resend unacknowledged operations', 'storageFailed'],
  ['unavailable', 'the database cannot be reached: your edits are kept, sent again shortly', 'databaseAway'],
  ['unavailable', 'the database cannot be reached: try again shortly', 'databaseAway'],
  ['offline', 'not connected', 'offline'],
  ['something_new', 'whatever', 'other'],
  [undefined, undefined, 'other'],
  // HTTP statuses (history and administration pages)
  [0, 'Failed to fetch', 'network'],
  [400, 'the body is not valid JSON', 'badRequest'],
  [401, 'invitation revoked: ask the facilitator for a new link', 'invitationRevoked'],
  [401, 'invitation expired: ask the facilitator for a new link', 'invitationExpired'],
  [401, 'invitation not valid: its signature does not match (altered or from another server)', 'invitationAltered'],
  [401, "send the token as 'Authorization: Bearer <token>'", 'invitationMissing'],
  [401, 'wrong bearer token: this endpoint takes the admin token', 'adminKey'],
  [401, 'HTTP 401', 'notAuthenticated'],
  [403, 'this invitation is for another table', 'otherTable'],
  [403, 'the audit log is for coordinators and facilitators', 'auditForbidden'],
  [403, 'the administration API is off: set adminToken in the configuration', 'adminOff'],
  [403, 'Forbidden', 'forbidden'],
  [404, 'table t not found', 'tableNotFound'],
  [404, 'invitation i not found', 'invitationNotFound'],
  [404, 'session s at table t', 'sessionNotFound'],
  [404, 'no such endpoint: /x', 'notFound'],
  [405, 'method PUT not allowed on /api/tables (allowed: GET, POST)', 'badRequest'],
  [409, 'the minutes of session s1 are not approved yet (status: live)', 'minutesNotApproved'],
  [409, 'the minutes of session s1 changed after their approval: they no longer match the approved content hash', 'minutesChanged'],
  [409, 'table t already exists', 'alreadyExists'],
  [410, 'invitation i was revoked: issue a new one', 'invitationGone'],
  [410, 'invitation i has expired: issue a new one', 'invitationGone'],
  [413, 'request body exceeds 1048576 bytes', 'payloadTooLarge'],
  // The session record and the signed verbale (issue 13): HistoryAPI+SignedCopies.swift, SignedCopyCheck.Refusal, TableState+Decide.swift.
  ['not_found', 'invitation:abc never joined this table: the chair and the secretary are chosen among its members', 'recordPersonUnknown'],
  ['invalid_action', 'the meeting link must start with https:// or http://', 'meetingLinkScheme'],
  [403, 'only the chair or the secretary of the session (or an administrator) can upload its signed verbale', 'signedNotChair'],
  [409, 'the verbale of session s1 is not approved yet (status: minutes_in_review): sign it once approved', 'signedNotApproved'],
  [422, 'the file is neither a PDF nor a signed envelope (.p7m): upload the signed PDF (PAdES) or the .p7m (CAdES)', 'signedWrongFile'],
  [422, 'the PDF carries no digital signature: sign the verbale (PAdES) or upload the .p7m', 'signedUnsigned'],
  [422, 'the digital signature does not verify against the signed content: CMS Verification failure', 'signedBadSignature'],
  [422, 'the signed document is not the approved verbale: it does not carry its content hash ab12 (export the approved verbale again and sign that file)', 'signedWrongContent'],
  [422, 'something else', 'signedRefused'],
  [503, "checking signatures needs OpenSSL, and 'openssl' was not found: install the Debian package openssl", 'signedCheckerMissing'],
  // The procedure dashboard (issue 13): HistoryAPI+Dashboard.swift.
  [403, "the procedure's dashboard is for its coordinators (cabina di regia) and the administrator", 'dashboardForbidden'],
  [404, 'procedure nessuno not found', 'procedureNotFound'],
  [429, 'rate limited; retry after 2 s', 'tooManyRequests'],
  [431, 'request headers exceed 8192 bytes', 'headersTooLarge'],
  [500, 'internal error', 'serverError'],
  [502, 'bad gateway', 'serverError'],
  [503, 'too many exports at once; retry in a moment', 'exportBusy'],
  [503, 'cannot check the invitation now; retry', 'invitationCheck'],
  [503, 'storage unavailable; retry', 'unavailable'],
  [418, 'teapot', 'badRequest'],
  ['401', 'invitation revoked: ask the facilitator for a new link', 'invitationRevoked'],
  // WebSocket close codes and reasons
  [1001, 'server shutting down', 'serverRestart'],
  [1002, 'unsupported protocol version', 'unsupportedProtocol'],
  [1006, '', 'connectionLost'],
  [1007, 'invalid UTF-8', 'badMessage'],
  [1008, 'invitation revoked', 'invitationRevoked'],
  [1008, 'invitation expired', 'invitationExpired'],
  [1008, 'slow consumer: outgoing queue full', 'slowConsumer'],
  [1008, 'replaced by a newer connection', 'replaced'],
  [1008, 'message took over 10 s to arrive', 'messageTooSlow'],
  [1008, 'no hello within 5 s', 'handshake'],
  [1008, 'send hello first; closing: only hello is accepted before hello', 'handshake'],
  [1008, 'kept sending over 100 messages per second', 'tooFast'],
  [1008, 'more than 256 messages or 4194304 bytes waiting', 'inboundQueue'],
  [1008, 'invitation not valid: its signature does not match (altered or from another server)', 'invitationAltered'],
  [1008, '', 'closed'],
  [1009, 'message exceeds 1048576 bytes', 'tooBig'],
  [1011, 'storage failed', 'storageFailed'],
  [1013, 'too many connections without hello; retry later', 'tryAgain'],
  [4000, 'a future reason', 'connectionLost'],
];

test('every code, status and close reason the server uses picks its entry', () => {
  for (const [code, message, key, limit] of CASES) {
    assert.equal(errorKey(code, message, limit), key, `${code} ${JSON.stringify(message)} ${limit ?? ''}`);
  }
  assert.equal(errorKey(1000, ''), null, 'a normal close needs no words');
  assert.equal(errorKey(1005, ''), null);
  assert.equal(errorText(1000, '', 'it'), '');
});

test('every entry the chooser can pick exists in both languages, and no entry is unused', () => {
  const picked = new Set(CASES.map(([, , key]) => key));
  for (const t of [it, en]) {
    for (const key of picked) assert.equal(typeof t.errors[key], 'string', `errors.${key}`);
  }
  assert.deepEqual(Object.keys(en.errors).sort(), Object.keys(it.errors).sort());
  for (const key of Object.keys(it.errors)) assert.ok(picked.has(key), `errors.${key} is never chosen (or has no test)`);
});

test('the words are the catalogue’s, never the server’s message', () => {
  for (const [code, message, key, limit] of CASES) {
    for (const lang of ['it', 'en']) {
      const text = errorText(code, message, lang, limit);
      assert.equal(text, catalogues[lang].errors[key]);
      if (String(message ?? '').length > 12) assert.ok(!text.toLowerCase().includes(String(message).toLowerCase()), `${code} ${message}: the server's words leak`);
      assert.match(text, /^[A-ZÈÉ“L’]/u, `${lang} ${key} starts a sentence`);
      assert.match(text, /[.]$/u, `${lang} ${key} ends a sentence`);
    }
    assert.notEqual(errorText(code, message, 'it', limit), errorText(code, message, 'en', limit), `${key}: Italian differs from English`);
  }
  // What happened and what to do: the revoked invitation, as the issue asks.
  assert.equal(errorText('not_authenticated', 'invitation revoked: ask the facilitator for a new link', 'it'),
    'Il tuo invito è stato revocato: chiedi un nuovo link a chi facilita il tavolo.');
  // A language not loaded falls back to Italian; a catalogue object is taken as it is.
  assert.equal(errorText('forbidden', '', 'fr'), it.errors.forbidden);
  assert.equal(errorText('forbidden', '', en), en.errors.forbidden);
});

test('describeError reads what the client holds: protocol errors, rejections, HTTP errors, closes', () => {
  const rejection = Object.assign(new Error('invitation revoked: ask the facilitator for a new link'), { code: 'not_authenticated' });
  assert.equal(describeError(rejection, 'it'), it.errors.invitationRevoked);
  assert.equal(describeError({ code: 'limit_exceeded', limit: 'memberSharePercent', message: 'x' }, 'en'), en.errors.memberShare);
  assert.equal(describeError({ status: 410, message: 'invitation i was revoked: issue a new one' }, 'it'), it.errors.invitationGone);
  assert.equal(describeError({ status: 0, message: 'TypeError: Failed to fetch' }, 'it'), it.errors.network);
  assert.equal(describeError(new TypeError('Failed to fetch'), 'it'), it.errors.network);
  assert.equal(describeError({ code: 1008, reason: 'invitation expired' }, 'it'), it.errors.invitationExpired);
  assert.equal(describeError(new Error('disconnected'), 'it'), it.errors.offline);
  assert.equal(describeError(null, 'it'), it.errors.other);
  assert.equal(describeError(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError', code: 20 }), 'it'), it.errors.other);
  assert.equal(describeError('offline', 'en'), en.errors.offline);
});

test('the table uses every close code and error code the server sends', () => {
  // Codes: ProtocolError.Code's raw values.
  const swift = read('Sources/TavoloSync/Protocol/ProtocolError.swift');
  const codes = [...swift.matchAll(/case (\w+)(?: = "(\w+)")?/g)].map(([, name, raw]) => raw ?? name);
  assert.ok(codes.length >= 18, 'ProtocolError codes read');
  const tested = new Set(CASES.map(([code]) => code));
  for (const code of codes) assert.ok(tested.has(code), `error code ${code} has a case`);
  // Close codes: every CloseCode the server closes with.
  const closes = read('Sources/TavoloTransport/WebSocketMessage.swift');
  for (const [, value] of closes.matchAll(/CloseCode\(rawValue: (\d+)\)/g)) {
    if (value === '1000') continue;
    assert.ok(tested.has(Number(value)), `close ${value} has a case`);
  }
  // Invitation refusals: every InvitationError description starts with a prefix we read.
  const invitations = read('Sources/TavoloServer/Invitations/InvitationTokens.swift');
  for (const [, description] of invitations.matchAll(/case \.\w+(?:\(let \w+\))?: "([^"]+)"/g)) {
    const key = errorKey('not_authenticated', description.replace(/\\\(\w+\)/g, 'x'));
    assert.ok(key.startsWith('invitation'), `${description} → ${key}`);
  }
});
