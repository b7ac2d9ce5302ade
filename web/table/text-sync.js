// Keeping a textarea and a CRDT text equal without ever rebuilding the whole value: local input
// becomes one splice found by comparing the old and new values around the caret; remote
// patches are replayed on the textarea, and every selection is moved as the text moves.

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The single splice turning `before` into `after` (UTF-16 indices of `before`), choosing the one
 * that ends at `caret` (the selection end after the input) when the change is ambiguous, as
 * typing "a" into "aa" is. Never splits a surrogate pair.
 */
export function localSplice(before, after, caret = after.length) {
  const shortest = Math.min(before.length, after.length);
  let suffix = 0;
  const maxSuffix = Math.min(shortest, after.length - Math.min(caret, after.length));
  while (suffix < maxSuffix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  let prefix = 0;
  const maxPrefix = shortest - suffix;
  while (prefix < maxPrefix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) suffix--;
  return { start: prefix, deleted: before.length - suffix - prefix, inserted: after.slice(prefix, after.length - suffix) };
}

/**
 * Where index `i` goes when `deleted` units at `position` are replaced by `inserted` units.
 * An index at the insertion point stays before the new text (someone else typing at my caret
 * does not push it); one inside a deleted range goes to its start.
 */
export function mapIndex(i, position, deleted, inserted) {
  if (i <= position) return i;
  if (i >= position + deleted) return i + inserted - deleted;
  return position;
}

/** A selection {start, end} moved through one patch ({position16, deleted16, inserted}). */
export function mapSelection(selection, patch) {
  const n = patch.inserted.length;
  return {
    start: mapIndex(selection.start, patch.position16, patch.deleted16, n),
    end: mapIndex(selection.end, patch.position16, patch.deleted16, n),
  };
}

/** Replays `patches` of text object `object` on a string (the reference for the textarea). */
export function applyPatches(value, patches, sameObject) {
  for (const p of patches) {
    if (sameObject(p.object)) value = value.slice(0, p.position16) + p.inserted + value.slice(p.position16 + p.deleted16);
  }
  return value;
}

// Others' patches wait for the next frame before reaching the textarea (each change of a
// textarea's value lays all its text out again), so my typing may land on a text that has not
// received them yet. Both sides are then lists of pure edits — an insertion {position16,
// deleted16: 0, inserted} or a deletion {position16, deleted16, inserted: ''} — transformed past
// each other: my edits go to the replica as they apply after the waiting patches, and the
// waiting patches as they apply after my edits, so that both orders give the same text.

/** A splice as pure edits: its deletion, then its insertion. */
export function pureEdits({ position16, deleted16, inserted }) {
  const edits = [];
  if (deleted16 > 0) edits.push({ position16, deleted16, inserted: '' });
  if (inserted) edits.push({ position16, deleted16: 0, inserted });
  return edits;
}

/** Pure edit `a` as it applies after pure edit `b` of the same text (a list: a deletion around
 *  an insertion is split in two). At one insertion point `b`'s text goes first unless `aFirst`. */
function pastOne(a, b, aFirst) {
  const p = a.position16, q = b.position16;
  if (b.inserted) {
    const n = b.inserted.length;
    if (a.inserted) return [p < q || (p === q && aFirst) ? a : { ...a, position16: p + n }];
    if (q <= p) return [{ ...a, position16: p + n }];
    if (q >= p + a.deleted16) return [a];
    // b inserted inside the range a deletes: keep b's text, delete what surrounds it.
    return [{ position16: q + n, deleted16: p + a.deleted16 - q, inserted: '' }, { position16: p, deleted16: q - p, inserted: '' }];
  }
  const m = b.deleted16;
  if (a.inserted) return [{ ...a, position16: p <= q ? p : p >= q + m ? p - m : q }];
  const k = a.deleted16;
  if (p + k <= q) return [a];
  if (p >= q + m) return [{ ...a, position16: p - m }];
  const left = Math.max(0, q - p), right = Math.max(0, p + k - (q + m));   // what b left of a's range
  return left + right > 0 ? [{ position16: Math.min(p, q), deleted16: left + right, inserted: '' }] : [];
}

/** Sequences `a` and `b` of pure edits of the same text → [a after b, b after a]. */
export function transformEdits(a, b, aFirst) {
  if (!a.length || !b.length) return [a, b];
  if (a.length === 1 && b.length === 1) return [pastOne(a[0], b[0], aFirst), pastOne(b[0], a[0], !aFirst)];
  if (a.length > 1) {
    const [first, bAfterFirst] = transformEdits([a[0]], b, aFirst);
    const [rest, bAfter] = transformEdits(a.slice(1), bAfterFirst, aFirst);
    return [[...first, ...rest], bAfter];
  }
  const [aAfterFirst, firstAfter] = transformEdits(a, [b[0]], aFirst);
  const [aAfter, restAfter] = transformEdits(aAfterFirst, b.slice(1), aFirst);
  return [aAfter, [...firstAfter, ...restAfter]];
}
