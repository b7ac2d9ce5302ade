// After the session: attendance (correctable by the facilitator until the minutes are
// approved, in the facilitation panel) and, in the verbale view (verbale.js), the minutes
// review: amendments, approvals, the content hash, the frozen state.
import { reviewModel, attendanceRows, attendanceAction, localInputValue, people, personOf } from './model.js';
import { h, formatTime } from './ui-kit.js';
import { approvalCount, verbaleTask } from './verbale-model.js';

const label = (t, p) => `${p.name}${p.organisation ? ` – ${p.organisation}` : ''} (${t.roles[p.role] ?? p.role})`;

export function attendanceSection(ctx) {
  return {
    id: 'fac-attendance',
    model: () => {
      const session = ctx.view.session();
      if (!session || session.status === 'scheduled') return { session: null };
      return { session: session.id, rows: attendanceRows(session), correct: reviewModel(session, ctx.view.me).correct };
    },
    build(model) {
      const { f, t } = ctx;
      if (!model.session) return [];
      const rows = model.rows.map((row) => {
        const key = `fac-attendance-${row.person.id}`;
        const sameDay = row.to != null && new Date(row.from).toDateString() === new Date(row.to).toDateString();
        const span = `${formatTime(f, row.from, true)} – ${row.to == null ? f.still : formatTime(f, row.to, !sameDay)}`;
        if (model.correct && ctx.local.correcting === row.person.id) {
          const save = () => {
            const made = attendanceAction(model.session, row.person.id, ctx.draft(`${key}-from`), ctx.draft(`${key}-to`));
            if (made.error) return ctx.fail(`${key}-save`, f.errors[made.error]);
            ctx.act(`${key}-save`, made.action, () => { ctx.local.correcting = null; ctx.local.focus = `${key}-fix`; ctx.forget(`${key}-`); });
          };
          return h('li', {}, h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); save(); } },
            h('fieldset', { class: 'fac-fieldset' }, h('legend', { class: 'fac-label' }, `${f.correct}: ${label(t, row.person)}`),
              ctx.field(`${key}-from`, f.from, { type: 'datetime-local', value: localInputValue(row.from) }),
              ctx.field(`${key}-to`, f.to, { type: 'datetime-local', value: localInputValue(row.to) })),
            h('div', { class: 'fac-actions' }, ctx.button(`${key}-save`, f.save, null, { type: 'submit' }),
              ctx.button(`${key}-cancel`, f.cancel, () => { ctx.local.correcting = null; ctx.local.focus = `${key}-fix`; ctx.forget(`${key}-`); ctx.changed(); }))));
        }
        return h('li', {}, label(t, row.person), h('span', { class: 'fac-note' }, ` · ${span}${row.corrected ? ` (${f.corrected})` : ''}`),
          model.correct ? h('span', { class: 'fac-actions' }, ctx.button(`${key}-fix`, f.correct,
            () => { ctx.local.correcting = row.person.id; ctx.local.focus = `${key}-from`; ctx.changed(); }, { 'aria-label': `${f.correct}: ${row.person.name}` })) : null);
      });
      return [h('h2', {}, f.attendance), rows.length ? h('ul', { class: 'fac-list' }, rows) : h('p', {}, f.nobodyAttended)];
    },
  };
}

/** The facilitation panel's review section: the review and the approval now live in the verbale
 *  view (verbale.js, in the documents panel), to which minutesSection points. */
export function reviewSection() {
  return { id: 'fac-review-link', model: () => ({ session: null }), build: () => [] };
}

/** A link to a part of the page that scrolls there and moves the focus, leaving the address
 *  (and the invitation in its fragment) alone. */
function jump(id, text) {
  return h('a', {
    href: `#${id}`, class: 'verbale-jump',
    onclick: (event) => {
      event.preventDefault();
      const target = document.getElementById(id);
      if (!target) return;
      if (!target.matches('input, textarea, select, button')) target.tabIndex = -1;
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    },
  }, text);
}

/** The review's state, hash and current text's hash: what approvalSection and amendmentsSection read. */
function reviewOf(ctx, session) {
  const hash = ctx.local.hash?.session === session.id ? ctx.local.hash.value : null;
  const known = people(ctx.view.client.state);
  const review = reviewModel(session, ctx.view.me, hash);
  const amendments = review.amendments.map((a) => ({ ...a, author: personOf(known, a.authorID).name }));
  return { session: session.id, ...review, amendments, currentHash: hash };
}

/**
 * The top of the verbale view: where the verbale stands and what I can do about it, the approval
 * of each required approver, and "Approva il verbale".
 */
export function approvalSection(ctx, sessionOf) {
  return {
    id: 'fac-review',
    model: () => {
      const session = sessionOf();
      if (!session) return { session: null };
      if (session.status !== 'minutes_in_review' && session.status !== 'approved') return { session: session.id, status: session.status };
      const review = reviewOf(ctx, session);
      return { ...review, task: verbaleTask(session, review), count: approvalCount(review.approvers) };
    },
    build(model) {
      const { f, t } = ctx;
      const v = t.verbale;
      if (!model.session) return [];
      // While the session is to come or live there is nothing to review yet: the text comes first.
      if (model.status !== 'minutes_in_review' && model.status !== 'approved') return [];
      const s = model.session;
      const approvers = model.approvers.map((a) => h('li', {}, label(t, a.person), ': ',
        h('strong', { class: a.approved && a.current !== false ? 'verbale-approved' : null }, !a.approved ? f.toApprove : a.current === false ? f.reapprove : f.approvedBy)));
      let stage;
      switch (model.task) {
        case 'approved': stage = [h('p', { class: 'fac-frozen' }, f.approvedState(formatTime(f, model.approvedAt, true))),
          h('p', {}, jump('verbale-downloads', v.downloadsTitle))]; break;
        case 'approve': stage = h('p', {}, v.stage.approve); break;
        case 'approved-mine': stage = h('p', {}, f.approvedMine); break;
        case 'wait-amendments': stage = h('p', {}, f.pendingBlock(model.pending)); break;
        default: stage = h('p', {}, f.inReview);
      }
      return [
        // The heading takes the focus once the button it follows is gone (approved, or decided).
        h('h3', { 'data-key': 'fac-review-title', tabindex: '-1' }, f.review),
        h('div', { class: 'verbale-stage' }, stage),
        model.task === 'approve' ? ctx.button('fac-approve', f.approve, () => ctx.act('fac-approve', { approveMinutes: { session: s } }, () => { ctx.local.focus = 'fac-review-title'; }),
          { class: 'fac-primary verbale-approve' }) : null,
        model.propose ? h('p', {}, jump('fac-amendment-text', v.proposeChange)) : null,
        h('details', {
          class: 'verbale-approvals', open: (ctx.local.approvalsOpen ?? (model.approvers.length <= 4 || model.status === 'approved')) || null,
          ontoggle: (e) => { ctx.local.approvalsOpen = e.target.open; },
        },
          h('summary', {}, v.approvalCount(model.count.approved, model.count.total)),
          approvers.length ? h('ul', { class: 'fac-list' }, approvers) : h('p', { class: 'fac-note' }, f.noApprovers)),
        model.status === 'approved'
          ? h('p', { class: 'fac-note' }, `${f.hash}: `, h('code', { class: 'fac-hash' }, model.hash))
          : model.currentHash ? h('p', { class: 'fac-note' }, `${f.currentHash}: `, h('code', { class: 'fac-hash' }, model.currentHash)) : null,
      ];
    },
  };
}

/** The amendments: proposed by attendees, accepted or rejected by the facilitator. */
export function amendmentsSection(ctx, sessionOf) {
  return {
    id: 'fac-amendments',
    model: () => {
      const session = sessionOf();
      if (!session || (session.status !== 'minutes_in_review' && session.status !== 'approved')) return { session: null };
      const { amendments, propose, decide } = reviewOf(ctx, session);
      return { session: session.id, amendments, propose, decide };
    },
    build(model) {
      const { f } = ctx;
      if (!model.session) return [];
      const s = model.session;
      const decided = () => { ctx.local.focus = 'fac-amendments-title'; };
      const amendments = model.amendments.map((a) => h('li', {},
        h('p', { class: 'fac-amendment' }, a.text),
        h('span', { class: 'fac-note' }, `${a.author} · `), h('strong', {}, f.amendmentStatus[a.status] ?? a.status),
        model.decide && a.status === 'proposed' ? h('span', { class: 'fac-actions' },
          ctx.button(`fac-accept-${a.id}`, f.accept, () => ctx.act(`fac-accept-${a.id}`, { acceptAmendment: { id: a.id } }, decided), { 'aria-label': `${f.accept}: ${a.text.slice(0, 80)}` }),
          ctx.button(`fac-reject-${a.id}`, f.reject, () => ctx.act(`fac-reject-${a.id}`, { rejectAmendment: { id: a.id } }, decided), { 'aria-label': `${f.reject}: ${a.text.slice(0, 80)}` })) : null));
      const propose = () => {
        const text = String(ctx.draft('fac-amendment-text')).trim();
        if (!text) return ctx.fail('fac-propose', f.errors.required);
        ctx.act('fac-propose', { proposeAmendment: { session: s, text } }, () => ctx.drafts.delete('fac-amendment-text'));
      };
      return [
        h('h3', { 'data-key': 'fac-amendments-title', tabindex: '-1' }, f.amendments),
        amendments.length ? h('ul', { class: 'fac-list' }, amendments) : h('p', { class: 'fac-note' }, f.noAmendments),
        model.propose ? h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); propose(); } },
          ctx.field('fac-amendment-text', f.amendmentText, { rows: 3, maxlength: 10000 }, 'textarea'),
          ctx.button('fac-propose', f.propose, null, { type: 'submit' })) : null,
      ];
    },
  };
}
