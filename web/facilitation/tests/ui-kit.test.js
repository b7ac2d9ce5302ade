// The action runner every button uses: it sends, marks the control busy meanwhile, and puts
// the error beside the control. No DOM needed for this part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext } from '../ui-kit.js';
import it from '../../i18n/it.js';
import en from '../../i18n/en.js';

const catalogues = { it, en };

function fakeView(answer) {
  const sent = [];
  const client = { act: (action) => { sent.push(action); return answer(action); } };
  return { sent, view: { client, t: () => catalogues.it } };
}

test('an action without a follow-up is still sent, and the control is busy until it is stored', async () => {
  let release;
  const { sent, view } = fakeView(() => new Promise((resolve) => { release = resolve; }));
  let renders = 0;
  const ctx = createContext(view, () => { renders++; });
  const running = ctx.act('fac-approve', { approveMinutes: { session: 's1' } });
  assert.deepEqual(sent, [{ approveMinutes: { session: 's1' } }]);
  assert.equal(ctx.busy.has('fac-approve'), true);
  release({ type: 'done' });
  await running;
  assert.equal(ctx.busy.has('fac-approve'), false);
  assert.equal(ctx.errors.has('fac-approve'), false);
  assert.ok(renders >= 2);
});

test('a follow-up runs with the answer; a refusal shows its sentence beside the control', async () => {
  const { view } = fakeView((action) => (action.fail
    ? Promise.reject(Object.assign(new Error('no'), { code: 'wrong_state' }))
    : Promise.resolve({ type: 'done', ref: 3 })));
  const ctx = createContext(view, () => {});
  let answer = null;
  await ctx.act('fac-open', { openSession: { session: 's1' } }, (value) => { answer = value; });
  assert.deepEqual(answer, { type: 'done', ref: 3 });
  let followed = false;
  await ctx.act('fac-open', { fail: true }, () => { followed = true; });
  assert.equal(followed, false);
  assert.equal(ctx.errors.get('fac-open'), catalogues.it.errors.wrongState);
  // The next attempt clears the old error first.
  await ctx.act('fac-open', { openSession: { session: 's1' } });
  assert.equal(ctx.errors.has('fac-open'), false);
});
