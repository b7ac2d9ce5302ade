// The verbale view of one session (issue 12, item 5), shown by the documents panel
// (web/table/editor.js) when a session's verbale is picked, around the verbale's text:
//   head (above the text): where the verbale stands, what I can do now, each approver's approval
//     and "Approva il verbale";
//   body (below the text): decisions, open points and actions grouped by agenda item, the
//     amendments, and "Scarica il verbale" (the approved verbale's exports, docs/api.md);
//   the session's record above it all (date, mode, place, link, chair, secretary: issue 13), and
//     below, the signed copy: uploaded by the chair or the secretary once approved, downloaded by all.
//   const verbale = mountVerbale(head, body, view);  verbale.update(sessionID) after every change.
import { contentHash } from './minutes-document.js';
import { entriesSection } from './minutes.js';
import { approvalSection, amendmentsSection } from './review.js';
import { DOWNLOAD_FORMATS, downloadState, minutesExportPath } from './verbale-model.js';
import { h, createContext, rebuild } from './ui-kit.js';
import { dispositionName, safeFileName } from '../history/downloads.js';
import { HistoryAPI } from '../history/api.js';
import { SIGNED_ACCEPT, formatDateTime, sessionFacts, signedCopyState, signedFileProblem, uploadErrorText } from './record-model.js';
import { recordFacts } from './record.js';

const STYLES = new URL('./facilitation.css', import.meta.url).href;

function loadStyles() {
  if ([...document.querySelectorAll('link[rel=stylesheet]')].some((l) => l.href === STYLES)) return;
  document.head.append(h('link', { rel: 'stylesheet', href: STYLES }));
}

/** "Scarica il verbale": the four formats named in words, or why there is nothing to download yet. */
function downloadsSection(ctx, sessionOf) {
  return {
    id: 'verbale-downloads',
    model: () => {
      const session = sessionOf();
      return session ? { session: session.id, title: session.title, ...downloadState(session), saved: ctx.local.saved ?? null } : { session: null };
    },
    build(model) {
      const v = ctx.t.verbale;
      if (!model.session) return [];
      return [
        h('h3', {}, v.downloadsTitle),
        model.available
          ? h('ul', { class: 'verbale-formats' }, DOWNLOAD_FORMATS.map((format) => h('li', {},
            ctx.button(`verbale-download-${format}`, v.formats[format], () => download(ctx, model, format), { 'data-format': format }),
            h('span', { class: 'fac-note' }, v.formatHints[format]))))
          : h('p', { class: 'fac-note' }, v.notYet[model.reason] ?? v.notYet.review),
        model.saved ? h('p', { class: 'fac-note', role: 'status' }, v.saved(model.saved)) : null,
      ];
    },
  };
}

/** The session's record above the verbale: when, how, where, the chair and the secretary (nothing while none is recorded). */
function recordSection(ctx, sessionOf) {
  return {
    id: 'verbale-record',
    model: () => {
      const session = sessionOf();
      return session ? { session: session.id, facts: sessionFacts(session, ctx.view.client.state) } : { session: null };
    },
    build(model) {
      if (!model.session || model.facts.empty) return [];
      return [h('h3', {}, ctx.t.verbale.recordTitle), recordFacts(ctx.f.record, model.facts, { id: 'verbale-record-facts' })];
    },
  };
}

const historyAPI = (ctx) => new HistoryAPI({ table: ctx.view.client.options.table, token: ctx.view.client.options.token });

/** Whether the approved verbale of `id` has a signed copy: the history overview says ({kind, uploadedAt, sha256}). */
function loadSignedCopy(ctx, id) {
  const loading = (ctx.local.signedLoading ??= new Set());
  if (loading.has(id)) return;
  loading.add(id);
  historyAPI(ctx).overview().then(
    (overview) => { (ctx.local.signed ??= {})[id] = { copy: overview.sessions?.find((s) => s.id === id)?.signedCopy ?? null }; },
    () => { (ctx.local.signed ??= {})[id] = { copy: null, failed: true }; },
  ).finally(() => { loading.delete(id); ctx.changed(); });
}

const momentOf = (value) => (typeof value === 'number' ? value : Date.parse(value));

/**
 * "Verbale firmato": once approved, the chair or the secretary uploads the signed copy (a
 * PAdES-signed PDF or a CAdES .p7m, checked by the server); once there, everyone downloads it.
 * The file field is the same element across rebuilds, so a chosen file is never lost.
 */
function signedSection(ctx, sessionOf) {
  const fileInput = (id) => {
    const inputs = (ctx.local.fileInputs ??= new Map());
    if (!inputs.has(id)) inputs.set(id, h('input', { type: 'file', id: 'verbale-signed-file', 'data-key': 'verbale-signed-file', accept: SIGNED_ACCEPT }));
    return inputs.get(id);
  };
  const upload = (id) => {
    const v = ctx.t.verbale;
    const key = 'verbale-signed-upload';
    const file = fileInput(id).files?.[0];
    const problem = signedFileProblem(file);
    if (problem) { ctx.local.focus = 'verbale-signed-file'; return ctx.fail(key, v.fileProblems[problem]); }
    ctx.errors.delete(key);
    ctx.busy.add(key);
    ctx.local.uploaded = null;
    ctx.changed();
    historyAPI(ctx).uploadSigned(id, file).then((copy) => {
      (ctx.local.signed ??= {})[id] = { copy: { kind: copy.kind, uploadedAt: momentOf(copy.uploadedAt), sha256: copy.sha256 } };
      ctx.local.uploaded = file.name;
      fileInput(id).value = '';
      ctx.local.focus = 'verbale-download-signed';
      ctx.view.announce(ctx.t.verbale.uploaded(file.name));
    }, (error) => {
      ctx.errors.set(key, uploadErrorText(error, ctx.t));
    }).finally(() => { ctx.busy.delete(key); ctx.changed(); });
  };
  // Once a signed copy is there, uploading another (it replaces the one served; every copy is kept) is folded away.
  const folded = (copy, content) => (copy
    ? h('details', { class: 'fac-details verbale-signed-again', open: ctx.local.againOpen, ontoggle: (e) => { ctx.local.againOpen = e.target.open; } },
      h('summary', {}, ctx.t.verbale.uploadAgain), content)
    : content);
  return {
    id: 'verbale-signed',
    model: () => {
      const session = sessionOf();
      if (!session || session.status !== 'approved') return { session: null };
      const known = ctx.local.signed?.[session.id];
      if (known === undefined) loadSignedCopy(ctx, session.id);
      const copy = known?.copy ?? null;
      return {
        session: session.id, loaded: known !== undefined, ...signedCopyState(session, ctx.view.me?.principal, copy),
        uploading: ctx.busy.has('verbale-signed-upload'), uploaded: ctx.local.uploaded ?? null,
      };
    },
    build(model) {
      const v = ctx.t.verbale;
      if (!model.session || !model.loaded) return [];
      const copy = model.copy;
      return [
        h('h3', {}, v.signedTitle),
        copy
          ? h('p', { class: 'verbale-signed-info' }, v.signedInfo(v.signedKinds[copy.kind] ?? copy.kind, formatDateTime(momentOf(copy.uploadedAt), ctx.f.record)))
          : h('p', { class: 'fac-note' }, model.upload ? v.signedNoneMine : v.signedNone),
        model.download
          ? h('p', {}, ctx.button('verbale-download-signed', v.downloadSigned, () => saveFile(ctx, 'verbale-download-signed', historyAPI(ctx).signedPath(model.session),
            safeFileName(`verbale-${ctx.view.client.options.table}-${model.session}-firmato${copy.kind === 'cades' ? '.pdf.p7m' : '.pdf'}`))))
          : null,
        model.uploaded ? h('p', { class: 'verbale-approved', role: 'status' }, v.uploaded(model.uploaded)) : null,
        model.upload ? folded(copy, [
          h('p', { class: 'fac-note', id: 'verbale-signed-hint' }, v.signedHint),
          h('form', { class: 'verbale-signed-form', onsubmit: (e) => { e.preventDefault(); upload(model.session); } },
            h('label', { class: 'fac-field', for: 'verbale-signed-file' }, h('span', { class: 'fac-label' }, v.signedFile), fileInput(model.session)),
            ctx.button('verbale-signed-upload', v.uploadSigned, null, { type: 'submit', class: copy ? null : 'fac-primary', 'aria-describedby': 'verbale-signed-hint' })),
          model.uploading ? h('p', { class: 'fac-note', role: 'status' }, v.uploading) : null,
          h('p', { class: 'fac-note' }, v.signedCheckNote),
        ]) : null,
        ctx.local.savedSigned ? h('p', { class: 'fac-note', role: 'status' }, v.saved(ctx.local.savedSigned)) : null,
      ];
    },
  };
}

/** Fetches a file with the invitation as bearer (a plain link could not send it) and saves it under the server's name. */
function saveFile(ctx, key, path, fallback, then = (name) => { ctx.local.savedSigned = name; ctx.view.announce(ctx.t.verbale.saved(name)); }) {
  ctx.run(key, async () => {
    const { blob, disposition } = await historyAPI(ctx).file(path);
    const name = dispositionName(disposition) ?? fallback;
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return name;
  }, then);
}

/** Fetches the export with the invitation as bearer (a plain link could not send it) and saves it. */
// A refusal keeps its HTTP status and message (an APIError), so the error catalogue tells apart
// "not approved yet" (409), "too many at once, retry in a moment" (429, 503) and the network.
function download(ctx, model, format) {
  const { table } = ctx.view.client.options;
  saveFile(ctx, `verbale-download-${format}`, minutesExportPath(model.session, format), safeFileName(`${table}-verbale-${model.session}.${format}`),
    (name) => { ctx.local.saved = name; ctx.view.announce(ctx.t.verbale.saved(name)); });
}

// A section is rebuilt only when what it shows changed (keeping focus and drafts meanwhile).
const signature = (model) => JSON.stringify(model);

export function mountVerbale(head, body, view) {
  loadStyles();
  let session = null;
  let scheduled = false;
  const ctx = createContext(view, () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => { scheduled = false; render(); });
  });
  const sessionOf = () => session;
  const place = (container, makers) => makers.map((make) => {
    const section = make(ctx, sessionOf);
    section.element = h('section', { id: section.id, class: 'fac-section verbale-section', hidden: true });
    section.shown = null;
    container.append(section.element);
    return section;
  });
  head.classList.add('fac-panel', 'verbale-head');
  body.classList.add('fac-panel', 'verbale-body');
  head.replaceChildren();
  body.replaceChildren();
  const sections = [...place(head, [recordSection, approvalSection]), ...place(body, [entriesSection, amendmentsSection, downloadsSection, signedSection])];

  /** Approvals count for the minutes as they read now: hashed as the server does, at most every half second. */
  let hashing = null;
  function refreshHash() {
    if (hashing || !session || session.status !== 'minutes_in_review') return;
    const document = view.client.document;
    const key = `${session.id} ${document.operationCount}`;
    if (ctx.local.hash?.key === key) return;
    const id = session.id;
    hashing = contentHash(document, id).then((value) => {
      const before = ctx.local.hash;
      ctx.local.hash = { key, session: id, value };
      if (before?.value !== value || before?.session !== id) ctx.changed();
    }, () => {}).then(() => setTimeout(() => { hashing = null; refreshHash(); }, 500));
  }

  function render() {
    if (!view.client.state) return;
    refreshHash();
    const language = ctx.f.locale;
    for (const section of sections) {
      const model = section.model();
      const shown = `${language} ${ctx.revision} ${signature(model)}`;
      if (shown === section.shown) continue;
      section.shown = shown;
      rebuild(section.element, () => section.build(model));
      section.element.hidden = section.element.childElementCount === 0;
    }
    if (ctx.local.focus) {
      const wanted = [...head.querySelectorAll('[data-key]'), ...body.querySelectorAll('[data-key]')].find((el) => el.dataset.key === ctx.local.focus);
      ctx.local.focus = null;
      wanted?.focus();
    }
  }

  return {
    /** Shows the verbale of session `id` (null: none). */
    update(id) {
      const next = (view.client.state?.sessions ?? []).find((s) => s.id === id) ?? null;
      if (next?.id !== session?.id) { ctx.local.saved = null; ctx.local.approvalsOpen = undefined; ctx.local.uploaded = null; ctx.local.savedSigned = null; }
      session = next;
      render();
    },
  };
}
