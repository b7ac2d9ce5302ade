#!/usr/bin/env node
// Writes web/tests/vectors/from-js/*.json and from-js/fuzz/*.json (JS -> Swift vectors):
//   node web/tests/write-vectors.mjs
// js-vectors.test.js checks the committed files still match; CrossImplementationVectorTests.swift
// checks that Swift decodes and applies them to the same content.
import { mkdirSync, writeFileSync } from 'node:fs';
import { scenarios, record, fuzzScenario, FUZZ_VECTOR_SEEDS } from './scenarios.js';

const dir = new URL('./vectors/from-js/', import.meta.url);
const fuzzDir = new URL('./fuzz/', dir);
mkdirSync(fuzzDir, { recursive: true });
for (const s of scenarios()) {
  writeFileSync(new URL(`${s.name}.json`, dir), JSON.stringify(record(s), null, 2) + '\n');
  console.log(`wrote ${s.name}.json`);
}
for (const seed of FUZZ_VECTOR_SEEDS) {
  const s = fuzzScenario(seed);
  writeFileSync(new URL(`${s.name}.json`, fuzzDir), JSON.stringify(record(s), null, 2) + '\n');
}
console.log(`wrote ${FUZZ_VECTOR_SEEDS.length} fuzz histories`);
