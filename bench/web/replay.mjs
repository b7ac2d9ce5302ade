// Replays a sequential editing trace through the JavaScript replica (web/crdt) in Node, as a
// browser tab would apply it, and prints one JSON line: the first (cold) replay in this fresh
// process, the median of the next runs (warm JIT), the final length, and the encode/load times.
// Usage: node bench/web/replay.mjs <trace.json.gz> [runs]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { Document } from '../../web/crdt/document.js';

const [path, runsArgument] = process.argv.slice(2);
if (!path) { console.error('usage: node bench/web/replay.mjs <trace.json.gz> [runs]'); process.exit(2); }
const runs = Number(runsArgument ?? 5);
const trace = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8'));
const patches = trace.txns.reduce((count, txn) => count + txn.patches.length, 0);

function replay() {
  const document = new Document('author');
  const text = document.makeObject('text', 'text');
  const started = performance.now();
  for (const txn of trace.txns) for (const [position, deleted, inserted] of txn.patches) document.spliceText(position, deleted, inserted, text);
  const elapsed = performance.now() - started;
  if (document.text(text) !== trace.endContent) throw new Error('replay diverged from the trace');
  return { document, elapsed };
}

const cold = replay();
const warm = [];
for (let i = 0; i < runs; i++) warm.push(replay().elapsed);
warm.sort((a, b) => a - b);

let started = performance.now();
const encoded = cold.document.encodedOperations();
const encodeMs = performance.now() - started;
started = performance.now();
const fresh = new Document('fresh');
fresh.applyEncoded(encoded);
const mergeMs = performance.now() - started;

const name = path.split('/').pop().replace('.json.gz', '');
console.log(JSON.stringify({
  trace: name, patches, final_length: trace.endContent.length,
  cold_replay_ms: +cold.elapsed.toFixed(1), warm_replay_ms: +warm[Math.floor(warm.length / 2)].toFixed(1),
  best_replay_ms: +warm[0].toFixed(1),  // compared with the peers, which report their best run
  encode_ms: +encodeMs.toFixed(1), encoded_bytes: encoded.length, fresh_merge_ms: +mergeMs.toFixed(1),
}));
