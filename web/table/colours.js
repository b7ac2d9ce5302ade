// Each person's colour: derived from their id alone, so everyone sees the same colour for the
// same person, and always dark enough for text on white (WCAG 2.1 AA, contrast ≥ 4.5:1).

function channel(c) {
  const v = c / 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

/** Contrast ratio of `#rrggbb` against white. */
export function contrastOnWhite(hex) {
  const n = parseInt(hex.slice(1), 16);
  const l = 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  return 1.05 / (l + 0.05);
}

function hslToHex(h, s, l) {
  const a = s * Math.min(l, 1 - l);
  const f = (n) => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** A stable colour for a principal or replica id (FNV-1a hash → hue), AA on white. */
export function colourOf(id) {
  let hash = 0x811c9dc5;
  for (const ch of String(id ?? '')) hash = Math.imul(hash ^ ch.codePointAt(0), 0x01000193) >>> 0;
  const hue = hash % 360;
  let lightness = 0.42;
  let colour = hslToHex(hue, 0.75, lightness);
  while (contrastOnWhite(colour) < 4.6) colour = hslToHex(hue, 0.75, (lightness -= 0.02));
  return colour;
}
