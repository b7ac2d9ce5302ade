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
