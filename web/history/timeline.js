// Time on the slider: the slider counts whole seconds from the start of the chosen range,
// so arrow keys move by a second and any moment of a long session stays reachable; the
// last position is the exact end, so "now" is never rounded away.
import { formatDuration } from '../facilitation/model.js';

export { formatDuration };

/** The slider scale of the range [start, end] (ms since 1970). */
export function sliderScale(start, end) {
  const span = Math.max(0, end - start);
  const max = Math.ceil(span / 1000);
  return {
    start, end, max,
    toTime(value) {
      const v = Math.min(max, Math.max(0, Math.round(Number(value) || 0)));
      return v === max ? end : start + v * 1000;
    },
    toValue(time) {
      if (time >= end) return max;
      if (time <= start) return 0;
      return Math.min(max, Math.floor((time - start) / 1000));
    },
  };
}

/**
 * The range [start, end] of the whole table (scope '') or of one session of the overview: from
 * its opening to its end — `endsAt` (its approval, or its signed copy) where the server gives it,
 * else its closing, else the table's last moment — so an approved session's last moment shows the
 * approved text and "approvato" (issue 13, item 7).
 */
export function sessionRange(overview, scope) {
  const { start, end } = overview;
  const sessions = overview.sessions ?? [];
  const ends = sessions.map((s) => s.endsAt).filter(Number.isFinite);
  const session = scope ? sessions.find((s) => s.id === scope) : null;
  if (!session) return [start, Math.max(end, ...ends)];
  const from = session.openedAt ?? start;
  const known = [session.approvedAt, session.signedCopy?.uploadedAt, session.closedAt].filter(Number.isFinite);
  const last = session.endsAt ?? (known.length ? Math.max(...known) : end);
  return [from, Math.max(from, last)];
}

/** Keeps a moment inside the range. */
export function clampMoment(at, start, end) {
  return Math.min(end, Math.max(start, at));
}

const niceSteps = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].map((s) => s * 1000);

/** The step of one arrow key press: about a hundredth of the range, rounded to a readable duration. */
export function keyStep(spanMs) {
  const wanted = spanMs / 100;
  return niceSteps.find((step) => step >= wanted) ?? niceSteps[niceSteps.length - 1];
}

/** Where each event sits along the slider, as a fraction from 0 to 1 (events outside are left out). */
export function tickFractions(events, start, end) {
  const span = end - start;
  if (span <= 0) return events.length ? [0] : [];
  const out = [];
  for (const event of events) {
    if (event.at < start || event.at > end) continue;
    const fraction = (event.at - start) / span;
    // One tick per pixel is enough on the widest screen: drop ticks closer than 0.1 %.
    if (out.length && fraction - out[out.length - 1] < 0.001) continue;
    out.push(fraction);
  }
  return out;
}

/** The index of the first event after `at` (direction 1) or the last one before it (-1), or -1. */
export function neighbourEvent(events, at, direction) {
  if (direction > 0) return events.findIndex((event) => event.at > at);
  for (let i = events.length - 1; i >= 0; i--) if (events[i].at < at) return i;
  return -1;
}

/** The index of the latest event at or before `at` (the one "current" at that moment), or -1. */
export function currentEvent(events, at) {
  let found = -1;
  for (let i = 0; i < events.length && events[i].at <= at; i++) found = i;
  return found;
}

/** "1:02:03" or "2:03": time elapsed since the start of the range, as the table shows durations. */
export const formatElapsed = (ms) => formatDuration(ms / 1000);

/** A date and time with seconds, in the reader's language and time zone (or the one given). */
export function formatMoment(ms, language, timeZone) {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'it-IT', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone,
  }).format(new Date(ms));
}
