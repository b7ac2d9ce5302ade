// The session record on screen (issue 13, item 1): the facts every member reads in a session's
// header (when, how, where, the meeting's link, the chair and the secretary), and the
// facilitator's form that records them (`setSessionDetails`). The decisions are in
// record-model.js; this only draws them.
import { MODES, factLines, recordAction, recordCandidates, recordForm, sessionFacts } from './record-model.js';
import { h } from './ui-kit.js';

/** The facts of `session` as a list (nothing when none is recorded and `sayNone` is false). */
export function recordFacts(words, facts, { id = null, sayNone = false } = {}) {
  const lines = factLines(facts, words);
  if (!lines.length) return sayNone ? h('p', { class: 'fac-note fac-record-none', id }, words.none) : null;
  return h('ul', { class: 'fac-record', id },
    lines.map((line) => h('li', { class: `fac-record-${line.key}` },
      h('span', { class: 'fac-record-label' }, `${line.label}: `),
      line.href
        ? h('a', { href: line.href, target: '_blank', rel: 'noopener noreferrer', class: 'fac-record-href' }, line.value)
        : h('span', { class: 'fac-record-value' }, line.value))));
}

/** What the sessions section needs to draw a session's record (part of its model, so a change redraws it). */
export function recordModel(session, state) {
  const facts = sessionFacts(session, state);
  const form = recordForm(session);
  return {
    facts,
    form,
    editable: session.status !== 'approved',
    candidates: recordCandidates(state, [form.chair, form.secretary]).map((p) => ({ id: p.id, name: p.name, organisation: p.organisation })),
  };
}

/**
 * The facilitator's form for one session, folded under "Data, luogo, presidente e verbalizzante"
 * (open, by default, for the newest scheduled session with nothing recorded yet). Keys: fac-record-<session>-when, -mode, -place,
 * -meetingLink, -chair, -secretary, and fac-record-<session>-save.
 */
export function recordEditor(ctx, session, record, { openByDefault = record.facts.empty } = {}) {
  const f = ctx.f;
  const w = f.record;
  const key = (field) => `fac-record-${session.id}-${field}`;
  const open = ctx.local.recordOpen?.[session.id] ?? openByDefault;
  const person = (p) => (p.name ? (p.organisation ? `${p.name} (${p.organisation})` : p.name) : w.unknownPerson);
  const people = [h('option', { value: '' }, w.nobody), ...record.candidates.map((p) => h('option', { value: p.id }, person(p)))];
  const FIELDS = ['when', 'mode', 'place', 'meetingLink', 'chair', 'secretary'];
  // A field the form refuses is marked and explained right under it (the keyboard goes there too).
  const invalid = (field, hints = []) => ({
    'aria-invalid': ctx.errors.has(key(field)) ? 'true' : null,
    'aria-describedby': [...hints, ctx.errors.has(key(field)) ? `${key(field)}-error` : null].filter(Boolean).join(' ') || null,
  });
  const save = () => {
    for (const field of FIELDS) ctx.errors.delete(key(field));
    const form = Object.fromEntries(FIELDS.map((field) => [field, ctx.draft(key(field), record.form[field])]));
    const result = recordAction(session.id, form);
    if (result.error) {
      ctx.local.focus = key(result.field);
      return ctx.fail(key(result.field), w.errors[result.error]);
    }
    ctx.act(key('save'), result.action, () => {
      ctx.forget(`fac-record-${session.id}-`);   // the fields show what the server now holds
      ctx.local.recordSaved = session.id;
      // Folded once saved: the facts above say what was recorded; the keyboard stays on the fold.
      (ctx.local.recordOpen ??= {})[session.id] = false;
      ctx.local.focus = key('summary');
      ctx.view.announce(w.saved);
    });
  };
  return [h('details', {
    class: 'fac-details fac-record-editor', 'data-record': session.id, open,
    ontoggle: (e) => { (ctx.local.recordOpen ??= {})[session.id] = e.target.open; },
  },
  h('summary', { 'data-key': key('summary'), id: key('summary') }, w.edit),
  h('form', { class: 'fac-form fac-record-form', onsubmit: (e) => { e.preventDefault(); save(); } },
    ctx.field(key('when'), w.when, { type: 'datetime-local', value: record.form.when, ...invalid('when') }),
    ctx.error(key('when')),
    ctx.field(key('mode'), w.mode, { value: record.form.mode }, 'select',
      [h('option', { value: '' }, w.noMode), ...MODES.map((mode) => h('option', { value: mode }, w.modes[mode]))]),
    ctx.field(key('place'), w.place, { value: record.form.place, maxlength: 200, autocomplete: 'street-address', ...invalid('place', [`${key('place')}-hint`]) }),
    ctx.error(key('place')),
    h('p', { class: 'fac-note', id: `${key('place')}-hint` }, w.placeHint),
    ctx.field(key('meetingLink'), w.meetingLink, { type: 'text', inputmode: 'url', value: record.form.meetingLink, placeholder: 'https://', autocomplete: 'url', ...invalid('meetingLink', [`${key('meetingLink')}-hint`]) }),
    ctx.error(key('meetingLink')),
    h('p', { class: 'fac-note', id: `${key('meetingLink')}-hint` }, w.linkHint),
    ctx.field(key('chair'), w.chair, { value: record.form.chair, 'aria-describedby': `${key('people')}-hint` }, 'select', people),
    ctx.field(key('secretary'), w.secretary, { value: record.form.secretary, 'aria-describedby': `${key('people')}-hint` }, 'select', people.map((o) => o.cloneNode(true))),
    h('p', { class: 'fac-note', id: `${key('people')}-hint` }, w.peopleHint),
    ctx.button(key('save'), w.save, null, { type: 'submit' }))),
  ctx.local.recordSaved === session.id && !ctx.errors.has(key('save')) ? h('p', { class: 'fac-note', role: 'status' }, w.saved) : null];
}
