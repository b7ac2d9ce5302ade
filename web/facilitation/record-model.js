// The session record (issue 13, item 1) and the signed verbale (item 4), without the DOM
// (tests/record-model.test.js): dates and elapsed times said unambiguously, what a session's
// header states (when, how, where, the meeting's link, who chairs it and who takes the
// minutes), the facilitator's form turned into `setSessionDetails`, and who may upload the
// signed copy of an approved verbale.
//
// Dates in Italian form, day first and the month in words (web/i18n/README.md "Form"):
// «5 dicembre 2026, ore 15:00»; in English «5 December 2026, 15:00». The catalogues join the
// parts (`record.dateTime(day, time)`), so both languages read naturally.

import { people } from './model.js';
import { describeError } from '../i18n/errors.js';

/** How people take part in a session (docs/protocol.md `setSessionDetails`), in the order offered. */
export const MODES = Object.freeze(['inPerson', 'online', 'mixed']);

/** The Intl locale of a language or catalogue locale ('it', 'en', 'it-IT', 'en-GB'). */
export const localeOf = (language) => (String(language ?? '').startsWith('en') ? 'en-GB' : 'it-IT');

/** «5 dicembre 2026» / «5 December 2026» (the reader's time zone unless one is given). */
export function formatDay(ms, language, timeZone) {
  if (!Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(new Date(ms));
}

/** «15:05» (24-hour clock), with «:12» seconds when asked. */
export function formatClock(ms, language, { seconds = false, timeZone } = {}) {
  if (!Number.isFinite(ms)) return '';
  return new Intl.DateTimeFormat(localeOf(language), {
    hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23', timeZone,
  }).format(new Date(ms));
}

/**
 * A clock time with its date: «5 dicembre 2026, ore 15:05» (it) or «5 December 2026, 15:05» (en).
 * `words` is a catalogue's `record` section (its `dateTime(day, time)` joins them).
 */
export function formatDateTime(ms, words, options = {}) {
  if (!Number.isFinite(ms)) return '';
  const language = words?.language ?? 'it';
  return words.dateTime(formatDay(ms, language, options.timeZone), formatClock(ms, language, options));
}

/**
 * Elapsed time in words that never look like a clock: «45 s», «4 min 18 s», «1 h 12 min»
 * (seconds are left out from an hour on). The same abbreviations read in Italian and English.
 */
export function formatElapsedWords(ms) {
  const total = Math.max(0, Math.floor((Number(ms) || 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return m ? `${h} h ${m} min` : `${h} h`;
  if (m) return s ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** A meeting link safe to put in an `href`: http(s) only, else ''. */
export function safeLink(link) {
  const text = String(link ?? '').trim();
  if (!text) return '';
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch {
    return '';
  }
}

/**
 * What a session's header states, from the table state: {scheduledAt, mode, place, meetingLink,
 * chair, secretary, empty}; chair and secretary as {id, name, organisation, role}, their name
 * null when this browser has not met them (they joined the table, but are neither here now nor in
 * any session's attendance).
 */
export function sessionFacts(session, state) {
  const details = session?.details ?? {};
  const known = people(state);
  const person = (id) => {
    if (typeof id !== 'string' || !id) return null;
    const found = known.get(id);
    return found ? { id, name: found.name, organisation: found.organisation ?? '', role: found.role ?? '' } : { id, name: null, organisation: '', role: '' };
  };
  const scheduledAt = typeof details.scheduledAt === 'number' && Number.isFinite(details.scheduledAt) ? details.scheduledAt : null;
  const facts = {
    scheduledAt,
    mode: MODES.includes(details.mode) ? details.mode : null,
    place: typeof details.place === 'string' ? details.place.trim() : '',
    meetingLink: safeLink(details.meetingLink),
    chair: person(details.chair),
    secretary: person(details.secretary),
  };
  facts.empty = !facts.scheduledAt && !facts.mode && !facts.place && !facts.meetingLink && !facts.chair && !facts.secretary;
  return facts;
}

/**
 * The facts as lines to show ([{key, label, value, href?}]), in the order a verbale states them.
 * `words`: a catalogue's `record` section.
 */
export function factLines(facts, words) {
  const lines = [];
  const name = (p) => (p.name ? (p.organisation ? `${p.name} (${p.organisation})` : p.name) : words.unknownPerson);
  if (facts.scheduledAt) lines.push({ key: 'when', label: words.when, value: formatDateTime(facts.scheduledAt, words) });
  if (facts.mode) lines.push({ key: 'mode', label: words.mode, value: words.modes[facts.mode] });
  if (facts.place) lines.push({ key: 'place', label: words.place, value: facts.place });
  if (facts.meetingLink) lines.push({ key: 'link', label: words.meetingLink, value: words.joinMeeting, href: facts.meetingLink });
  if (facts.chair) lines.push({ key: 'chair', label: words.chair, value: name(facts.chair) });
  if (facts.secretary) lines.push({ key: 'secretary', label: words.secretary, value: name(facts.secretary) });
  return lines;
}

/**
 * Who may chair or take the minutes: the people who have joined the table, as this browser
 * knows them (present now, or in a session's attendance), sorted by name; the ones already
 * chosen stay on the list even when not known here.
 */
export function recordCandidates(state, chosen = []) {
  const list = [...people(state).values()].map((p) => ({ id: p.id, name: p.name, organisation: p.organisation ?? '', role: p.role ?? '' }));
  for (const id of chosen) if (id && !list.some((p) => p.id === id)) list.push({ id, name: null, organisation: '', role: '' });
  return list.sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || a.id.localeCompare(b.id));
}

/** ms → a `datetime-local` value in the browser's time zone ('' for none). */
export function localDateTimeValue(ms) {
  if (!Number.isFinite(ms)) return '';
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The form's initial values from the session's details. */
export function recordForm(session) {
  const d = session?.details ?? {};
  return {
    when: localDateTimeValue(d.scheduledAt),
    mode: MODES.includes(d.mode) ? d.mode : '',
    place: d.place ?? '',
    meetingLink: d.meetingLink ?? '',
    chair: d.chair ?? '',
    secretary: d.secretary ?? '',
  };
}

const bytes = (text) => new TextEncoder().encode(text).length;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * `setSessionDetails` from the form ({when, mode, place, meetingLink, chair, secretary}), or
 * {error, field} with a key of the catalogue's `record.errors`. The server replaces the whole
 * record, so every field is sent; empty ones are left out (none). A link typed without its
 * scheme («meet.comune.it/tavolo») gets https://.
 */
export function recordAction(sessionID, form) {
  const details = {};
  const when = String(form.when ?? '').trim();
  if (when) {
    const at = Date.parse(when);   // `datetime-local` without a zone: the browser's local time
    if (!Number.isFinite(at)) return { error: 'date', field: 'when' };
    details.scheduledAt = at;
  }
  if (form.mode) {
    if (!MODES.includes(form.mode)) return { error: 'mode', field: 'mode' };
    details.mode = form.mode;
  }
  const place = String(form.place ?? '').trim();
  if (bytes(place) > 800) return { error: 'placeLong', field: 'place' };
  if (CONTROL.test(place)) return { error: 'control', field: 'place' };
  details.place = place;
  let link = String(form.meetingLink ?? '').trim();
  if (link && !/^[a-z][a-z0-9+.-]*:/i.test(link) && /^[^\s/]+\.[^\s/]+/.test(link)) link = `https://${link}`;
  if (link && (!safeLink(link) || /\s/.test(link))) return { error: 'link', field: 'meetingLink' };
  if (bytes(link) > 2000) return { error: 'linkLong', field: 'meetingLink' };
  details.meetingLink = link;
  if (form.chair) details.chair = form.chair;
  if (form.secretary) details.secretary = form.secretary;
  return { action: { setSessionDetails: { session: sessionID, details } } };
}

/** Whether `principal` chairs or takes the minutes of `session` (who may upload its signed copy). */
export function isChairOrSecretary(session, principal) {
  const d = session?.details ?? {};
  return Boolean(principal) && (d.chair === principal || d.secretary === principal);
}

/**
 * What the verbale view offers about the signed copy: {upload, download, copy}. Uploading is for
 * the chair or the secretary once the verbale is approved (the server checks again); anyone may
 * download the signed copy once there is one (`copy`: {kind, uploadedAt, sha256} from /history).
 */
export function signedCopyState(session, principal, copy = null) {
  const approved = session?.status === 'approved';
  return {
    upload: approved && isChairOrSecretary(session, principal),
    download: approved && Boolean(copy),
    copy: copy ?? null,
  };
}

/** File types the upload offers (a signed PDF, PAdES; or a CAdES envelope, .p7m). */
export const SIGNED_ACCEPT = '.pdf,.p7m,application/pdf,application/pkcs7-mime';

/** Files over this many bytes are refused before sending (the server's maxRequestBodyBytes default, 1 MiB, is checked there). */
export function signedFileProblem(file, limit = Infinity) {
  if (!file) return 'noFile';
  if (!/\.(pdf|p7m)$/i.test(file.name ?? '')) return 'fileType';
  if (file.size === 0) return 'emptyFile';
  if (file.size > limit) return 'fileLarge';
  return null;
}

/**
 * Why an upload of the signed copy was refused, in the words of `catalogue` (it or en): the error
 * catalogue's entry for the HTTP status and the server's message (web/i18n/errors.js tells apart
 * an unsigned PDF, a signature that does not verify and a document that is not the approved
 * verbale); a file over the server's limit (413) is said as a file, not as a text.
 */
export function uploadErrorText(error, catalogue) {
  if (error?.status === 413) return catalogue.verbale.fileProblems.fileLarge;
  return describeError(error, catalogue);
}
