// Sessions: their status for everyone; scheduling, opening and closing for facilitators.
// Closing asks for a confirmation, because it ends the meeting for everyone and cannot be undone.
// While a session is live, scheduling the next one is folded away: it is preparation, and the
// live controls (the cockpit) come first.
// Each session states its record (issue 13): date and time, mode, place, meeting link, chair and
// secretary, for everyone; facilitators record them in a folded form under it (record.js).
import { sessionsModel } from './model.js';
import { h } from './ui-kit.js';
import { recordEditor, recordFacts, recordModel } from './record.js';

export function sessionsSection(ctx) {
  return {
    id: 'fac-sessions',
    model: () => {
      const model = sessionsModel(ctx.view.client.state, ctx.view.me);
      const state = ctx.view.client.state;
      const records = Object.fromEntries((state?.sessions ?? []).map((s) => [s.id, recordModel(s, state)]));
      return { ...model, records, shown: ctx.view.session()?.id ?? null, live: model.sessions.some((s) => s.status === 'live') };
    },
    build(model) {
      const { f } = ctx;
      const closing = ctx.local.closing;
      // Only the newest scheduled session still without a record opens its form by itself: a list of open forms would bury the rest.
      const fresh = model.sessions.filter((s) => s.status === 'scheduled' && model.records[s.id].facts.empty).at(-1)?.id;
      const rows = model.sessions.map((s) => h('li', { class: s.id === model.shown ? 'fac-shown' : null },
        h('span', { class: 'fac-title' }, s.title), ' ',
        h('span', { class: `fac-status fac-status-${s.status}` }, f.status[s.status] ?? s.status),
        s.open ? h('span', { class: 'fac-actions' }, ctx.button(`fac-open-${s.id}`, f.open, () => ctx.act(`fac-open-${s.id}`, { openSession: { session: s.id } }))) : null,
        s.close && closing !== s.id ? h('span', { class: 'fac-actions' }, ctx.button(`fac-close-${s.id}`, f.close, () => { ctx.local.closing = s.id; ctx.local.focus = `fac-close-cancel-${s.id}`; ctx.changed(); })) : null,
        s.close && closing === s.id ? h('span', { class: 'fac-actions' }, h('span', { class: 'fac-note' }, f.closeWarning),
          ctx.button(`fac-close-confirm-${s.id}`, f.closeConfirm, () =>
            ctx.act(`fac-close-confirm-${s.id}`, { closeSession: { session: s.id } }, () => { ctx.local.closing = null; })),
          ctx.button(`fac-close-cancel-${s.id}`, f.cancel, () => { ctx.local.closing = null; ctx.local.focus = `fac-close-${s.id}`; ctx.changed(); })) : null,
        recordFacts(f.record, model.records[s.id].facts, { id: `fac-record-${s.id}`, sayNone: model.schedule && model.records[s.id].editable }),
        model.schedule && model.records[s.id].editable ? recordEditor(ctx, s, model.records[s.id], { openByDefault: s.id === fresh }) : null));
      const schedule = () => {
        const title = String(ctx.draft('fac-schedule-title')).trim();
        if (!title) return ctx.fail('fac-schedule', f.errors.required);
        ctx.act('fac-schedule', { scheduleSession: { title } }, () => ctx.drafts.delete('fac-schedule-title'));
      };
      return [
        h('h2', {}, f.sessions),
        rows.length ? h('ul', { class: 'fac-list' }, rows) : h('p', {}, f.noSessions),
        model.schedule ? ctx.setup('schedule', f.cockpit.setup.session, model.live,
          h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); schedule(); } },
            ctx.field('fac-schedule-title', f.sessionTitle, { maxlength: 200, autocomplete: 'off' }),
            ctx.button('fac-schedule', f.schedule, null, { type: 'submit' }))) : null,
      ];
    },
  };
}
