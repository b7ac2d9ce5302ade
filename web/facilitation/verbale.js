// The verbale view of one session (issue 12, item 5), shown by the documents panel
// (web/table/editor.js) when a session's verbale is picked, around the verbale's text:
//   head (above the text): where the verbale stands, what I can do now, each approver's approval
//     and "Approva il verbale";
//   body (below the text): decisions, open points and actions grouped by agenda item, the
//     amendments, and "Scarica il verbale" (the approved verbale's exports, docs/api.md).
//   const verbale = mountVerbale(head, body, view);  verbale.update(sessionID) after every change.
import { contentHash } from './minutes-document.js';
import { entriesSection } from './minutes.js';
import { approvalSection, amendmentsSection } from './review.js';
import { DOWNLOAD_FORMATS, downloadState, minutesExportPath } from './verbale-model.js';
import { h, createContext, rebuild } from './ui-kit.js';
import { dispositionName, safeFileName } from '../history/downloads.js';

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

/** Fetches the export with the invitation as bearer (a plain link could not send it) and saves it. */
function download(ctx, model, format) {
  const { client } = ctx.view;
  const { table, token } = client.options;
  const fallback = safeFileName(`${table}-verbale-${model.session}.${format}`);
  ctx.run(`verbale-download-${format}`, async () => {
    const response = await fetch(`/api/tables/${encodeURIComponent(table)}${minutesExportPath(model.session, format)}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) throw { code: response.status === 409 ? 'wrong_state' : 'other' };
    const blob = await response.blob();
    const name = dispositionName(response.headers.get('Content-Disposition')) ?? fallback;
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    return name;
  }, (name) => { ctx.local.saved = name; ctx.view.announce(ctx.t.verbale.saved(name)); });
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
  const sections = [...place(head, [approvalSection]), ...place(body, [entriesSection, amendmentsSection, downloadsSection])];

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
      if (next?.id !== session?.id) { ctx.local.saved = null; ctx.local.approvalsOpen = undefined; }
      session = next;
      render();
    },
  };
}
