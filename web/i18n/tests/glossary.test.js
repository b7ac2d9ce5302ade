// The glossary (web/i18n/README.md) kept: the Italian catalogue uses one term per concept and
// none of the variants the glossary bans, and both catalogues have the same keys, of the same kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import it from '../it.js';
import en from '../en.js';

/** Every string of a catalogue, functions called with sample arguments, as [key path, text]. */
function strings(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') return [[path, value]];
    if (typeof value === 'function') {
      const samples = [['Carla Verdi', 'Coop. Aurora', 'ente del Terzo settore', 'x'], [1, 2, 3], [3, 5, 7], [0, 0, 0]];
      return samples.flatMap((args) => {
        try {
          const out = value(...args.slice(0, Math.max(value.length, 1)));
          return typeof out === 'string' ? [[path, out]] : [];
        } catch { return []; }
      });
    }
    if (Array.isArray(value)) return value.flatMap((item, i) => strings({ [i]: item }, `${path}.`));
    if (value && typeof value === 'object') return strings(value, `${path}.`);
    return [];
  });
}

/** Banned in Italian, with the term to use instead (README.md, "One term per concept"). */
const BANNED = [
  [/co-progettazione/i, 'coprogettazione'],
  [/\bdal vivo\b/i, 'in tempo reale'],
  [/ecc\.\./, 'ecc.'],
  [/\bHa la parola\b[^.]*\(tu\)/, 'Hai la parola'],
  [/Riprendi la parola/, 'Termina l’intervento'],
  [/Persone e conduzione/, 'Seduta'],
  [/Storia della seduta/, 'Storico del tavolo'],
  [/Polarità anonime/, 'Voto anonimo'],
  [/Nessuna voce\./, 'say what is missing'],
  [/\bin programma\b/i, 'programmata'],
  [/Dai la parola a un presente/, 'Dai la parola a chi non è in coda'],
  [/com'era nel momento mostrato|com’era nel momento mostrato/, 'in quel momento'],
  // A masculine noun alone for a role: use the function or a relative clause (chi facilita, chi presenta).
  [/(?<!\/\s*)\b(facilitator[ei]|facilitatric[ei])\b(?!\s*\/)/i, 'facilitazione, chi facilita il tavolo'],
  [/(?<!\/\s*)\b(relator[ei]|relatric[ei])\b(?!\s*\/)/i, 'chi presenta'],
  [/(?<!\/\s*)\b(autor[ei]|autric[ei])\b(?!\s*\/)/i, 'chi ha scritto'],
  [/\butent[ei]\b/i, 'persona, partecipante'],
  [/\bBenvenut[oi]\b(?! e benvenut)/, 'Ti diamo il benvenuto'],
  // Developer words and English left in Italian text.
  [/\btoken\b/i, 'invito, link di invito'],
  [/\betc\./i, 'ecc.'],
];

test('the Italian catalogue uses none of the variants the glossary bans', () => {
  const found = [];
  for (const [path, text] of strings(it)) {
    for (const [pattern, instead] of BANNED) if (pattern.test(text)) found.push(`${path}: «${text}» (use: ${instead})`);
  }
  assert.deepEqual(found, []);
});

test('the pages’ own Italian (titles, labels before the script runs) follows the glossary too', () => {
  const web = new URL('../../', import.meta.url);
  const pages = ['index.html', 'history.html', 'admin/index.html', 'procedura/index.html'];
  const found = [];
  for (const page of pages) {
    const html = readFileSync(new URL(page, web), 'utf8').replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '');
    const texts = [...html.matchAll(/>([^<]+)</g)].map((m) => m[1].trim()).filter(Boolean);
    for (const text of texts) for (const [pattern, instead] of BANNED) if (pattern.test(text)) found.push(`${page}: «${text}» (use: ${instead})`);
  }
  assert.deepEqual(found, []);
  assert.ok(readdirSync(web).includes('index.html'));
});

test('no page, script or style of the client spells the procedure otherwise (comments and the polarità included)', () => {
  const web = new URL('../../', import.meta.url);
  const files = readdirSync(web, { recursive: true })
    .filter((path) => /\.(js|html|css)$/.test(path) && !/(^|\/)(tests|node_modules)\//.test(path));
  const found = [];
  for (const path of files) {
    const text = readFileSync(new URL(path, web), 'utf8');
    for (const pattern of [/co-progettazione/i, /\bdal vivo\b/i, /ecc\.\./]) if (pattern.test(text)) found.push(`${path}: ${pattern}`);
  }
  assert.ok(files.includes('index.html') && files.some((path) => path.endsWith('cockpit-polarities.js')), 'the client read');
  assert.deepEqual(found, []);
});

test('the banned patterns do catch what they are meant to', () => {
  const catches = (text) => BANNED.some(([pattern]) => pattern.test(text));
  for (const bad of ['Tavoli di co-progettazione', 'Seduta dal vivo', 'servizi, ecc..', 'Ha la parola: Carla (tu)', 'Riprendi la parola',
    'un facilitatore ti ha messo in sola lettura', 'Relatore', 'Nessuna seduta in programma.', 'Polarità anonime', 'Nessuna voce.']) {
    assert.ok(catches(bad), bad);
  }
  for (const good of ['Tavoli di coprogettazione in tempo reale.', 'Hai la parola', 'Ha la parola: Carla.', 'chi facilita il tavolo',
    'Facilitazione', 'relatore/relatrice', 'servizi, ecc.', 'Nessuna seduta programmata.', 'Voto anonimo', 'Termina l’intervento']) {
    assert.ok(!catches(good), good);
  }
});

/** Every key path of a catalogue with the kind of its value, nested ones as "a.b". */
function shape(object, prefix = '') {
  return Object.entries(object).flatMap(([key, value]) => (value && typeof value === 'object' && !Array.isArray(value)
    ? shape(value, `${prefix}${key}.`)
    : [`${prefix}${key}:${Array.isArray(value) ? `array(${value.length})` : typeof value}`])).sort();
}

test('it.js and en.js have the same keys, of the same kinds', () => {
  const italian = shape(it);
  const english = shape(en);
  assert.deepEqual(english.filter((k) => !italian.includes(k)), [], 'in en.js only');
  assert.deepEqual(italian.filter((k) => !english.includes(k)), [], 'in it.js only');
});

test('English is not left in the Italian catalogue: every Italian sentence differs from the English one', () => {
  const english = new Map(strings(en));
  const same = strings(it).filter(([path, text]) => english.get(path) === text && /\s/.test(text) && !/^[\W\d]*$/.test(text));
  // A few strings are the same in both languages on purpose (names, formats, placeholders).
  const allowed = /^(title|admin\.brand|admin\.tableButton|history\.eventAt|history\.sessionOption|history\.momentShown|facilitation\.cockpit\.polarityOption|facilitation\.votersOf|facilitation\.cockpit\.itemOf)$/;
  assert.deepEqual(same.filter(([path]) => !allowed.test(path)).map(([path, text]) => `${path}: ${text}`), []);
});
