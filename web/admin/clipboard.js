// Copying a link: the Clipboard API where the page may use it (a secure context: https or
// localhost), else the old way (select the text of a field, execCommand('copy')), else the
// field is left selected so the person copies it by hand. Tested in tests/clipboard.test.js.

/**
 * Copies `text`. `field` is an <input> showing it (for the fallbacks).
 * Resolves to 'copied' or 'selected' (copying was not possible: the text is selected for a manual copy).
 */
export async function copyText(text, { clipboard = globalThis.navigator?.clipboard, field = null, document = globalThis.document } = {}) {
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text);
      return 'copied';
    } catch {
      // Denied or not allowed here: try the old way.
    }
  }
  if (field) {
    field.focus();
    field.select();
    field.setSelectionRange?.(0, text.length);
    try {
      if (document?.execCommand?.('copy')) return 'copied';
    } catch {
      // Unsupported: the selection is the last resort.
    }
  }
  return 'selected';
}

/** Whether the system share sheet is there and takes this link (phones, some desktops). */
export function canShare(navigator = globalThis.navigator, data = { url: 'https://example.org/' }) {
  if (typeof navigator?.share !== 'function') return false;
  if (typeof navigator.canShare === 'function') {
    try { return navigator.canShare(data); } catch { return false; }
  }
  return true;
}

/** Opens the share sheet; resolves to 'shared', 'cancelled' (the person closed it) or 'failed'. */
export async function shareLink({ title, text, url }, navigator = globalThis.navigator) {
  try {
    await navigator.share({ title, text, url });
    return 'shared';
  } catch (error) {
    return error?.name === 'AbortError' ? 'cancelled' : 'failed';
  }
}
