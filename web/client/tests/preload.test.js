// index.html names every module app.js imports, so that a browser on a slow link fetches them all
// at once instead of discovering them one import level (one round trip) at a time. The list must
// be exactly app.js's static imports: the facilitation panel and English are imported later on
// purpose (the panel after the table works, English only when chosen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every module `entry` imports statically, itself included, as paths from web/ ("/app.js"). */
function staticImports(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const [, specifier] of source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gms)) staticImports(resolve(dirname(entry), specifier), seen);
  return seen;
}

test("index.html preloads exactly app.js's static imports", () => {
  const html = readFileSync(join(web, 'index.html'), 'utf8');
  const preloaded = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  const wanted = [...staticImports(join(web, 'app.js'))].map((path) => `/${relative(web, path)}`).filter((path) => path !== '/app.js');
  assert.deepEqual([...preloaded].sort(), wanted.sort());
  assert.equal(new Set(preloaded).size, preloaded.length);
});
