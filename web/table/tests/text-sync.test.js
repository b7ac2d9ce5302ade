// My typing on a textarea that has not yet shown others' waiting patches: both orders of
// applying the transformed edits must give the same text, whatever the edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pureEdits, transformEdits, applyPatches } from '../text-sync.js';

const apply = (text, edits) => applyPatches(text, edits, () => true);

function randomEdits(random, text, count) {
  const edits = [];
  for (let i = 0; i < count; i++) {
    const at = Math.floor(random() * (text.length + 1));
    const edit = random() < 0.5 || text.length === at
      ? { position16: at, deleted16: 0, inserted: 'xyz'.slice(0, 1 + Math.floor(random() * 3)) }
      : { position16: at, deleted16: 1 + Math.floor(random() * Math.min(4, text.length - at)), inserted: '' };
    edits.push(edit);
    text = apply(text, [edit]);
  }
  return edits;
}

function seeded(seed) {
  return () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
}

test('transformed edits converge in both orders (random pure edits and splices)', () => {
  const random = seeded(7);
  for (let round = 0; round < 20000; round++) {
    const base = 'abcdefghijklmnop'.slice(0, Math.floor(random() * 17));
    const waiting = randomEdits(random, base, Math.floor(random() * 5));
    const start = Math.floor(random() * (base.length + 1));
    const deleted = Math.floor(random() * (base.length - start + 1));
    const mine = pureEdits({ position16: start, deleted16: deleted, inserted: random() < 0.7 ? 'QR'.slice(0, 1 + Math.floor(random() * 2)) : '' });
    const [mineAfter, waitingAfter] = transformEdits(mine, waiting, false);
    const viaWaiting = apply(apply(base, waiting), mineAfter);
    const viaMine = apply(apply(base, mine), waitingAfter);
    assert.equal(viaMine, viaWaiting, JSON.stringify({ base, waiting, mine }));
  }
});

test('my edit lands where I made it, after text inserted at the same spot', () => {
  const waiting = [{ position16: 2, deleted16: 0, inserted: 'XX' }, { position16: 10, deleted16: 3, inserted: '' }];
  const [mine, theirs] = transformEdits(pureEdits({ position16: 6, deleted16: 0, inserted: 'q' }), waiting, false);
  assert.deepEqual(mine, [{ position16: 8, deleted16: 0, inserted: 'q' }]);
  assert.deepEqual(theirs, [{ position16: 2, deleted16: 0, inserted: 'XX' }, { position16: 11, deleted16: 3, inserted: '' }]);
  const [atSameSpot] = transformEdits(pureEdits({ position16: 2, deleted16: 0, inserted: 'q' }), waiting, false);
  assert.deepEqual(atSameSpot, [{ position16: 4, deleted16: 0, inserted: 'q' }]);
  // Deleting a range someone typed into keeps their text.
  const [deletion] = transformEdits(pureEdits({ position16: 1, deleted16: 3, inserted: '' }), waiting, false);
  assert.equal(apply(apply('abcdefghijklmnop', waiting), deletion), 'aXXefghlmnop');
});
