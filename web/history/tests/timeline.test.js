import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clampMoment, currentEvent, formatDuration, formatElapsed, formatMoment, keyStep, neighbourEvent, sliderScale, tickFractions,
} from '../timeline.js';

const start = Date.UTC(2026, 10, 23, 14, 0, 0);
const threeHours = 3 * 3600 * 1000;

test('the slider counts seconds from the start and its last position is the exact end', () => {
  const end = start + threeHours + 250;
  const scale = sliderScale(start, end);
  assert.equal(scale.max, 3 * 3600 + 1);
  assert.equal(scale.toTime(0), start);
  assert.equal(scale.toTime(90), start + 90000);
  assert.equal(scale.toTime(scale.max), end);
  assert.equal(scale.toTime(-5), start);
  assert.equal(scale.toTime(scale.max + 10), end);
  assert.equal(scale.toTime('12'), start + 12000, 'slider values arrive as strings');
  assert.equal(scale.toValue(start + 90999), 90);
  assert.equal(scale.toValue(end), scale.max);
  assert.equal(scale.toValue(end + 1000), scale.max);
  assert.equal(scale.toValue(start - 1), 0);
  for (const value of [0, 1, 59, 3600, scale.max - 1, scale.max]) assert.equal(scale.toValue(scale.toTime(value)), value);
});

test('an empty range has one position', () => {
  const scale = sliderScale(start, start);
  assert.equal(scale.max, 0);
  assert.equal(scale.toTime(0), start);
  assert.equal(scale.toValue(start + 5), 0);
});

test('arrow keys move by about a hundredth of the range, in readable steps', () => {
  assert.equal(keyStep(threeHours), 120000);
  assert.equal(keyStep(60000), 1000);
  assert.equal(keyStep(0), 1000);
  assert.equal(keyStep(1000 * threeHours), 3600000);
  assert.equal(clampMoment(start - 1, start, start + 10), start);
  assert.equal(clampMoment(start + 11, start, start + 10), start + 10);
});

test('ticks are fractions of the range, outside events dropped, crowded ones merged', () => {
  const events = [{ at: start - 1 }, { at: start }, { at: start + 5 }, { at: start + 5000 }, { at: start + 10000 }, { at: start + 10001 }];
  assert.deepEqual(tickFractions(events, start, start + 10000), [0, 0.5, 1]);
  assert.deepEqual(tickFractions([{ at: start }], start, start), [0]);
  assert.deepEqual(tickFractions([], start, start), []);
});

test('previous, next and current events around a moment', () => {
  const events = [{ at: 10 }, { at: 20 }, { at: 20 }, { at: 30 }];
  assert.equal(neighbourEvent(events, 20, 1), 3);
  assert.equal(neighbourEvent(events, 20, -1), 0);
  assert.equal(neighbourEvent(events, 5, -1), -1);
  assert.equal(neighbourEvent(events, 30, 1), -1);
  assert.equal(currentEvent(events, 25), 2);
  assert.equal(currentEvent(events, 9), -1);
  assert.equal(currentEvent(events, 30), 3);
});

test('times read as people write them', () => {
  assert.equal(formatElapsed(0), '0:00');
  assert.equal(formatElapsed(65999), '1:05');
  assert.equal(formatElapsed(3 * 3600000 + 62000), '3:01:02');
  assert.equal(formatDuration(90), '1:30');
  assert.equal(formatDuration(3725), '1:02:05');  // as the table's speaking queue shows it
  assert.match(formatMoment(start, 'it', 'UTC'), /23 nov 2026.*14:00:00/);
  assert.match(formatMoment(start, 'en', 'UTC'), /23 Nov 2026.*14:00:00/);
});

test('a session runs to its end: the approval or the signed copy (endsAt), else its closing, else the table’s last moment (issue 13)', async () => {
  const { sessionRange } = await import('../timeline.js');
  const overview = {
    start: 1000, end: 9000,
    sessions: [
      { id: 'approved', openedAt: 2000, closedAt: 5000, approvedAt: 7000, endsAt: 7000 },
      { id: 'signed', openedAt: 2000, closedAt: 5000, approvedAt: 7000, signedCopy: { kind: 'pades', uploadedAt: 11000, sha256: 'ab' }, endsAt: 11000 },
      { id: 'older server', openedAt: 2000, closedAt: 5000, approvedAt: 7000 },
      { id: 'review', openedAt: 2000, closedAt: 5000 },
      { id: 'live', openedAt: 8000 },
    ],
  };
  assert.deepEqual(sessionRange(overview, 'approved'), [2000, 7000]);
  assert.deepEqual(sessionRange(overview, 'signed'), [2000, 11000]);
  assert.deepEqual(sessionRange(overview, 'older server'), [2000, 7000]);
  assert.deepEqual(sessionRange(overview, 'review'), [2000, 5000]);
  assert.deepEqual(sessionRange(overview, 'live'), [8000, 9000]);
  // The whole table reaches the last signed copy too.
  assert.deepEqual(sessionRange(overview, ''), [1000, 11000]);
});

test('history downloads: the verbale in Word too, and the signed copy named as such', async () => {
  const { minutesFormats, fallbackNames } = await import('../downloads.js');
  assert.ok(minutesFormats.includes('docx'));
  assert.equal(fallbackNames.signed('ambito', 's1', 'pdf'), 'verbale-ambito-s1-firmato.pdf');
  assert.equal(fallbackNames.signed('ambito', 's1', 'p7m'), 'verbale-ambito-s1-firmato.pdf.p7m');
});
