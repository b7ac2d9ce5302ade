// The session record and the signed verbale, without a browser (issue 13, items 1, 4, 7):
// dates said with the month in words and «ore», elapsed time that never looks like a clock, the
// facts a session's header states, the form turned into `setSessionDetails`, who may upload the
// signed copy, and the upload's refusals in the catalogue's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MODES, factLines, formatClock, formatDateTime, formatDay, formatElapsedWords, isChairOrSecretary, localDateTimeValue,
  recordAction, recordCandidates, recordForm, safeLink, sessionFacts, signedCopyState, signedFileProblem, uploadErrorText,
} from '../record-model.js';
import { catalogues, loadCatalogue } from '../../i18n/index.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

await loadCatalogue('en');

// 5 December 2026, 15:00 in Rome (UTC+1).
const AT = Date.UTC(2026, 11, 5, 14, 0, 0);
const ROME = { timeZone: 'Europe/Rome' };

test('dates read with the month in words, «ore» in Italian, and a 24-hour clock', () => {
  assert.equal(formatDay(AT, 'it', 'Europe/Rome'), '5 dicembre 2026');
  assert.equal(formatDay(AT, 'en', 'Europe/Rome'), '5 December 2026');
  assert.equal(formatClock(AT, 'it', ROME), '15:00');
  assert.equal(formatClock(AT + 12_000, 'it', { ...ROME, seconds: true }), '15:00:12');
  assert.equal(formatDateTime(AT, it.facilitation.record, ROME), '5 dicembre 2026, ore 15:00');
  assert.equal(formatDateTime(AT, en.facilitation.record, ROME), '5 December 2026, 15:00');
  assert.equal(formatDateTime(Date.UTC(2026, 11, 5, 23, 5), it.facilitation.record, ROME), '6 dicembre 2026, ore 00:05');
  assert.equal(formatDateTime(null, it.facilitation.record), '');
});

test('elapsed time is said in hours, minutes and seconds, never as a clock', () => {
  assert.equal(formatElapsedWords(0), '0 s');
  assert.equal(formatElapsedWords(45_900), '45 s');
  assert.equal(formatElapsedWords(4 * 60_000 + 18_000), '4 min 18 s');
  assert.equal(formatElapsedWords(12 * 60_000), '12 min');
  assert.equal(formatElapsedWords(72 * 60_000 + 30_000), '1 h 12 min');
  assert.equal(formatElapsedWords(3 * 3600_000), '3 h');
  assert.equal(formatElapsedWords(-5), '0 s');
  for (const ms of [0, 59_000, 258_000, 4_320_000]) assert.doesNotMatch(formatElapsedWords(ms), /^\d+:\d\d/);
});

const anna = { id: 'invitation:anna', name: 'Anna Rossi', organisation: 'Comune di Budrio', role: 'pa' };
const carla = { id: 'invitation:carla', name: 'Carla Verdi', organisation: 'Coop. Il Ponte', role: 'ets' };
const bruno = { id: 'invitation:bruno', name: 'Bruno Neri', organisation: 'Associazione Aurora', role: 'ets' };
const details = { scheduledAt: AT, mode: 'mixed', place: ' Sala consiliare, Piazza Filopanti 11, Budrio ', meetingLink: 'https://meet.example.org/tavolo', chair: anna.id, secretary: carla.id };
const state = {
  present: [anna],
  sessions: [
    { id: 's1', title: 'Prima seduta', status: 'approved', attendance: [{ participant: carla, from: 1 }], details },
    { id: 's2', title: 'Seconda seduta', status: 'scheduled', attendance: [] },
  ],
};

test('a session states its record; the chair and secretary are named from the people this browser knows', () => {
  const facts = sessionFacts(state.sessions[0], state);
  assert.equal(facts.scheduledAt, AT);
  assert.equal(facts.mode, 'mixed');
  assert.equal(facts.place, 'Sala consiliare, Piazza Filopanti 11, Budrio');
  assert.equal(facts.meetingLink, 'https://meet.example.org/tavolo');
  assert.deepEqual(facts.chair, { id: anna.id, name: 'Anna Rossi', organisation: 'Comune di Budrio', role: 'pa' });
  assert.equal(facts.secretary.name, 'Carla Verdi');
  assert.equal(facts.empty, false);
  // Someone who joined the table but is neither here nor in any attendance: named as unknown, never by id.
  const away = sessionFacts({ details: { chair: 'invitation:zeta' } }, state);
  assert.equal(away.chair.name, null);
  const lines = factLines(away, it.facilitation.record);
  assert.deepEqual(lines.map((l) => l.value), ['una persona che non è collegata ora']);
  assert.equal(sessionFacts(state.sessions[1], state).empty, true);
  assert.equal(sessionFacts(undefined, state).empty, true);
});

test('the header lines: date, mode, place, a link to the meeting, chair and secretary, in both languages', () => {
  const words = { ...it.facilitation.record };
  const lines = factLines(sessionFacts(state.sessions[0], state), words);
  assert.deepEqual(lines.map((l) => l.key), ['when', 'mode', 'place', 'link', 'chair', 'secretary']);
  assert.match(lines[0].value, /^5 dicembre 2026, ore \d\d:00$/);
  assert.equal(lines[1].value, 'Mista (in presenza e online)');
  assert.equal(lines[3].href, 'https://meet.example.org/tavolo');
  assert.equal(lines[4].label, 'Presidente della seduta');
  assert.equal(lines[4].value, 'Anna Rossi (Comune di Budrio)');
  assert.equal(lines[5].label, 'Verbalizzante');
  const english = factLines(sessionFacts(state.sessions[0], state), en.facilitation.record);
  assert.match(english[0].value, /^5 December 2026, \d\d:00$/);
  assert.equal(english[1].value, 'Mixed (in person and online)');
  for (const mode of MODES) assert.ok(it.facilitation.record.modes[mode] && en.facilitation.record.modes[mode], mode);
});

test('a meeting link is put in a page only when it is a web address', () => {
  assert.equal(safeLink('https://meet.example.org/a b'), 'https://meet.example.org/a%20b');
  assert.equal(safeLink('javascript:alert(1)'), '');
  assert.equal(safeLink('data:text/html,x'), '');
  assert.equal(safeLink('not a link'), '');
  assert.equal(sessionFacts({ details: { meetingLink: 'javascript:alert(1)' } }, state).meetingLink, '');
});

test('chair and secretary are chosen among the people who joined, sorted by name; a choice not known here stays', () => {
  assert.deepEqual(recordCandidates(state).map((p) => p.name), ['Anna Rossi', 'Carla Verdi']);
  const withChosen = recordCandidates({ ...state, present: [anna, bruno] }, ['invitation:zeta', '']);
  assert.deepEqual(withChosen.map((p) => p.id), [anna.id, bruno.id, carla.id, 'invitation:zeta']);
});

test('the form fills from the record and becomes setSessionDetails with every field', () => {
  const form = recordForm(state.sessions[0]);
  assert.equal(form.when, localDateTimeValue(AT));
  assert.equal(Date.parse(form.when), AT);
  assert.equal(form.chair, anna.id);
  assert.deepEqual(recordForm(state.sessions[1]), { when: '', mode: '', place: '', meetingLink: '', chair: '', secretary: '' });
  assert.deepEqual(recordAction('s1', form), { action: { setSessionDetails: { session: 's1', details: {
    scheduledAt: AT, mode: 'mixed', place: 'Sala consiliare, Piazza Filopanti 11, Budrio', meetingLink: 'https://meet.example.org/tavolo',
    chair: anna.id, secretary: carla.id,
  } } } });
  // Empty fields are none: the server replaces the whole record.
  assert.deepEqual(recordAction('s2', recordForm(state.sessions[1])), { action: { setSessionDetails: { session: 's2', details: { place: '', meetingLink: '' } } } });
});

test('the form refuses what the server would, and says which field', () => {
  const base = recordForm(state.sessions[1]);
  assert.deepEqual(recordAction('s2', { ...base, when: 'domani' }), { error: 'date', field: 'when' });
  assert.deepEqual(recordAction('s2', { ...base, mode: 'telepathy' }), { error: 'mode', field: 'mode' });
  assert.deepEqual(recordAction('s2', { ...base, place: 'à'.repeat(401) }), { error: 'placeLong', field: 'place' });
  assert.ok(recordAction('s2', { ...base, place: 'à'.repeat(400) }).action);
  assert.deepEqual(recordAction('s2', { ...base, place: 'Sala\u0007' }), { error: 'control', field: 'place' });
  assert.deepEqual(recordAction('s2', { ...base, meetingLink: 'ftp://x.org' }), { error: 'link', field: 'meetingLink' });
  assert.deepEqual(recordAction('s2', { ...base, meetingLink: 'javascript:alert(1)' }), { error: 'link', field: 'meetingLink' });
  assert.deepEqual(recordAction('s2', { ...base, meetingLink: `https://x.org/${'a'.repeat(2000)}` }), { error: 'linkLong', field: 'meetingLink' });
  // A link typed without its scheme gets https://.
  assert.equal(recordAction('s2', { ...base, meetingLink: 'meet.comune.it/tavolo' }).action.setSessionDetails.details.meetingLink, 'https://meet.comune.it/tavolo');
  for (const key of ['date', 'mode', 'placeLong', 'control', 'link', 'linkLong']) {
    assert.ok(it.facilitation.record.errors[key] && en.facilitation.record.errors[key], key);
  }
});

test('only the chair or the secretary uploads the signed copy, once approved; everyone downloads it once there', () => {
  const approved = state.sessions[0];
  assert.equal(isChairOrSecretary(approved, anna.id), true);
  assert.equal(isChairOrSecretary(approved, carla.id), true);
  assert.equal(isChairOrSecretary(approved, bruno.id), false);
  assert.equal(isChairOrSecretary(approved, null), false);
  assert.deepEqual(signedCopyState(approved, anna.id), { upload: true, download: false, copy: null });
  const copy = { kind: 'pades', uploadedAt: AT, sha256: 'ab' };
  assert.deepEqual(signedCopyState(approved, bruno.id, copy), { upload: false, download: true, copy });
  const inReview = { ...approved, status: 'minutes_in_review' };
  assert.deepEqual(signedCopyState(inReview, anna.id, null), { upload: false, download: false, copy: null });
});

test('the file is checked before sending: a .pdf or .p7m, not empty', () => {
  assert.equal(signedFileProblem(null), 'noFile');
  assert.equal(signedFileProblem({ name: 'verbale.docx', size: 10 }), 'fileType');
  assert.equal(signedFileProblem({ name: 'verbale.pdf', size: 0 }), 'emptyFile');
  assert.equal(signedFileProblem({ name: 'verbale.pdf', size: 10 }, 5), 'fileLarge');
  assert.equal(signedFileProblem({ name: 'VERBALE.PDF', size: 10 }), null);
  assert.equal(signedFileProblem({ name: 'verbale.pdf.p7m', size: 10 }), null);
});

test('an upload refused by the server is said in the catalogue’s words, telling apart why', () => {
  const said = (status, message, lang = 'it') => uploadErrorText({ status, message }, catalogues[lang]);
  assert.equal(said(403, 'only the chair or the secretary of the session (or an administrator) can upload its signed verbale'), it.errors.signedNotChair);
  assert.equal(said(409, 'the verbale of session s1 is not approved yet (status: minutes_in_review): sign it once approved'), it.errors.signedNotApproved);
  assert.equal(said(413, 'request body exceeds 1048576 bytes'), it.verbale.fileProblems.fileLarge);
  assert.equal(said(422, 'the PDF carries no digital signature: sign the verbale (PAdES) or upload the .p7m'), it.errors.signedUnsigned);
  assert.equal(said(422, 'the digital signature does not verify against the signed content: bad'), it.errors.signedBadSignature);
  assert.equal(said(422, 'the signed document is not the approved verbale: it does not carry its content hash ab (export…)'), it.errors.signedWrongContent);
  assert.equal(said(422, 'the file is neither a PDF nor a signed envelope (.p7m): upload …'), it.errors.signedWrongFile);
  assert.equal(said(503, "checking signatures needs OpenSSL, and 'openssl' was not found"), it.errors.signedCheckerMissing);
  assert.equal(said(422, 'the PDF carries no digital signature: sign the verbale (PAdES) or upload the .p7m', 'en'), en.errors.signedUnsigned);
  assert.equal(uploadErrorText(new TypeError('Failed to fetch'), catalogues.it), it.errors.network);
  for (const text of [it.errors.signedUnsigned, it.errors.signedWrongContent, it.errors.signedBadSignature]) assert.doesNotMatch(text, /PDF carries|verify|approved verbale/);
});
