// The shared-text editor: a textarea kept equal to a CRDT text. Local typing edits the local
// replica at once (one splice per input, never waiting for the network); remote edits arrive as
// the CRDT's patches and are replayed with setRangeText, keeping my selection in place. Others'
// cursors and selections are drawn in their colours from their presence, measured on a hidden
// mirror of the text. A toolbar edits the Markdown source; a preview renders it lazily.

import { ObjectRef, scalarToUTF16Index, utf16ToScalarIndex } from '../crdt/document.js';
import { h } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { formatSplice } from './format.js';
import { localSplice, mapSelection } from './text-sync.js';
import { principalOf } from './people.js';
import { mountComments } from './comments.js';

const PROPOSAL_SECTIONS = ['goals', 'activities', 'resources', 'cofinancing', 'partners'];
const idText = (id) => `${id.replica}@${id.counter}`;
const sameID = (a, b) => a && b && a.replica === b.replica && a.counter === b.counter;

/** The texts one can open: [{path, area, label, group}] for the shown session and every proposal. */
function textChoices(doc, session, t) {
  const choices = [{ path: 'project', area: 'project', label: t.project }];
  if (session) choices.push({ path: `minutes:${session.id}#text`, area: `minutes:${session.id}`, label: t.minutesOf(session.title) });
  for (const key of doc.keys()) {
    if (!key.startsWith('proposal:')) continue;
    const organisation = key.slice('proposal:'.length);
    for (const section of PROPOSAL_SECTIONS) {
      choices.push({ path: `${key}#${section}`, area: key, group: t.proposalOf(organisation), label: `${t.proposalSections[section]} – ${organisation}` });
    }
  }
  return choices;
}

/** The text object a path names, or null while it does not exist yet. */
function resolve(doc, path) {
  const [key, field] = path.split('#');
  let value = doc.value(key);
  if (field && value instanceof ObjectRef && value.kind === 'map') value = doc.value(field, value.id);
  return value instanceof ObjectRef && value.kind === 'text' ? value.id : null;
}

export function mountEditor(panel, view) {
  const $ = (selector) => panel.querySelector(selector);
  const picker = $('#text-picker');
  const textarea = $('#editor');
  const mirror = $('#editor-mirror');
  const cursors = $('#editor-cursors');
  const readOnlyNote = $('#editor-readonly');
  const toolbar = $('#editor-toolbar');
  const preview = $('#preview');
  const previewDetails = $('#preview-details');
  const mirrorText = document.createTextNode('');
  mirror.replaceChildren(mirrorText, document.createTextNode('\u200b'));

  let path = 'project';
  let area = 'project';
  let object = null;
  let shadow = '';            // what the textarea holds, kept without reading its value per keystroke
  let choicesShown = '';
  let previewTimer = null;
  let presenceTimer = null;
  let drawQueued = false;

  const client = view.client;
  const comments = mountComments($('#comments-section'), view, {
    object: () => object, area: () => area, text: () => shadow,
    selection: () => ({ start: textarea.selectionStart, end: textarea.selectionEnd }),
    select(start, end) { textarea.focus(); textarea.setSelectionRange(start, end); },
  });

  function load() {
    const doc = client.document;
    object = resolve(doc, path);
    shadow = object ? doc.text(object) : '';
    textarea.value = shadow;
    mirrorText.data = shadow;
    textarea.disabled = !object;
    refreshPermission();
    schedulePreview(0);
    queueDraw();
  }

  function refreshPermission() {
    const t = view.t();
    const mayEdit = Boolean(object) && view.canEdit(area);
    textarea.readOnly = !mayEdit;
    readOnlyNote.hidden = mayEdit;
    readOnlyNote.textContent = object ? t.readOnly : t.noText;
    toolbar.hidden = !mayEdit;
  }

  // Local input: one splice into the replica, at once.
  function localInput() {
    const value = textarea.value;
    const { start, deleted, inserted } = localSplice(shadow, value, textarea.selectionEnd);
    if (deleted === 0 && !inserted) return;
    try {
      const from = utf16ToScalarIndex(shadow, start);
      const to = utf16ToScalarIndex(shadow, start + deleted);
      client.edit((doc) => doc.spliceText(from, to - from, inserted, object));
      shadow = value;
      mirrorText.replaceData(start, deleted, inserted);
    } catch {
      // The replica was replaced (a resync) or the text is gone: show what the replica holds.
      load();
      return;
    }
    schedulePreview();
    sendPresence();
    queueDraw();
    comments.changed();
  }
  textarea.addEventListener('input', localInput);

  // Remote edits: replay the CRDT's patches on the textarea, moving my selection with the text.
  client.on('change', ({ patches, reset }) => {
    const current = resolve(client.document, path);
    if (reset || !sameID(current, object)) { load(); return; }
    if (!object) return;
    let selection = { start: textarea.selectionStart, end: textarea.selectionEnd };
    const direction = textarea.selectionDirection;
    let touched = false;
    for (const patch of patches) {
      if (!sameID(patch.object, object)) continue;
      textarea.setRangeText(patch.inserted, patch.position16, patch.position16 + patch.deleted16, 'preserve');
      mirrorText.replaceData(patch.position16, patch.deleted16, patch.inserted);
      selection = mapSelection(selection, patch);
      touched = true;
    }
    if (!touched) return;
    textarea.setSelectionRange(selection.start, selection.end, direction);
    shadow = textarea.value;
    schedulePreview();
    queueDraw();
    comments.changed();
  });

  // Presence: where my selection is, in Unicode scalars, at most every 100 ms.
  function sendPresence() {
    if (presenceTimer) return;
    presenceTimer = setTimeout(() => {
      presenceTimer = null;
      if (!object || client.status !== 'online') return;
      const backward = textarea.selectionDirection === 'backward';
      const anchor = backward ? textarea.selectionEnd : textarea.selectionStart;
      const head = backward ? textarea.selectionStart : textarea.selectionEnd;
      client.setPresence({ principal: view.me.principal, text: idText(object),
        anchor: utf16ToScalarIndex(shadow, anchor), head: utf16ToScalarIndex(shadow, head) });
    }, 100);
  }
  for (const type of ['select', 'keyup', 'mouseup', 'focus']) textarea.addEventListener(type, () => { sendPresence(); comments.selectionChanged(); });
  textarea.addEventListener('scroll', queueDraw);
  window.addEventListener('resize', queueDraw);

  // Others' cursors, measured on the mirror (a hidden copy of the text with the same layout).
  function queueDraw() {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => { drawQueued = false; drawCursors(); });
  }

  function drawCursors() {
    const key = object ? idText(object) : null;
    const others = [...client.members.values()].filter((m) => m.state && m.state.text === key && Number.isInteger(m.state.head));
    cursors.replaceChildren();
    mirror.hidden = others.length === 0;   // no layout of a copy of the text when nobody else is here
    if (!others.length) return;
    mirror.scrollTop = textarea.scrollTop;
    const box = mirror.getBoundingClientRect();
    const range = document.createRange();
    const at = (p) => Math.min(scalarToUTF16Index(shadow, p), shadow.length);
    for (const member of others) {
      const colour = view.colourOf(principalOf(member, client.state) ?? member.replica);
      const anchor = at(member.state.anchor ?? member.state.head), head = at(member.state.head);
      range.setStart(mirrorText, Math.min(anchor, head));
      range.setEnd(mirrorText, Math.max(anchor, head));
      for (const rect of range.getClientRects()) {
        const mark = h('div', { class: 'remote-selection' });
        Object.assign(mark.style, { left: `${rect.left - box.left}px`, top: `${rect.top - box.top}px`, width: `${rect.width}px`, height: `${rect.height}px`, background: colour });
        cursors.append(mark);
      }
      range.setStart(mirrorText, head);
      range.setEnd(mirrorText, head);
      const caret = range.getClientRects()[0] ?? range.getBoundingClientRect();
      if (caret.bottom < box.top || caret.top > box.bottom) continue;
      // On the first line the name goes below the caret, where it is not cut off.
      const below = caret.top - box.top < 20;
      const line = h('div', { class: below ? 'remote-caret below' : 'remote-caret' }, h('span', { class: 'remote-name' }, member.name));
      Object.assign(line.style, { left: `${caret.left - box.left}px`, top: `${caret.top - box.top}px`, height: `${caret.height || 18}px`, borderColor: colour });
      line.firstChild.style.background = colour;
      cursors.append(line);
    }
  }
  client.on('presence', queueDraw);

  // The preview renders lazily: longer texts wait longer, and a closed preview not at all.
  function schedulePreview(delay = Math.min(2000, 200 + shadow.length / 100)) {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => { if (previewDetails.open) renderMarkdown(shadow, preview); }, delay);
  }
  previewDetails.addEventListener('toggle', () => schedulePreview(0));

  // The toolbar edits the Markdown source like typing would.
  toolbar.addEventListener('click', (event) => {
    const kind = event.target.closest('button')?.dataset.format;
    if (!kind || textarea.readOnly) return;
    const splice = formatSplice(shadow, textarea.selectionStart, textarea.selectionEnd, kind, view.t().placeholder);
    textarea.focus();
    textarea.setRangeText(splice.text, splice.from, splice.to, 'end');
    localInput();
    textarea.setSelectionRange(...splice.select);
    sendPresence();
  });

  picker.addEventListener('change', () => {
    path = picker.value;
    area = textChoices(client.document, view.session(), view.t()).find((c) => c.path === path)?.area ?? path;
    load();
    comments.changed();
  });

  function update() {
    const t = view.t();
    const choices = textChoices(client.document, view.session(), t);
    const signature = JSON.stringify(choices);
    if (signature !== choicesShown) {
      choicesShown = signature;
      const groups = new Map();
      const options = [];
      for (const c of choices) {
        const option = h('option', { value: c.path }, c.label);
        if (!c.group) { options.push(option); continue; }
        if (!groups.has(c.group)) { groups.set(c.group, h('optgroup', { label: c.group })); options.push(groups.get(c.group)); }
        groups.get(c.group).append(option);
      }
      picker.replaceChildren(...options);
      if (!choices.some((c) => c.path === path)) { path = choices[0].path; area = choices[0].area; }
      picker.value = path;
    }
    for (const button of toolbar.querySelectorAll('button')) {
      button.setAttribute('aria-label', t[button.dataset.format]);
      // The letters people know from word processors in their language: G/C in Italian, B/I in English.
      if (button.dataset.format === 'bold' || button.dataset.format === 'italic') button.firstElementChild.textContent = t[button.dataset.format][0];
      button.title = t[button.dataset.format];
    }
    textarea.setAttribute('aria-label', picker.selectedOptions[0]?.textContent ?? t.project);
    if (!sameID(resolve(client.document, path), object)) load();
    refreshPermission();
    comments.update();
  }

  return { update };
}
