import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canShare, copyText, shareLink } from '../clipboard.js';

function fakeField() {
  return { focused: false, selected: false, focus() { this.focused = true; }, select() { this.selected = true; }, setSelectionRange() {} };
}

test('copies with the Clipboard API when allowed', async () => {
  let written = null;
  const outcome = await copyText('http://x/#invito=t', { clipboard: { writeText: async (text) => { written = text; } }, field: fakeField(), document: {} });
  assert.equal(outcome, 'copied');
  assert.equal(written, 'http://x/#invito=t');
});

test('falls back to execCommand on a selected field, then to leaving it selected', async () => {
  const denied = { writeText: async () => { throw new DOMException('denied', 'NotAllowedError'); } };
  const field = fakeField();
  assert.equal(await copyText('l', { clipboard: denied, field, document: { execCommand: (c) => c === 'copy' } }), 'copied');
  assert.ok(field.selected && field.focused);
  assert.equal(await copyText('l', { clipboard: undefined, field: fakeField(), document: { execCommand: () => false } }), 'selected');
  assert.equal(await copyText('l', { clipboard: undefined, field: fakeField(), document: { execCommand: () => { throw new Error('no'); } } }), 'selected');
  assert.equal(await copyText('l', { clipboard: undefined, field: null, document: {} }), 'selected');
});

test('share: offered only where the share sheet exists; a closed sheet is no failure', async () => {
  assert.equal(canShare({}), false);
  assert.equal(canShare({ share: async () => {} }), true);
  assert.equal(canShare({ share: async () => {}, canShare: () => false }), false);
  assert.equal(await shareLink({ url: 'u' }, { share: async () => {} }), 'shared');
  assert.equal(await shareLink({ url: 'u' }, { share: async () => { throw new DOMException('closed', 'AbortError'); } }), 'cancelled');
  assert.equal(await shareLink({ url: 'u' }, { share: async () => { throw new Error('x'); } }), 'failed');
});
