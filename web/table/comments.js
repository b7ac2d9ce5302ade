// Comments beside the text: select text → "Commenta" → a comment anchored to those characters;
// each shows the words it is about (found again by character id as the text changes), its
// replies, a reply form and resolve/reopen, for those who may comment.

import { ObjectRef, scalarToUTF16Index, utf16ToScalarIndex } from '../crdt/document.js';
import { h, keepingFocus } from './dom.js';
import { characterIDs, commentsOn, addComment, addReply, setResolved } from './comments-model.js';
import { idString as idText } from '../crdt/ids.js';
import { colourGeneration } from './colours.js';
import { COMMENTS } from './layout.js';

const QUOTE_LENGTH = 80;

export function mountComments(section, view, editor) {
  const list = section.querySelector('#comments-list');
  const button = section.querySelector('#comment-button');
  const form = section.querySelector('#comment-form');
  const heading = section.querySelector('#comments-title');
  let shown = '';
  let ids = null;             // character ids of the text, recomputed lazily after changes
  let idsTimer = null;
  let pendingRange = null;    // scalars [from, to) of the selection being commented
  let known = null;           // comment count seen, to announce new ones

  const client = view.client;
  const listObject = () => {
    const value = client.document.value(COMMENTS);
    return value instanceof ObjectRef && value.kind === 'list' ? value.id : null;
  };
  const mayComment = () => Boolean(listObject() && editor.object() && view.canEdit(COMMENTS));
  const edit = (change) => { client.edit(change); update(); };
  const me = () => ({ author: view.me.name, authorID: view.me.principal ?? undefined });

  function quoteOf(comment) {
    const object = editor.object();
    ids ??= characterIDs(client.document, object);
    const from = ids.positionOf(comment.start), last = ids.positionOf(comment.end);
    if (from < 0 || last < from) return null;
    const text = editor.text();
    const start = scalarToUTF16Index(text, from), end = scalarToUTF16Index(text, last + 1);
    return { start, end, text: text.slice(start, end) };
  }

  function selectionChanged() {
    const { start, end } = editor.selection();
    button.disabled = !mayComment() || start === end;
  }

  button.addEventListener('click', () => {
    const { start, end } = editor.selection();
    if (start === end) return;
    const text = editor.text();
    pendingRange = [utf16ToScalarIndex(text, start), utf16ToScalarIndex(text, end)];
    const quote = text.slice(start, end);
    form.querySelector('#comment-quote').textContent = view.t().commentOn(quote.length > QUOTE_LENGTH ? `${quote.slice(0, QUOTE_LENGTH)}…` : quote);
    form.hidden = false;
    form.elements.body.focus();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = form.elements.body.value.trim();
    if (!body || !pendingRange || !mayComment()) return;
    const [from, to] = pendingRange;
    edit((doc) => addComment(doc, listObject(), { area: editor.area(), object: editor.object(), from, to, body, ...me() }));
    form.reset();
    form.hidden = true;
    pendingRange = null;
    button.focus();
  });
  form.querySelector('#comment-cancel').addEventListener('click', () => { form.reset(); form.hidden = true; button.focus(); });

  function entry(comment, t, canWrite) {
    const quote = quoteOf(comment);
    const author = h('strong', {}, comment.author);
    author.style.color = view.colourOf(comment.authorID ?? comment.author);
    const replyForm = h('form', { class: 'reply-form', hidden: true },
      h('label', { class: 'visually-hidden', for: `reply-${comment.index}` }, t.replyBody),
      h('textarea', { id: `reply-${comment.index}`, 'data-key': `reply-body-${comment.index}`, name: 'body', rows: '2', required: true }),
      h('button', { type: 'submit' }, t.send));
    replyForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = replyForm.elements.body.value.trim();
      if (!body) return;
      replyForm.elements.body.value = '';
      replyForm.hidden = true;
      edit((doc) => addReply(doc, comment, { body, ...me() }));
    });
    return h('li', { class: comment.resolved ? 'comment resolved' : 'comment' },
      quote
        ? h('button', { type: 'button', class: 'quote', 'data-key': `quote-${comment.index}`, title: t.showText, onclick: () => {
          ids = null;
          const now = quoteOf(comment);
          if (now) editor.select(now.start, now.end);
        } },
          `«${quote.text.length > QUOTE_LENGTH ? `${quote.text.slice(0, QUOTE_LENGTH)}…` : quote.text}»`)
        : h('p', { class: 'quote deleted' }, t.quoteDeleted),
      h('p', {}, author, ': ', comment.body, comment.resolved ? h('span', { class: 'badge' }, t.resolved) : null),
      comment.replies.length ? h('ul', { class: 'replies' }, comment.replies.map((r) => {
        const name = h('strong', {}, r.author);
        name.style.color = view.colourOf(r.authorID ?? r.author);
        return h('li', {}, name, ': ', r.body);
      })) : null,
      canWrite ? h('div', { class: 'comment-actions' },
        h('button', { type: 'button', 'data-key': `reply-${comment.index}`, 'aria-expanded': 'false', onclick: (event) => {
          replyForm.hidden = !replyForm.hidden;
          event.currentTarget.setAttribute('aria-expanded', String(!replyForm.hidden));
          if (!replyForm.hidden) replyForm.elements.body.focus();
        } }, t.reply),
        h('button', { type: 'button', 'data-key': `resolve-${comment.index}`, onclick: () => edit((doc) => setResolved(doc, comment, !comment.resolved)) }, comment.resolved ? t.reopen : t.resolve)) : null,
      replyForm);
  }

  /** Rebuilds the list when something shown changed, keeping replies being written. */
  function update() {
    const t = view.t();
    heading.textContent = t.comments;
    button.textContent = t.comment;
    form.querySelector('[for="comment-body"]').textContent = t.commentBody;
    form.querySelector('#comment-submit').textContent = t.send;
    form.querySelector('#comment-cancel').textContent = t.cancel;
    button.hidden = !view.canEdit(COMMENTS);
    selectionChanged();
    const object = editor.object();
    const all = object ? commentsOn(client.document, listObject(), idText(object)) : [];
    if (known !== null && all.length > known) {
      const newest = all[all.length - 1];
      if (newest.authorID !== view.me.principal) view.announce(t.newComment(newest.author));
    }
    known = all.length;
    // The quotes are part of what is shown: text typed around a passage moves it, not the list.
    const quotes = all.map((c) => quoteOf(c)?.text ?? null);
    const signature = JSON.stringify([all.map(({ map, repliesList, ...c }) => c), quotes, object, t.comments, colourGeneration()]);
    if (signature === shown) return;
    shown = signature;
    // Replies being written survive the rebuild: their text, whether their form is open, the focus.
    const drafts = [...list.querySelectorAll('.reply-form')]
      .filter((f) => !f.hidden || f.elements.body.value)
      .map((f) => ({ id: f.elements.body.id, text: f.elements.body.value, open: !f.hidden }));
    const canWrite = mayComment();
    keepingFocus(list, () => {
      list.replaceChildren(...(all.length ? all.map((c) => entry(c, t, canWrite)) : [h('li', { class: 'empty' }, t.noComments)]));
      for (const draft of drafts) {
        const box = list.querySelector(`#${CSS.escape(draft.id)}`);
        if (!box) continue;
        box.value = draft.text;
        box.form.hidden = !draft.open;
        box.form.parentElement.querySelector('[aria-expanded]')?.setAttribute('aria-expanded', String(draft.open));
      }
    });
  }


  /** The text changed: character positions move, so find the quotes again a little later. */
  function changed() {
    ids = null;
    clearTimeout(idsTimer);
    idsTimer = setTimeout(update, 700);
  }

  return { update, changed, selectionChanged };
}
