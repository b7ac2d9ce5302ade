import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlaybackClock, speeds } from '../playback.js';

function manualClock() {
  let now = 1000;
  return { now: () => now, advance: (ms) => { now += ms; } };
}

test('playback advances session time at the chosen speed', () => {
  const wall = manualClock();
  const clock = new PlaybackClock({ now: wall.now, speed: 60 });
  clock.play(10_000, 0, 1_000_000);
  wall.advance(1000);
  assert.equal(clock.moment(), 70_000);
  clock.setSpeed(300);
  wall.advance(1000);
  assert.equal(clock.moment(), 370_000, 'changing speed does not jump');
  clock.pause();
  wall.advance(5000);
  assert.equal(clock.moment(), 370_000, 'paused time stands still');
  assert.deepEqual(speeds, [1, 10, 60, 300]);
});

test('playback stops at the end, and playing again from the end starts over', () => {
  const wall = manualClock();
  const clock = new PlaybackClock({ now: wall.now, speed: 10 });
  clock.play(90_000, 0, 100_000);
  wall.advance(5000);
  assert.equal(clock.moment(), 100_000);
  assert.equal(clock.playing, false);
  clock.play(100_000, 0, 100_000);
  assert.equal(clock.moment(), 0);
  wall.advance(100);
  assert.equal(clock.moment(), 1000);
});

test('seeking while playing continues from the new moment', () => {
  const wall = manualClock();
  const clock = new PlaybackClock({ now: wall.now, speed: 1 });
  clock.play(0, 0, 100_000);
  wall.advance(2000);
  clock.seek(50_000);
  wall.advance(1000);
  assert.equal(clock.moment(), 51_000);
  assert.equal(clock.playing, true);
});
