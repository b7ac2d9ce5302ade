// Each person's colour. Two people at one table must never look alike, and every client must
// show the same colour for the same person: colours come from a fixed palette of well-separated
// colours, all dark enough for text on white (WCAG 2.1 AA, ≥ 4.5:1, so white names on them pass
// too), and the slots are dealt from what every client knows alike, the table state. Each id
// prefers the slot its hash names; people are dealt in order of first arrival at a session (the
// attendance records, then ids), and whoever finds their slot taken gets the next free one, so
// a newcomer never changes the colour of someone already there.

/** Twelve colours, pairwise ΔE*76 ≥ 20 and ≥ 4.5:1 on white (checked in tests/colours.test.js). */
export const PALETTE = Object.freeze([
  '#c62828', '#1565c0', '#2e7d32', '#6a1b9a', '#ad1457', '#00695c',
  '#a04000', '#5d4037', '#283593', '#6b6b00', '#006f9e', '#37474f',
]);

function channel(c) {
  const v = c / 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance of `#rrggbb` (WCAG 2.1). */
export function luminance(hex) {
  const n = parseInt(hex.slice(1), 16);
  return 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio of two `#rrggbb` colours. */
export function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Contrast ratio of `#rrggbb` against white. */
export const contrastOnWhite = (hex) => contrast(hex, '#ffffff');

/** FNV-1a over the id's code points: the slot an id prefers. */
function hash(id) {
  let value = 0x811c9dc5;
  for (const ch of String(id ?? '')) value = Math.imul(value ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return value;
}

/**
 * Slots of the palette for `ids`, dealt in the order given: distinct while there are no more
 * people than colours (past that, colours repeat as evenly as probing allows).
 */
export function assignSlots(ids, size = PALETTE.length) {
  const slots = new Map();
  const taken = new Array(size).fill(0);
  for (const id of new Set(ids)) {
    const preferred = hash(id) % size;
    const fewest = Math.min(...taken);
    let slot = preferred;
    while (taken[slot] > fewest) slot = (slot + 1) % size;
    taken[slot] += 1;
    slots.set(id, slot);
  }
  return slots;
}

/**
 * Everyone the table state names, in an order every client computes alike: those who attended a
 * session by their first arrival (then id), then those only present now, by id.
 */
export function participantsOf(state) {
  const arrived = new Map();
  for (const session of state?.sessions ?? []) {
    for (const a of session.attendance ?? []) {
      const id = a.participant?.id;
      if (typeof id === 'string' && !(arrived.get(id) <= a.from)) arrived.set(id, Number(a.from) || 0);
    }
  }
  const byArrival = [...arrived].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
  const others = (state?.present ?? []).map((p) => p.id).filter((id) => typeof id === 'string' && !arrived.has(id)).sort();
  return [...byArrival, ...new Set(others)];
}

let dealt = new Map();
let dealtFor = '';
let generation = 0;

/** Grows each time the colours are dealt anew: views that cache what they drew compare it. */
export const colourGeneration = () => generation;

/** Deals the colours for the table's participants (called by the table screen on every state). */
export function useParticipants(ids) {
  const key = ids.join('\n');
  if (key === dealtFor) return false;
  dealtFor = key;
  dealt = assignSlots(ids);
  generation += 1;
  return true;
}

/** The colour of a participant (or, for someone the state does not name, of their id's hash). */
export function colourOf(id) {
  return PALETTE[dealt.get(id) ?? hash(id) % PALETTE.length];
}
