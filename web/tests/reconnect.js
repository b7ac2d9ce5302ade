// The reconnect scenario of issue 15: a 100,000-character text, one browser offline for "ten
// minutes" (typing a little) while five others type about 3,000 edits each and sync among
// themselves; on reconnect the offline browser applies everything at once. Shared by
// reconnect.test.js (correctness) and bench/crdt/js-reconnect.mjs (timing).
import { Document } from '../crdt/document.js';
import { Rng, sync } from './scenarios.js';

const WORDS = ['bilancio ', 'quartiere ', 'proposta ', 'voto ', 'è ', 'più ', 'però ', 'tavolo ', 'ok, ', '👍 '];

/**
 * Builds the scenario. Returns {offline, others, text, bytes}: `bytes` is what the offline
 * replica receives on reconnect (everything it lacks, from the first of the others).
 */
export function reconnectScenario({ seed = 15, length = 100_000, editsEach = 3_000, offlineEdits = 150, syncEvery = 250 } = {}) {
  const rng = new Rng(seed);
  // The document as everyone has it: written by one author in 2,000 pastes and some deletes.
  const author = new Document('autore');
  const text = author.makeObject('text', 'verbale');
  while (author.textLength(text) < length) {
    if (author.textLength(text) > 1000 && rng.int(8) === 0) author.deleteText(rng.int(author.textLength(text) - 20), 1 + rng.int(20), text);
    const n = author.textLength(text);
    const piece = WORDS[rng.int(WORDS.length)].repeat(1 + rng.int(8));
    author.insertText(piece.slice(0, Math.min(piece.length, length - author.textLength(text))), rng.int(n + 1), text);
  }
  const offline = new Document('offline-browser');
  sync(offline, author);
  const others = ['anna', 'bruno', 'carla', 'dario', 'elena'].map((r) => { const d = new Document(r); sync(d, author); return d; });
  // Offline: a few edits of its own.
  for (let k = 0; k < offlineEdits; k++) {
    const n = offline.textLength(text);
    if (rng.int(5) === 0) offline.deleteText(rng.int(n), 1, text);
    else offline.insertText(WORDS[rng.int(WORDS.length)][0], rng.int(n + 1), text);
  }
  // Meanwhile five people type: mostly on from a cursor, some backspaces, some jumps; they sync
  // with each other every `syncEvery` rounds (a live table: concurrent among themselves too).
  const cursors = others.map(() => rng.int(length));
  for (let step = 0; step < editsEach; step++) {
    others.forEach((d, i) => {
      const n = d.textLength(text);
      let c = Math.min(cursors[i], n);
      const roll = rng.int(20);
      if (roll === 0) c = rng.int(n + 1);
      if (roll < 3 && c > 0) { d.deleteText(c - 1, 1, text); c--; } else { d.insertText('abcdefghij'[rng.int(10)], c, text); c++; }
      cursors[i] = c;
    });
    if (step % syncEvery === syncEvery - 1) {
      for (let i = 0; i < others.length; i++) for (let j = 0; j < others.length; j++) if (i !== j) sync(others[i], others[j]);
    }
  }
  for (let i = 1; i < others.length; i++) sync(others[0], others[i]);
  return { offline, others, text, bytes: others[0].encodedOperations(offline.version) };
}
