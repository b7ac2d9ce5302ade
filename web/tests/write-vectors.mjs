#!/usr/bin/env node
// Writes web/tests/vectors/from-js/*.json (JS -> Swift vectors). Run from anywhere:
//   node web/tests/write-vectors.mjs
// js-vectors.test.js checks the committed files still match; CrossImplementationVectorTests.swift
// checks that Swift decodes and applies them to the same content.
import { mkdirSync, writeFileSync } from 'node:fs';
import { scenarios, record } from './scenarios.js';

const dir = new URL('./vectors/from-js/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const s of scenarios()) {
  writeFileSync(new URL(`${s.name}.json`, dir), JSON.stringify(record(s), null, 2) + '\n');
  console.log(`wrote ${s.name}.json`);
}
