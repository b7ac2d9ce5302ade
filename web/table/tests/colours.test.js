import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PALETTE, assignSlots, colourOf, contrast, contrastOnWhite, participantsOf, useParticipants } from '../colours.js';

// CIE L*a*b* from sRGB (D65), for the distance between two colours as people see it.
function lab(hex) {
  const n = parseInt(hex.slice(1), 16);
  const linear = (c) => { const v = c / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const [r, g, b] = [n >> 16, (n >> 8) & 255, n & 255].map(linear);
  const f = (t) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}
const distance = (a, b) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

// A small seeded generator, so a failure names ids that reproduce it.
function random(seed) {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}
const invitationID = (next) => `invitation:${Math.floor(next() * 2 ** 32).toString(16)}-${Math.floor(next() * 2 ** 32).toString(16)}`;

test('the palette: AA on white (and white names on it), well apart from each other', () => {
  assert.ok(Math.abs(contrastOnWhite('#767676') - 4.54) < 0.01, 'the WCAG formula');
  for (const colour of PALETTE) {
    assert.match(colour, /^#[0-9a-f]{6}$/);
    assert.ok(contrastOnWhite(colour) >= 4.5, `${colour}: ${contrastOnWhite(colour).toFixed(2)}`);
    assert.ok(contrast(colour, '#f7f7f4') >= 4.5, `${colour} on the page background`);
  }
  for (let i = 0; i < PALETTE.length; i++) {
    for (let j = i + 1; j < PALETTE.length; j++) {
      assert.ok(distance(PALETTE[i], PALETTE[j]) >= 20, `${PALETTE[i]} and ${PALETTE[j]} look alike`);
    }
  }
});

test('people at one table get different colours, for every table size up to the palette', () => {
  const next = random(6);
  for (let trial = 0; trial < 500; trial++) {
    const size = 2 + (trial % (PALETTE.length - 1));
    const ids = Array.from({ length: size }, () => invitationID(next));
    const slots = assignSlots(ids);
    assert.equal(new Set(slots.values()).size, size, `same colour twice among ${ids.join(', ')}`);
  }
});

const person = (id) => ({ id, name: id, organisation: 'Ente', role: 'ets' });
const attended = (ids, from = 1000) => ids.map((id, i) => ({ participant: person(id), from: from + i * 60000 }));

test('every client deals the same colours, whatever order the state lists the people present in', () => {
  const next = random(42);
  for (let trial = 0; trial < 100; trial++) {
    const ids = Array.from({ length: 8 }, () => invitationID(next));
    const state = { sessions: [{ attendance: attended(ids.slice(0, 5)) }], present: ids.map(person) };
    const shuffled = { ...state, present: [...state.present].sort(() => next() - 0.5) };
    assert.deepEqual(participantsOf(shuffled), participantsOf(state));
    assert.deepEqual([...assignSlots(participantsOf(shuffled))], [...assignSlots(participantsOf(state))]);
  }
});

test('a newcomer never changes the colour of those who arrived before', () => {
  const next = random(9);
  for (let trial = 0; trial < 300; trial++) {
    const ids = Array.from({ length: 2 + (trial % 9) }, () => invitationID(next));
    const newcomer = invitationID(next);
    const before = { sessions: [{ attendance: attended(ids) }], present: ids.map(person) };
    const present = { ...before, present: [...before.present, person(newcomer)] };
    const arrived = { sessions: [{ attendance: attended([...ids, newcomer]) }], present: present.present };
    const slots = assignSlots(participantsOf(before));
    for (const after of [present, arrived]) {
      const dealt = assignSlots(participantsOf(after));
      for (const id of ids) assert.equal(dealt.get(id), slots.get(id), `${id} changed colour when ${newcomer} came`);
      assert.equal(new Set(dealt.values()).size, ids.length + 1);
    }
  }
});

test('two ids whose hashes pick the same colour get different ones', () => {
  // Find two ids that prefer the same slot (what made two people both green before).
  const bySlot = new Map();
  let pair = null;
  for (let i = 0; !pair; i++) {
    const id = `invitation:${i}`;
    const preferred = assignSlots([id]).get(id);
    if (bySlot.has(preferred)) pair = [bySlot.get(preferred), id];
    else bySlot.set(preferred, id);
  }
  const slots = assignSlots(pair);
  assert.notEqual(slots.get(pair[0]), slots.get(pair[1]));
  useParticipants(pair);
  assert.notEqual(colourOf(pair[0]), colourOf(pair[1]));
});

test('more people than colours: colours repeat evenly', () => {
  const next = random(7);
  const ids = Array.from({ length: 30 }, () => invitationID(next));
  const counts = new Array(PALETTE.length).fill(0);
  for (const slot of assignSlots(ids).values()) counts[slot] += 1;
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, counts.join(' '));
});

test('the participants are read from the table state: by first arrival, then present by id, once each', () => {
  const state = {
    present: [{ id: 'invitation:d' }, { id: 'invitation:b' }, { id: 'invitation:a' }],
    sessions: [
      { attendance: [{ participant: { id: 'invitation:c' }, from: 2000 }, { participant: { id: 'invitation:a' }, from: 3000 }] },
      { attendance: [{ participant: { id: 'invitation:a' }, from: 1000 }, { participant: { id: 'invitation:c' }, from: 5000 }] },
    ],
  };
  assert.deepEqual(participantsOf(state), ['invitation:a', 'invitation:c', 'invitation:b', 'invitation:d']);
  assert.deepEqual(participantsOf(null), []);
  assert.equal(useParticipants(participantsOf(state)), true);
  assert.equal(useParticipants(participantsOf({ ...state, present: [...state.present].reverse() })), false, 'same people, nothing to redo');
  assert.equal(new Set(['invitation:a', 'invitation:b', 'invitation:c', 'invitation:d'].map(colourOf)).size, 4);
  // Someone the state does not name (a replica id before presence arrives) gets their id's own
  // colour, whoever else is dealt one.
  const unnamed = colourOf('replica-x');
  assert.ok(PALETTE.includes(unnamed));
  useParticipants(['invitation:z', 'invitation:y']);
  assert.equal(colourOf('replica-x'), unnamed);
});

// Every text colour the stylesheets declare, on every surface text sits on: ≥ 4.5:1 (WCAG 1.4.3).
const SURFACES = ['#ffffff', '#f7f7f4', '#eaf2fb', '#fbfaf4', '#f2f3f4', '#fff4ce', '#eef1f4'];

function rules(css) {
  return [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => ({
    selector: selector.trim(),
    declarations: Object.fromEntries(body.split(';').map((d) => d.split(':').map((p) => p.trim())).filter((d) => d.length >= 2 && d[0]).map(([k, ...v]) => [k, v.join(':')])),
  }));
}
const expand = (hex) => (hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex).toLowerCase();

test('the stylesheets: text colours reach 4.5:1 on every background they are used on', () => {
  for (const file of ['../../style.css', '../../facilitation/facilitation.css']) {
    const css = readFileSync(new URL(file, import.meta.url), 'utf8');
    let checked = 0;
    for (const { selector, declarations } of rules(css)) {
      const colour = declarations.color?.match(/^#[0-9a-f]{3,6}$/i)?.[0];
      if (!colour) continue;
      const background = (declarations.background ?? declarations['background-color'])?.match(/^#[0-9a-f]{3,6}$/i)?.[0];
      // A rule that sets its own background is read on it; white text without one is a name on a
      // person's colour (set by the script); the others are read on any surface of the page.
      const white = expand(colour) === '#ffffff';
      for (const surface of background ? [background] : white ? PALETTE : SURFACES) {
        const ratio = contrast(expand(colour), expand(surface));
        assert.ok(ratio >= 4.5, `${file} ${selector}: ${colour} on ${surface} is ${ratio.toFixed(2)}:1`);
        checked += 1;
      }
    }
    assert.ok(checked > 10, `${file}: only ${checked} pairs found`);
  }
});
