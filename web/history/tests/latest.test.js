import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatestRequest } from '../latest.js';

/** Timers under the test's control. */
function fakeTimers() {
  const pending = new Map();
  let next = 1;
  return {
    setTimer: (fn) => { pending.set(next, fn); return next++; },
    clearTimer: (id) => pending.delete(id),
    fire() { const fns = [...pending.values()]; pending.clear(); fns.forEach((fn) => fn()); },
    get count() { return pending.size; },
  };
}

/** A request that answers when the test says, and rejects with AbortError when aborted. */
function deferredTask(log, name) {
  let resolve;
  const task = (signal) => new Promise((ok, fail) => {
    log.push(`start ${name}`);
    resolve = ok;
    signal.addEventListener('abort', () => { log.push(`abort ${name}`); fail(Object.assign(new Error('aborted'), { name: 'AbortError' })); });
  });
  return { task, answer: (value) => resolve(value) };
}

const settle = () => new Promise((r) => setImmediate(r));

test('requests made while scrubbing are debounced into the latest one', async () => {
  const timers = fakeTimers();
  const latest = new LatestRequest({ delay: 30, ...timers });
  const log = [];
  const results = [];
  for (const name of ['a', 'b', 'c']) {
    const { task } = deferredTask(log, name);
    latest.schedule(task, (r) => results.push(r));
  }
  assert.equal(timers.count, 1, 'only the latest waits');
  timers.fire();
  assert.deepEqual(log, ['start c']);
  assert.ok(latest.pending);
});

test('a newer request aborts the one in flight and only the latest answer is drawn', async () => {
  const timers = fakeTimers();
  const latest = new LatestRequest({ delay: 30, ...timers });
  const log = [];
  const results = [];
  const errors = [];
  const first = deferredTask(log, 'first');
  latest.schedule(first.task, (r) => results.push(r), (e) => errors.push(e));
  timers.fire();
  const second = deferredTask(log, 'second');
  latest.schedule(second.task, (r) => results.push(r), (e) => errors.push(e));
  assert.deepEqual(log, ['start first'], 'the first keeps running until the second is sent');
  timers.fire();
  assert.deepEqual(log, ['start first', 'abort first', 'start second']);
  second.answer('second answer');
  await settle();
  assert.deepEqual(results, ['second answer']);
  assert.deepEqual(errors, [], 'aborts are not errors');
  assert.equal(latest.pending, false);
});

test('an answer that arrives after a newer request was scheduled is ignored', async () => {
  const latest = new LatestRequest({ delay: 0 });
  const results = [];
  let answerOld;
  latest.schedule(() => new Promise((ok) => { answerOld = ok; }), (r) => results.push(r));
  latest.schedule(() => Promise.resolve('new'), (r) => results.push(r));
  answerOld('old'); // a server that ignores the abort still answers
  await settle();
  assert.deepEqual(results, ['new']);
});

test('errors of the latest request are reported, older ones are not', async () => {
  const latest = new LatestRequest({ delay: 0 });
  const errors = [];
  let failOld;
  latest.schedule(() => new Promise((_, fail) => { failOld = fail; }), () => {}, (e) => errors.push(`old ${e.message}`));
  latest.schedule(() => { throw new Error('refused'); }, () => {}, (e) => errors.push(e.message));
  failOld(new Error('late'));
  await settle();
  assert.deepEqual(errors, ['refused']);
});

test('cancel forgets what is scheduled', async () => {
  const timers = fakeTimers();
  const latest = new LatestRequest({ delay: 30, ...timers });
  const results = [];
  latest.schedule(() => Promise.resolve(1), (r) => results.push(r));
  latest.cancel();
  timers.fire();
  await settle();
  assert.deepEqual(results, []);
  assert.equal(latest.pending, false);
});

test('the same key neither restarts the request in flight nor repeats an answered one; a failed one is retried', async () => {
  const timers = fakeTimers();
  const latest = new LatestRequest({ delay: 0, ...timers });
  const log = [];
  const results = [];
  const first = deferredTask(log, 'second-12');
  latest.schedule(first.task, (r) => results.push(r), () => {}, '12000|project');
  latest.schedule(deferredTask(log, 'again').task, (r) => results.push(r), () => {}, '12000|project');
  assert.deepEqual(log, ['start second-12'], 'playback asking again for the same second does not abort it');
  first.answer('state at 12 s');
  await settle();
  latest.schedule(deferredTask(log, 'after').task, (r) => results.push(r), () => {}, '12000|project');
  assert.deepEqual(results, ['state at 12 s']);
  assert.deepEqual(log, ['start second-12'], 'an answered key is not asked again');

  const failing = (signal) => Promise.reject(new Error('503'));
  const errors = [];
  latest.schedule(failing, () => {}, (e) => errors.push(e.message), '13000|project');
  await settle();
  const retry = deferredTask(log, 'retry');
  latest.schedule(retry.task, (r) => results.push(r), () => {}, '13000|project');
  assert.deepEqual(errors, ['503']);
  assert.equal(log.at(-1), 'start retry', 'after an error the same key is asked again');
});
