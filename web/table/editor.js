// The shared-text editor: a textarea kept equal to a CRDT text. Local typing edits the local
// replica at once (one splice per input, never waiting for the network); remote edits arrive as
// the CRDT's patches and are replayed with setRangeText, keeping my selection in place. A change
// of a textarea's value lays all its text out again (tens of ms at 100,000 characters), so
// others' patches are gathered and shown together, at most every 100 ms on a long text and never
// in the frame of my own keystroke; my typing meanwhile is transformed past them (text-sync.js).
// Others' cursors and selections are drawn in their colours from their presence, measured on a
// hidden mirror of the text made of one block per line, so that a change lays out one paragraph
// of the mirror again, not all of it. A toolbar of labelled buttons (Titolo, Grassetto, Corsivo,
// Elenco, Link; arrow keys move between them, Ctrl+B/I/K in the text) edits the Markdown source;
// a preview renders it lazily. A session's verbale is shown formatted, editable on request by
// those allowed, inside the verbale view (web/facilitation/verbale.js: approval above the text;
// decisions by agenda item, amendments and downloads below). The picker groups the texts
// (document-picker.js).

import { ObjectRef, scalarToUTF16Index, utf16ToScalarIndex } from '../crdt/document.js';
import { idString as idText, sameID } from '../crdt/ids.js';
import { waitsForQuota } from '../client/table-client.js';
import { h } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { formatSplice } from './format.js';
import { localSplice, mapSelection, pureEdits, transformEdits } from './text-sync.js';
import { principalOf } from './people-model.js';
import { mountComments } from './comments.js';
import { frozenBy, isReadOnly } from './permissions.js';
import { refusalReason } from './refusals.js';
import { PROJECT } from './layout.js';
import { automaticChoice, documentGroups, flatChoices, minutesPath, sessionOfPath } from './document-picker.js';

const SURROGATE = /[\ud800-\udfff]/;

/** UTF-16 ↔ scalar index conversions that skip the scan when the text has no surrogate pair. */
function indexConverters(text) {
  if (!SURROGATE.test(text)) return { toScalar: (i) => Math.min(i, text.length), toUTF16: (p) => Math.min(p, text.length) };
  return { toScalar: (i) => utf16ToScalarIndex(text, i), toUTF16: (p) => Math.min(scalarToUTF16Index(text, p), text.length) };
}

/** The toolbar's buttons, in order. */
const FORMATS = ['heading', 'bold', 'italic', 'list', 'link'];
/** Ctrl (⌘ on a Mac) + key in the text. */
const SHORTCUTS = { b: 'bold', i: 'italic', k: 'link' };

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
  const refusedNote = $('#editor-refused');
  const delayedNote = $('#editor-delayed');
  const toolbar = $('#editor-toolbar');
  const preview = $('#preview');
  const previewDetails = $('#preview-details');
  const editorArea = textarea.closest('.editor-area');
  // The verbale view's parts, around the text: what the verbale needs of me above it, the
  // formatted text, then its decisions, amendments and downloads.
  const verbaleHead = h('div', { id: 'verbale-head', hidden: true });
  const editToggle = h('button', { type: 'button', id: 'verbale-edit', class: 'verbale-edit', hidden: true, 'aria-controls': 'editor' });
  const renderedTitle = h('h3', { id: 'verbale-text-title', class: 'verbale-text-title', hidden: true });
  const rendered = h('div', { id: 'document-rendered', class: 'preview document-rendered', hidden: true, 'aria-labelledby': 'verbale-text-title' });
  const verbaleBody = h('div', { id: 'verbale-body', hidden: true });
  readOnlyNote.before(verbaleHead);
  const textBar = h('div', { class: 'verbale-text-bar', hidden: true }, renderedTitle, editToggle);
  toolbar.before(textBar);
  editorArea.after(rendered, verbaleBody);
  // The mirror: one block per line of the text (each with its line break, the last with a
  // zero-width space so that an empty last line has a height), rebuilt only where lines changed.
  let mirrorLines = [];       // the text nodes, in order
  let mirrorShown = null;     // the text the mirror holds

  let path = PROJECT;
  let area = PROJECT;
  let picked = false;         // whether the person chose a text (else the verbale in review is offered by itself)
  let choices = [];           // what the picker offers now (flat)
  let editing = null;         // on a verbale: whether its source is open for editing (null: not decided yet)
  let verbale = null;         // the verbale view, once its module is loaded
  let verbaleLoading = false;
  let object = null;
  let shadow = '';            // what the textarea holds, kept without reading its value per keystroke
  let choicesShown = '';
  let previewTimer = null;
  let previewStrings = null;  // the catalogue the preview was labelled from (external links)
  let presenceTimer = null;
  let frameQueued = false;
  let drawWanted = false;
  let remote = [];            // others' edits of `object` not yet shown in the textarea (pure edits, in order)
  let transformed = false;    // my typing went past waiting edits since they were last shown
  let lastInput = -Infinity;  // when I last typed (performance.now())
  let lastShown = -Infinity;  // when others' edits were last shown

  const client = view.client;
  const comments = mountComments($('#comments-section'), view, {
    object: () => object, area: () => area,
    text() { showRemote(); return shadow; },
    selection: replicaSelection,
    select(start, end) { showRemote(); textarea.focus(); textarea.setSelectionRange(start, end); },
  });

  /** The session whose verbale is shown, or null. */
  const verbaleSession = () => sessionOfPath(path);

  function load() {
    const doc = client.document;
    object = resolve(doc, path);
    shadow = object ? doc.text(object) : '';
    remote = [];
    transformed = false;
    textarea.value = shadow;
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
    const onVerbale = verbaleSession() !== null;
    // A verbale opens formatted; its Markdown source while someone writes it live, or on request.
    if (onVerbale && editing === null && object) editing = mayEdit && view.session()?.id === verbaleSession() && view.session()?.status === 'live';
    const source = !onVerbale || (mayEdit && editing);
    editorArea.hidden = !source;
    rendered.hidden = !onVerbale;
    renderedTitle.hidden = textBar.hidden = !onVerbale;
    previewDetails.hidden = onVerbale;
    editToggle.hidden = !(onVerbale && mayEdit);
    editToggle.textContent = editing ? t.verbale.doneEditing : t.verbale.editText;
    editToggle.setAttribute('aria-expanded', String(Boolean(editing)));
    renderedTitle.textContent = t.verbale.textLabel;
    // Say why: a facilitator's decision, or an approved or reviewed text, is not a matter of role.
    const frozen = object ? frozenBy(view.me, area, client.state) : null;
    readOnlyNote.textContent = !object ? t.noText
      : isReadOnly(client.state, view.me.principal) ? t.readOnlyMember
      : frozen === 'approved' ? t.readOnlyApproved : frozen === 'review' ? t.readOnlyReview
      : frozen === 'closed' ? t.readOnlyClosed : t.readOnly;
    toolbar.hidden = !mayEdit || !source;
  }

  editToggle.addEventListener('click', () => {
    editing = !editing;
    refreshPermission();
    if (editing) { textarea.focus(); queueDraw(); } else editToggle.focus();
  });

  // Local input: one splice into the replica, at once.
  function localInput() {
    const value = textarea.value;
    const { start, deleted, inserted } = localSplice(shadow, value, textarea.selectionEnd);
    if (deleted === 0 && !inserted) return;
    lastInput = performance.now();
    try {
      const mine = pureEdits({ position16: start, deleted16: deleted, inserted });
      // The replica already has the waiting edits: mine go to it as they apply after them.
      const [edits, waiting] = remote.length ? transformEdits(mine, remote, false) : [mine, remote];
      const plain = plainText() && !SURROGATE.test(inserted);
      client.edit((doc) => {
        for (const e of edits) {
          if (plain) doc.spliceText(e.position16, e.deleted16, e.inserted, object);
          else doc.spliceTextUTF16(e.position16, e.deleted16, e.inserted, object);
        }
      });
      transformed ||= remote.length > 0;
      remote = waiting;
      shadow = value;
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
  // An input method composing a word is not disturbed by waiting edits shown in the middle.
  textarea.addEventListener('compositionstart', showRemote);

  // The server refused my edits for good (say the minutes went into review while I typed, a
  // facilitator made me read-only, or I reached my share of the table): the replica restarts
  // from the server's copy, so what I typed is kept here and offered back.
  let unsaved = null;
  client.on('refused', (error) => {
    delayedNote.hidden = true;
    if (!object) return;
    // The reason is read now: the table state that explains it is the one of this moment.
    unsaved = { text: textarea.value, reason: refusalReason(view.t(), error, view.me, client.state) };
  });
  // The per-minute quota: nothing is lost, my edits wait here and go again by themselves.
  client.on('delayed', (error) => {
    if (!waitsForQuota(error) || !delayedNote.hidden) return;
    delayedNote.textContent = view.t().quotaWait;
    delayedNote.hidden = false;
    view.announce(delayedNote.textContent);
  });
  client.on('synced', () => { delayedNote.hidden = true; });
  const unsavedBox = refusedNote.querySelector('textarea');
  refusedNote.querySelector('button').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(unsavedBox.value);
      view.announce(view.t().unsavedCopied);
      refusedNote.hidden = true;
    } catch {
      unsavedBox.select();  // no clipboard (an insecure origin): selected, to copy by hand
    }
  });
  function offerUnsaved() {
    if (!unsaved || unsaved.text === shadow) { unsaved = null; return; }
    const t = view.t();
    unsavedBox.value = unsaved.text;
    unsavedBox.setAttribute('aria-label', t.copyUnsaved);
    refusedNote.querySelector('p').textContent = t.editsRefused(unsaved.reason);
    refusedNote.querySelector('button').textContent = t.copyUnsaved;
    refusedNote.hidden = false;
    unsaved = null;
  }

  // Remote edits wait to be shown together (see the top of this file).
  client.on('change', ({ patches, reset }) => {
    if (reset && unsaved) { load(); offerUnsaved(); return; }
    const current = resolve(client.document, path);
    if (reset || !sameID(current, object)) { load(); return; }
    if (!object) return;
    for (const patch of patches) if (sameID(patch.object, object)) remote.push(...pureEdits(patch));
    if (remote.length) queueFrame();
  });

  /** No surrogate pair in the shown text nor in the waiting edits: UTF-16 indices are scalars. */
  const plainText = () => !SURROGATE.test(shadow) && remote.every((e) => !SURROGATE.test(e.inserted));

  /** My selection in the replica's text (UTF-16), which may have edits the textarea waits for. */
  function replicaSelection() {
    let selection = { start: textarea.selectionStart, end: textarea.selectionEnd };
    for (const edit of remote) selection = mapSelection(selection, edit);
    return selection;
  }

  // Replays the waiting edits on the textarea, moving my selection with the text.
  function showRemote() {
    if (!remote.length) return;
    const direction = textarea.selectionDirection;
    const selection = replicaSelection();
    for (const edit of remote) textarea.setRangeText(edit.inserted, edit.position16, edit.position16 + edit.deleted16, 'preserve');
    remote = [];
    lastShown = performance.now();
    textarea.setSelectionRange(selection.start, selection.end, direction);
    shadow = textarea.value;
    // Typing was transformed past these edits: the textarea must hold the replica's text. The
    // check reads the whole text (milliseconds at 100,000 characters), so it waits for an idle
    // moment instead of following my keystroke.
    if (transformed) {
      transformed = false;
      verifyWhenIdle();
    }
    schedulePreview();
    queueDraw();
    comments.changed();
  }

  let verifying = false;
  function verifyWhenIdle() {
    if (verifying) return;
    verifying = true;
    const idle = window.requestIdleCallback ?? ((fn) => setTimeout(fn, 200));
    idle(() => {
      verifying = false;
      // With no edits waiting, the textarea and the replica hold the same text (mine apply to both at once).
      if (!object || remote.length || textarea.value === client.document.text(object)) return;
      console.error('editor: the textarea and the replica differ; reloading the text');
      load();
    });
  }

  // Presence: where my selection is, in Unicode scalars, at most every 100 ms.
  function sendPresence() {
    if (presenceTimer) return;
    presenceTimer = setTimeout(() => {
      presenceTimer = null;
      if (!object || client.status !== 'online') return;
      if (!plainText()) showRemote();   // scalars are counted on the replica's text
      const backward = textarea.selectionDirection === 'backward';
      const { start, end } = replicaSelection();
      const anchor = backward ? end : start;
      const head = backward ? start : end;
      const { toScalar } = remote.length ? { toScalar: (i) => i } : indexConverters(shadow);
      client.setPresence({ principal: view.me.principal, text: idText(object), anchor: toScalar(anchor), head: toScalar(head) });
    }, 100);
  }
  for (const type of ['select', 'keyup', 'mouseup', 'focus']) textarea.addEventListener(type, () => { sendPresence(); comments.selectionChanged(); });
  textarea.addEventListener('scroll', queueDraw);
  window.addEventListener('resize', queueDraw);

  // One frame callback: others' patches first, then the cursors measured on the text they made.
  // Neither in my keystroke's frame, which shows my character alone (measuring the cursors lays
  // out the mirror's changed paragraph, as long as the text in the worst case). Others' patches
  // on a long text not more often than every 100 ms, and while I type only just after a
  // keystroke, when the next one is furthest away; the cursors once the patches are shown.
  function queueFrame() {
    if (frameQueued) return;
    frameQueued = true;
    requestAnimationFrame(() => {
      frameQueued = false;
      const now = performance.now();
      const sinceInput = now - lastInput;
      if (sinceInput < 20) { queueFrame(); return; }
      if (remote.length) {
        const due = now - lastShown >= Math.min(100, shadow.length / 1000);
        const betweenKeys = sinceInput < 60 || sinceInput > 250;
        if (!due || !betweenKeys) { queueFrame(); return; }
        showRemote();
      }
      if (drawWanted) { drawWanted = false; drawCursors(); }
    });
  }
  function queueDraw() { drawWanted = true; queueFrame(); }

  // Brings the mirror's lines to `shadow`, touching only the lines between the first and the
  // last that differ (typing re-lays out one paragraph of the mirror, not 100,000 characters).
  function syncMirror() {
    if (mirrorShown === shadow) return;
    mirrorShown = shadow;
    const lines = shadow.split('\n').map((line, i, all) => (i < all.length - 1 ? `${line}\n` : `${line}\u200b`));
    const old = mirrorLines;
    let prefix = 0;
    while (prefix < old.length && prefix < lines.length && old[prefix].data === lines[prefix]) prefix++;
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < lines.length - prefix && old[old.length - 1 - suffix].data === lines[lines.length - 1 - suffix]) suffix++;
    const middle = lines.slice(prefix, lines.length - suffix);
    const replaced = old.slice(prefix, old.length - suffix);
    const kept = Math.min(middle.length, replaced.length);
    // Several people type in several places: between the first and the last changed line most
    // lines are the same, and writing a node even with its own text would lay it out again.
    for (let i = 0; i < kept; i++) if (replaced[i].data !== middle[i]) replaced[i].data = middle[i];
    for (const node of replaced.slice(kept)) node.parentNode.remove();
    const added = middle.slice(kept).map((line) => document.createTextNode(line));
    const before = old[old.length - suffix]?.parentNode ?? null;
    for (const node of added) mirror.insertBefore(h('div', {}, node), before);
    mirrorLines = [...old.slice(0, prefix), ...replaced.slice(0, kept), ...added, ...old.slice(old.length - suffix)];
  }

  /** The mirror's text node and offset at UTF-16 index `i` of `shadow`. */
  function mirrorPoint(i) {
    let start = 0;
    for (const node of mirrorLines) {
      const end = start + node.length - 1;   // the line's break (or zero-width space) is not in it
      if (i <= end) return [node, i - start];
      start = end + 1;
    }
    const last = mirrorLines[mirrorLines.length - 1];
    return [last, last.length - 1];
  }

  // Others' cursors, measured on the mirror (a hidden copy of the text with the same layout).
  function drawCursors() {
    const key = object ? idText(object) : null;
    const others = [...client.members.values()].filter((m) => m.state && m.state.text === key && Number.isInteger(m.state.head));
    cursors.replaceChildren();
    mirror.hidden = others.length === 0;   // no layout of a copy of the text when nobody else is here
    if (!others.length) return;
    syncMirror();
    mirror.scrollTop = textarea.scrollTop;
    const box = mirror.getBoundingClientRect();
    const range = document.createRange();
    const { toUTF16 } = indexConverters(shadow);
    for (const member of others) {
      const colour = view.colourOf(principalOf(member, client.state) ?? member.replica);
      const anchor = toUTF16(member.state.anchor ?? member.state.head), head = toUTF16(member.state.head);
      range.setStart(...mirrorPoint(Math.min(anchor, head)));
      range.setEnd(...mirrorPoint(Math.max(anchor, head)));
      for (const rect of range.getClientRects()) {
        const mark = h('div', { class: 'remote-selection' });
        Object.assign(mark.style, { left: `${rect.left - box.left}px`, top: `${rect.top - box.top}px`, width: `${rect.width}px`, height: `${rect.height}px`, background: colour });
        cursors.append(mark);
      }
      range.setStart(...mirrorPoint(head));
      range.collapse(true);
      const caret = range.getClientRects()[0] ?? range.getBoundingClientRect();
      if (caret.bottom < box.top || caret.top > box.bottom) continue;
      // On the first line the name goes below the caret, where it is not cut off.
      const below = caret.top - box.top < 20;
      const line = h('div', { class: below ? 'remote-caret below' : 'remote-caret' }, h('span', { class: 'remote-name' }, member.name));
      Object.assign(line.style, { left: `${caret.left - box.left}px`, top: `${caret.top - box.top}px`, height: `${caret.height || 18}px`, borderColor: colour });
      line.firstChild.style.background = colour;
      cursors.append(line);
      // Near the right edge (a phone) the name hangs to the left of the caret instead.
      if (line.firstChild.getBoundingClientRect().right > box.right) line.classList.add('end');
    }
  }
  client.on('presence', queueDraw);

  // The preview renders lazily: longer texts wait longer, and a closed preview not at all.
  function schedulePreview(delay = Math.min(2000, 200 + shadow.length / 100)) {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(() => {
      previewStrings = view.t();
      if (verbaleSession() !== null) {
        renderMarkdown(shadow, rendered, previewStrings);
        if (!shadow.trim()) rendered.replaceChildren(h('p', { class: 'note' }, previewStrings.verbale.emptyText));
        return;
      }
      if (!previewDetails.open) { previewStrings = null; return; }
      renderMarkdown(shadow, preview, previewStrings);
    }, delay);
  }
  previewDetails.addEventListener('toggle', () => schedulePreview(0));

  // The toolbar: one labelled button per format, a single tab stop moved with the arrow keys
  // (the ARIA toolbar pattern).
  toolbar.replaceChildren(...FORMATS.map((format, i) => h('button', { type: 'button', 'data-format': format, tabindex: i ? '-1' : '0' })));
  toolbar.setAttribute('aria-orientation', 'horizontal');
  function labelToolbar(t) {
    for (const button of toolbar.querySelectorAll('button')) {
      button.textContent = t.verbale.toolbar[button.dataset.format];
      button.title = t.verbale.toolbarHints[button.dataset.format];
    }
  }
  labelToolbar(view.t());
  toolbar.addEventListener('keydown', (event) => {
    const buttons = [...toolbar.querySelectorAll('button')];
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = buttons[(to + buttons.length) % buttons.length];
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
  textarea.addEventListener('keydown', (event) => {
    const kind = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey ? SHORTCUTS[event.key.toLowerCase()] : null;
    if (!kind || textarea.readOnly) return;
    event.preventDefault();
    format(kind);
  });
  toolbar.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button?.dataset.format) return;
    for (const b of toolbar.querySelectorAll('button')) b.tabIndex = b === button ? 0 : -1;
    format(button.dataset.format);
  });

  // Formatting edits the Markdown source like typing would.
  function format(kind) {
    if (textarea.readOnly) return;
    showRemote();
    const splice = formatSplice(shadow, textarea.selectionStart, textarea.selectionEnd, kind, view.t().placeholder);
    textarea.focus();
    textarea.setRangeText(splice.text, splice.from, splice.to, 'end');
    localInput();
    textarea.setSelectionRange(...splice.select);
    sendPresence();
  }

  function choose(wanted) {
    if (wanted !== path) editing = null;
    path = wanted;
    area = choices.find((c) => c.path === path)?.area ?? path.split('#')[0];
    load();
    comments.changed();
    showVerbale();
  }

  picker.addEventListener('change', () => {
    picked = true;
    choose(picker.value);
  });

  // "Apri il verbale" (the facilitation panel, the members' bar): the documents panel shows it.
  document.addEventListener('tavolo:open-verbale', (event) => {
    const session = event.detail?.session;
    if (!session) return;
    picked = true;
    choose(minutesPath(session));
    picker.value = path;
    const tabs = document.getElementById('sections');
    if (tabs && getComputedStyle(tabs).display !== 'none') document.getElementById('tab-documents')?.click();
    // Its review if it is in review, else its text (the review part may not be drawn yet).
    const target = verbaleHead.querySelector('h3') ?? renderedTitle;
    target.tabIndex = -1;
    target.focus();
    target.scrollIntoView({ block: 'start' });
  });

  /** Mounts (once) and refreshes the verbale view, shown only while a verbale is picked. */
  function showVerbale() {
    const session = verbaleSession();
    verbaleHead.hidden = verbaleBody.hidden = session === null;
    if (session === null) return;
    if (verbale) { verbale.update(session); return; }
    if (verbaleLoading) return;
    verbaleLoading = true;
    // Its own module: if it fails to load, the text still shows and can be edited.
    import('../facilitation/verbale.js').then(({ mountVerbale }) => {
      verbale = mountVerbale(verbaleHead, verbaleBody, view);
      showVerbale();
    }).catch((error) => console.error('verbale view not loaded', error));
  }

  let stopped = false;   // whether a facilitator has made me read-only, as last shown

  function update() {
    const t = view.t();
    // Said once when it changes (also on arrival when it is so): the note alone is not read out.
    const nowStopped = isReadOnly(client.state, view.me.principal);
    if (nowStopped !== stopped) view.announce(nowStopped ? t.nowReadOnly : t.nowEditing);
    stopped = nowStopped;
    if (!delayedNote.hidden) delayedNote.textContent = t.quotaWait;   // a change of language
    const groups = documentGroups(client.document, client.state, t);
    choices = flatChoices(groups);
    const signature = JSON.stringify(groups);
    if (signature !== choicesShown) {
      choicesShown = signature;
      picker.replaceChildren(...groups.map((group) => {
        const options = group.choices.map((c) => h('option', { value: c.path }, c.label));
        return group.label ? h('optgroup', { label: group.label }, ...options) : options;
      }).flat());
      // While resyncing the document is empty for a moment: keep the chosen text.
      if (!client.resyncing && !choices.some((c) => c.path === path)) { path = choices[0].path; area = choices[0].area; }
      picker.value = path;
    }
    // Nobody chose a text yet and the verbale went into review: it is what there is to read now.
    const wanted = automaticChoice(view.session(), picked, path);
    if (wanted !== path && choices.some((c) => c.path === wanted)) { choose(wanted); picker.value = path; }
    labelToolbar(t);
    textarea.setAttribute('aria-label', choices.find((c) => c.path === path)?.name ?? t.project);
    if (previewStrings && previewStrings !== t) { previewStrings = null; schedulePreview(0); }  // relabel in the new language
    if (!sameID(resolve(client.document, path), object)) load();
    refreshPermission();
    showVerbale();
    comments.update();
  }

  return { update };
}
