// Scenarios played by JS replicas; write-vectors.mjs records them for the Swift side
// (Tests/TavoloCRDTTests/CrossImplementationVectorTests.swift reads vectors/from-js/*.json).
import { Document, Version } from '../crdt/document.js';
import { encodeOperations, encodeVersion, makeRun } from '../crdt/ops-codec.js';
import { OpKind } from '../crdt/ids.js';
import { toHex } from '../crdt/bytes.js';
import { canonical } from './canonical.js';

/** Brings `a` up to date with `b` through the wire format (version -> encoded operations). */
export function sync(a, b) { a.applyEncoded(b.encodedOperations(a.version)); }

/** SplitMix64 (as the Swift vector test uses), on BigInt. */
export class Rng {
  constructor(seed) { this.state = BigInt.asUintN(64, BigInt(seed)); }
  next() {
    this.state = BigInt.asUintN(64, this.state + 0x9E3779B97F4A7C15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94D049BB133111EBn);
    return z ^ (z >> 31n);
  }
  int(n) { return n <= 0 ? 0 : Number(this.next() % BigInt(n)); }
}

function emoji() {
  const a = new Document('alice-js');
  const t = a.makeObject('text', 'minutes');
  a.insertText('Verbale: café 👩‍👩‍👧 e\u0301!', 0, t);
  const b = new Document('bob-js');
  sync(b, a);
  const since = b.version;
  a.deleteText(15, 1, t);
  a.deleteText(20, 1, t);
  a.deleteText(19, 1, t);
  a.insertText('🇮🇹', 9, t);
  // Browser-style edits: UTF-16 positions converted at the edge.
  b.insertTextUTF16('e\u0301👍🏽 ', 0, t);
  b.insertTextUTF16('ñ', 20, t);
  b.deleteTextUTF16(2, 3, t); // the thumbs-up's surrogate pair and... one more unit
  sync(a, b); sync(b, a);
  return { name: 'js-emoji-combining', description: 'JS edits with UTF-16 positions around astral scalars and combining marks', doc: a, since };
}

function samePosition() {
  const a = new Document('alice-js');
  const t = a.makeObject('text', 't');
  a.insertText('ab', 0, t);
  const b = new Document('bob-js'), c = new Document('carol-js');
  sync(b, a); sync(c, a);
  const since = a.version;
  [...'budget'].forEach((ch, i) => a.insertText(ch, 1 + i, t));
  [...'venue'].forEach((ch, i) => b.insertText(ch, 1 + i, t));
  for (const ch of 'ZYX') c.insertText(ch, 1, t);
  sync(a, b); sync(a, c); sync(b, a); sync(c, a);
  return { name: 'js-concurrent-same-position', description: 'three JS replicas type at one position, forward and backward', doc: a, since };
}

function deletes() {
  const a = new Document('alice-js');
  const t = a.makeObject('text', 't');
  a.insertText('ab', 0, t);
  const w = a.makeObject('text', 'w');
  a.insertText('hello world', 0, w);
  const b = new Document('bob-js'), c = new Document('carol-js');
  sync(b, a); sync(c, a);
  const since = a.version;
  a.insertText('X', 1, t);
  b.deleteText(0, 1, t);
  b.insertText('Y', 1, t);
  a.deleteText(0, 5, w);
  b.deleteText(3, 5, w);
  c.insertText('+', 4, w);
  c.deleteText(10, 1, w);
  c.deleteText(9, 1, w);
  sync(a, b); sync(a, c); sync(b, a); sync(c, a);
  return { name: 'js-deletes', description: 'JS: worked merge of §3.5, overlapping deletes, insert inside a deleted range', doc: a, since };
}

function mapLWW() {
  const a = new Document('zoe'), b = new Document('ümit'), c = new Document('Zed');
  a.set('title', 'Bilancio');
  b.set('title', 'Bilancio partecipato');
  c.set('title', 'Z');
  a.set('n', -(1n << 63n));
  b.set('n', 42n);
  a.set('x', -0);
  a.set('gone', true);
  const na = a.makeObject('text', 'notes');
  a.insertText('di zoe', 0, na);
  const nb = b.makeObject('text', 'notes');
  b.insertText('di ümit', 0, nb);
  const nested = c.makeObject('map', 'meta');
  c.set('pi', 3.25, nested);
  c.set('nil', null, nested);
  c.set('big', (1n << 63n) - 1n, nested);
  sync(a, b); sync(a, c); sync(b, a); sync(c, a);
  const since = a.version;
  a.removeValue('gone');
  b.set('gone', 'back');
  c.set('k', false);
  c.removeValue('k');
  sync(a, b); sync(a, c); sync(b, a); sync(c, a);
  return { name: 'js-map-lww', description: 'JS map LWW: lamport ties broken bytewise on UTF-8 replica ids, set vs delete, nested objects, every value type', doc: a, since };
}

function listMoves() {
  const a = new Document('alice-js');
  const l = a.makeObject('list', 'agenda');
  ['A', 'B', 'C', 'D'].forEach((s, i) => a.insert(s, i, l));
  const b = new Document('bob-js'), c = new Document('carol-js');
  sync(b, a); sync(c, a);
  const since = a.version;
  a.move(0, 3, l);
  b.move(0, 1, l);
  b.move(2, 0, l);
  c.remove(1, l);
  a.move(0, 2, l);
  b.insert('b1', 2, l);
  c.insert('c1', 2, l);
  const item = c.makeObject('map', 0, l);
  c.set('ok', true, item);
  sync(a, b); sync(a, c); sync(b, a); sync(c, a);
  b.move(0, 4, l);
  a.move(4, 0, l);
  sync(a, b); sync(b, a); sync(c, a);
  return { name: 'js-list-moves', description: 'JS list: concurrent moves, move vs delete, inserts at one index, nested map', doc: a, since, snapshot: true };
}

const PIECES = ['x', 'yz', 'é', 'e\u0301', '👍🏽', 'ciao ', '🇮🇹', '\n'];

/** Seeded random edits by `n` JS replicas with partial syncs; returns the replicas (not yet fully synced). */
export function randomReplicas(seed, steps, n = 3, opts = {}) {
  const rng = new Rng(seed);
  const docs = Array.from({ length: n }, (_, i) => new Document(opts.names ? opts.names[i] : String.fromCharCode(97 + i) + '-js'));
  const t = docs[0].makeObject('text', 'text');
  const l = docs[0].makeObject('list', 'list');
  const m = docs[0].makeObject('map', 'map');
  for (let i = 1; i < n; i++) sync(docs[i], docs[0]);
  let since = new Version();
  for (let step = 0; step < steps; step++) {
    const i = rng.int(n);
    const d = docs[i];
    switch (rng.int(12)) {
      case 0: case 1: case 2: case 3: {
        d.insertText(PIECES[rng.int(PIECES.length)], rng.int(d.textLength(t) + 1), t);
        break;
      }
      case 4: case 5: {
        const len = d.textLength(t);
        if (len > 0) { const p = rng.int(len); d.deleteText(p, 1 + rng.int(Math.min(4, len - p)), t); }
        break;
      }
      case 6: d.set(`k${rng.int(3)}`, BigInt(rng.int(1000))); break;
      case 7: d.insert(BigInt(step), rng.int(d.values(l).length + 1), l); break;
      case 8: {
        const len = d.values(l).length;
        if (len > 1) d.move(rng.int(len), rng.int(len), l); else if (len === 1) d.remove(0, l);
        break;
      }
      case 9: {
        const k = `m${rng.int(2)}`;
        if (rng.int(3) === 0) d.removeValue(k, m); else d.set(k, rng.int(2) ? 'v' + step : step / 4, m);
        break;
      }
      default: {
        const j = rng.int(n);
        if (j !== i) sync(d, docs[j]);
      }
    }
    if (step === steps >> 1) since = docs[0].version;
  }
  return { docs, since };
}

function random(seed, steps) {
  const { docs, since } = randomReplicas(seed, steps);
  for (let i = 1; i < docs.length; i++) sync(docs[0], docs[i]);
  for (let i = 1; i < docs.length; i++) sync(docs[i], docs[0]);
  return { name: `js-random-${seed}`, description: `three JS replicas, ${steps} seeded random edits with partial syncs`, doc: docs[0], since, snapshot: true };
}

/**
 * Decodable but out-of-range remote text operations (§5): an operation outside the text at its
 * parent version does nothing (a partly valid run does its valid prefix), its run keeps its place
 * in the history, and the run's first operation outside the text (past the end or, for a
 * backspace run, below 0) is reported in `refused`, whatever the delivery order. Concurrent with local edits, so most go through the live tracker.
 */
function refused() {
  const a = new Document('alice-js');
  const t = a.makeObject('text', 't');
  a.insertText('abc', 0, t);
  const base = a.graph.id(a.graph.count - 1);
  const since = a.version;
  a.insertText('Q', 1, t);
  a.deleteText(3, 1, t);
  const mine = a.encodedOperations();
  const after = a.graph.id(a.graph.count - 1);
  const ins = (replica, seq, parents, pos, text) => makeRun({ replica, seq, len: [...text].length, parents, kind: OpKind.insertText, target: t, pos, content: [...text].map((c) => c.codePointAt(0)) });
  const del = (replica, seq, parents, pos, len, forward) => makeRun({ replica, seq, len, parents, kind: OpKind.deleteText, target: t, pos, forward });
  const hostile = [
    ins('h1', 0, [base], 10, 'xy'),               // insert past the end: a no-op, h1@0 reported
    ins('h1', 2, [{ replica: 'h1', counter: 1 }], 0, 'z'), // its successor applies normally
    del('h2', 0, [base], 2, 4, true),              // forward delete past the end: 1 done, h2@1 reported
    del('h3', 0, [base], 1, 3, false),             // backward delete below 0: 2 done, h3@2 (at -1) reported
    del('h4', 0, [base], 3, 1, false),             // backward delete at the end: a no-op
    del('h5', 0, [base], 3, 1, true),              // forward delete at the end: a no-op
    ins('h5', 1, [{ replica: 'h5', counter: 0 }], 0, 'w'), // after a no-op: applies
    ins('h6', 0, [base], 3, 'xy'),                 // insert at the end: valid
    ins('h7', 0, [base, { replica: 'h6', counter: 1 }], 5, '😀'), // at the end of the merged parents: valid
    del('h8', 0, [after, { replica: 'h6', counter: 1 }], 3, 5, true), // 'aQb' + 'xy' = 5 long there: 2 done
    ins('h9', 0, [after], 4, '!'),                 // past the end of alice's text (3): a no-op
  ];
  const bad = encodeOperations(hostile);
  a.apply(hostile);
  a.insertText('!', a.textLength(t), t);
  const all = a.encodedOperations();
  // On top of everything ("zwQ😀!"), so merged straight in order (through the tracker when reversed):
  const last = a.graph.id(a.graph.count - 1);
  const straight = [
    del('h10', 0, [last], 1, 4, false),            // backspaces from 1: w and z go, h10@2 (at -1) reported
    del('h11', 0, [{ replica: 'h10', counter: 3 }], 2, 5, true), // on "Q😀!": '!' goes, h11@1 reported
  ];
  a.apply(straight);
  return { name: 'js-malformed-positions', description: 'remote text operations outside the text at their parent version, concurrent with local edits or on top of everything: no-ops reported in refused by their first operation outside (§5), the same in any delivery order',
    doc: a, since, inputs: [mine, bad, all, encodeOperations(straight)] };
}

/** Five replicas type at the same places (start, middle, end) without syncing, merged in several orders. */
function concurrentTyping() {
  const names = ['eve', 'Dan', 'carla', 'bob', 'ümit'];
  const docs = names.map((n) => new Document(`${n}-js`));
  const t = docs[0].makeObject('text', 't');
  docs[0].insertText('Ordine del giorno.', 0, t);
  for (let i = 1; i < docs.length; i++) sync(docs[i], docs[0]);
  const since = docs[0].version;
  const baseOps = docs[0].encodedOperations();
  docs.forEach((d, i) => {
    for (let round = 0; round < 3; round++) {
      d.insertText(`${names[i]}${round} `, 0, t);
      d.insertText(`[${i}]`, Math.floor(d.textLength(t) / 2), t);
      d.insertText(` ${round}${names[i]}`, d.textLength(t), t);
      if (round === 1) d.deleteText(d.textLength(t) - 3, 2, t);
      for (const ch of 'abc') d.insertText(ch, 5, t); // typed backwards at one place
    }
  });
  const batches = docs.map((d) => d.encodedOperations(since));
  const m = new Document('merger-js');
  sync(m, docs[0]);
  for (const b of batches) m.applyEncoded(b);
  return { name: 'js-concurrent-typing', description: 'five replicas type at the start, middle and end of one text without syncing; merged one replica at a time in two orders and run by run',
    doc: m, since, inputs: [baseOps, ...batches] };
}

/** Three replicas syncing in a rotating partial pattern: a braided history of many merges. */
function braid() {
  const rng = new Rng(99);
  const docs = ['x', 'y', 'z'].map((n) => new Document(`braid-${n}`));
  const t = docs[0].makeObject('text', 't');
  docs[0].insertText('0123456789', 0, t);
  for (let i = 1; i < 3; i++) sync(docs[i], docs[0]);
  const since = docs[0].version;
  for (let step = 0; step < 120; step++) {
    const d = docs[step % 3];
    const n = d.textLength(t);
    if (rng.int(3) === 0 && n > 2) d.deleteText(rng.int(n - 1), 1 + rng.int(2), t);
    else d.insertText(FUZZ_PIECES[rng.int(FUZZ_PIECES.length)], rng.int(n + 1), t);
    if (step % 4 === 3) sync(docs[(step + 1) % 3], d);
  }
  for (let i = 1; i < 3; i++) sync(docs[0], docs[i]);
  return { name: 'js-braid', description: 'three replicas edit one text and sync in a rotating partial pattern (a braided history)', doc: docs[0], since };
}

/** Two replicas edit apart for a long time (1,500 edits each), then merge. */
function twoBranch() {
  const rng = new Rng(4242);
  const a = new Document('left-js'), b = new Document('right-js');
  const t = a.makeObject('text', 't');
  a.insertText('Il bilancio partecipato del quartiere. '.repeat(5), 0, t);
  sync(b, a);
  const since = a.version;
  const baseOps = a.encodedOperations();
  for (const d of [a, b]) {
    for (let k = 0; k < 1500; k++) {
      const n = d.textLength(t);
      if (rng.int(4) === 0 && n > 10) d.deleteText(rng.int(n - 5), 1 + rng.int(4), t);
      else {
        // Mostly typing on from a cursor, sometimes jumping.
        const p = rng.int(8) === 0 ? rng.int(n + 1) : Math.min(n, (k * 7) % (n + 1));
        d.insertText(FUZZ_PIECES[rng.int(FUZZ_PIECES.length)], p, t);
      }
    }
  }
  const fromB = b.encodedOperations(since);
  const fromA = a.encodedOperations(since);
  sync(a, b); sync(b, a);
  return { name: 'js-two-branch', description: 'two replicas make 1,500 edits each apart, then merge (both directions)', doc: a, since,
    inputs: [baseOps, fromA, fromB] };
}

export function scenarios() {
  return [emoji(), samePosition(), deletes(), mapLWW(), listMoves(), refused(), concurrentTyping(), braid(), twoBranch(), random(1, 300), random(7, 600)];
}

function reversedNode(doc) {
  const d = new Document('reversed');
  for (const run of doc.operations().reverse()) d.apply([run]);
  return canonical(d.node());
}

const idText = (id) => `${id.replica}@${id.counter}`;

/** Batches given to a fresh replica in order, then to another in reverse: each apply result and the content. */
function inputRecord(inputs) {
  const play = (batches) => {
    const d = new Document('inputs');
    const results = batches.map((b) => {
      const r = d.applyEncoded(b);
      return [r.applied, r.duplicates, r.buffered, r.missing.map(idText), r.refused.map(idText)];
    });
    return { results, node: canonical(d.node()) };
  };
  const fwd = play(inputs), rev = play(inputs.slice().reverse());
  return { inputs: inputs.map(toHex), inputResults: fwd.results, inputNode: fwd.node, inputResultsReversed: rev.results, inputNodeReversed: rev.node };
}

/** The JSON record of a scenario, as the Swift test reads it. */
export function record(s) {
  return {
    name: s.name,
    description: s.description,
    replica: s.doc.replica,
    node: canonical(s.doc.node()),
    version: toHex(encodeVersion(s.doc.version)),
    operationCount: s.doc.operationCount,
    ops: toHex(s.doc.encodedOperations()),
    since: toHex(encodeVersion(s.since)),
    opsSince: toHex(s.doc.encodedOperations(s.since)),
    // The content a fresh replica reaches when given the runs one by one, newest first (it buffers
    // them all, then applies them in that order). Equal to `node` unless positions are malformed.
    nodeReversed: reversedNode(s.doc),
    ...(s.inputs ? inputRecord(s.inputs) : {}),
    ...(s.snapshot ? { snapshot: toHex(s.doc.encodeSnapshot()) } : {}),
  };
}

const FUZZ_PIECES = ['a', 'bc', 'é', 'e\u0301', '👩‍👩‍👧', 'ciao ', '🇮🇹', 'Z'];
const NAMES = ['a', 'b', 'ümit', 'Zed', 'zoe'];

/** The fuzzer's replicas after `steps` random edits over a lossy, reordering network (not yet synced). */
export function fuzzReplicas(seed, steps = 250) {
  const rng = new Rng(seed);
  const n = 3 + rng.int(3);
  const docs = NAMES.slice(0, n).map((x) => new Document(x));
  const t = docs[0].makeObject('text', 't');
  const t2 = docs[0].makeObject('text', 't2');
  const l = docs[0].makeObject('list', 'l');
  for (let i = 1; i < n; i++) sync(docs[i], docs[0]);
  const net = []; // {to, bytes}
  const sent = docs.map(() => new Version());
  for (let step = 0; step < steps; step++) {
    const i = rng.int(n);
    const d = docs[i];
    const obj = rng.int(3) ? t : t2;
    switch (rng.int(15)) {
      case 0: case 1: case 2: case 3: case 4:
        d.insertText(FUZZ_PIECES[rng.int(FUZZ_PIECES.length)], rng.int(d.textLength(obj) + 1), obj);
        break;
      case 5: case 6: {
        const len = d.textLength(obj);
        if (len) { const p = rng.int(len); d.deleteText(p, 1 + rng.int(Math.min(5, len - p)), obj); }
        break;
      }
      case 7: rng.int(4) ? d.set(`k${rng.int(3)}`, BigInt(step)) : d.removeValue(`k${rng.int(3)}`); break;
      case 8: d.insert(`e${step}`, rng.int(d.values(l).length + 1), l); break;
      case 9: {
        const len = d.values(l).length;
        if (len > 1) d.move(rng.int(len), rng.int(len), l);
        break;
      }
      case 10: { const len = d.values(l).length; if (len > 2) d.remove(rng.int(len), l); break; }
      case 11: {
        // Broadcast what is new since the last broadcast (possibly with older runs again).
        const since = rng.int(4) ? sent[i] : new Version();
        const bytes = d.encodedOperations(since);
        sent[i] = d.version;
        for (let j = 0; j < n; j++) if (j !== i && rng.int(10)) net.push({ to: j, bytes });
        break;
      }
      case 12: {
        // Reload from a snapshot (buffered runs are lost, as in a restarted tab; anti-entropy resends them).
        if (rng.int(4) === 0) docs[i] = Document.decodeSnapshot(d.encodeSnapshot());
        break;
      }
      default: {
        // Deliver a random message (reordering); sometimes keep a copy (duplicate).
        if (!net.length) break;
        const k = rng.int(net.length);
        const m = net[k];
        if (rng.int(5)) net.splice(k, 1);
        docs[m.to].applyEncoded(m.bytes);
      }
    }
  }
  return docs;
}

/** Every replica synced with every other (twice, through the wire format). */
export function antiEntropy(docs) {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < docs.length; i++) for (let j = 0; j < docs.length; j++) if (i !== j) sync(docs[i], docs[j]);
  }
}

/** Fuzz histories recorded for Swift (vectors/from-js/fuzz/seed-N.json). */
export const FUZZ_VECTOR_SEEDS = Array.from({ length: 16 }, (_, i) => 1000 + i);

export function fuzzScenario(seed) {
  const docs = fuzzReplicas(seed, 300);
  antiEntropy(docs);
  return { name: `fuzz-${seed}`, description: `JS convergence fuzzer seed ${seed}: ${docs.length} replicas, lossy reordering network`, doc: docs[0], since: new Version() };
}
