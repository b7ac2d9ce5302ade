// The minutes' lists of the session shown: decisions, open points, action items. Everyone
// reads them; whoever may edit `minutes:<session>` adds, edits and removes items (CRDT edits,
// applied at once and sent by the client).
import { LISTS, readMinutes, addItem, updateItem, removeItem, changedFields } from './minutes-document.js';
import { h } from './ui-kit.js';
import { minutesKey } from '../table/layout.js';

export function minutesSection(ctx) {
  return {
    id: 'fac-minutes',
    model: () => {
      const session = ctx.view.session();
      if (!session) return { session: null };
      return { session: session.id, lists: readMinutes(ctx.view.client.document, session.id), edit: ctx.view.canEdit(minutesKey(session.id)) };
    },
    build(model) {
      const { f } = ctx;
      if (!model.session) return [];
      return [
        h('h2', {}, f.minutes),
        model.lists ? LISTS.map(({ key, fields }) => listView(ctx, model, key, fields)) : h('p', {}, f.notReady),
      ];
    },
  };
}

function itemText(f, key, fields) {
  if (key !== 'actions') return fields.text;
  const due = /^\d{4}-\d{2}-\d{2}$/.test(fields.due) ? new Date(`${fields.due}T12:00:00`).toLocaleDateString(f.locale) : fields.due;
  return [fields.what, fields.who ? `${f.who}: ${fields.who}` : '', due ? `${f.due}: ${due}` : ''].filter(Boolean).join(' · ');
}

/** Reads a form's drafts; null (after showing the error) when a required field is empty. */
function collect(ctx, prefix, fields, errorKey) {
  const values = Object.fromEntries(fields.map((field) => [field, String(ctx.draft(`${prefix}-${field}`)).trim()]));
  const required = fields.includes('text') ? 'text' : 'what';
  if (!values[required]) { ctx.fail(errorKey, ctx.f.errors.required); return null; }
  return values;
}

function edit(ctx, errorKey, change) {
  try {
    ctx.view.client.edit(change);
    ctx.errors.delete(errorKey);
    return true;
  } catch {
    // The item was removed by someone else meanwhile, or the document is not there yet.
    ctx.fail(errorKey, ctx.f.errors.not_found);
    return false;
  }
}

function inputs(ctx, prefix, fields, values = {}) {
  const { f } = ctx;
  return fields.map((field) => (field === 'text'
    ? ctx.field(`${prefix}-text`, f.text, { rows: 2, value: values.text ?? '' }, 'textarea')
    : ctx.field(`${prefix}-${field}`, f[field], { type: field === 'due' ? 'date' : 'text', value: values[field] ?? '', autocomplete: 'off' })));
}

function listView(ctx, model, key, fields) {
  const { f } = ctx;
  const list = model.lists[key];
  const editing = ctx.local.editingItem;
  const items = (list?.items ?? []).map((item) => {
    const prefix = `fac-item-${item.key}`;
    if (model.edit && editing === item.key) {
      const save = () => {
        const values = collect(ctx, prefix, fields, `${prefix}-save`);
        const changed = values && changedFields(values, ctx.local.editingFrom ?? {});
        if (changed && edit(ctx, `${prefix}-save`, (doc) => updateItem(doc, item.id, changed))) {
          ctx.local.editingItem = null;
          ctx.local.focus = `${prefix}-edit`;
          ctx.forget(`${prefix}-`);
          ctx.changed();
        }
      };
      return h('li', {}, h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); save(); } },
        h('fieldset', { class: 'fac-fieldset' }, h('legend', { class: 'fac-label' }, `${f.edit}: ${itemText(f, key, item.fields)}`),
          inputs(ctx, prefix, fields, item.fields)),
        h('div', { class: 'fac-actions' },
          ctx.button(`${prefix}-save`, f.save, null, { type: 'submit' }),
          ctx.button(`${prefix}-cancel`, f.cancel, () => { ctx.local.editingItem = null; ctx.local.focus = `${prefix}-edit`; ctx.forget(`${prefix}-`); ctx.changed(); }))));
    }
    const text = itemText(f, key, item.fields);
    return h('li', {}, h('span', {}, text),
      model.edit ? h('span', { class: 'fac-actions' },
        ctx.button(`${prefix}-edit`, f.edit, () => { ctx.local.editingItem = item.key; ctx.local.editingFrom = { ...item.fields }; ctx.local.focus = `${prefix}-${fields[0] === 'text' ? 'text' : 'what'}`; ctx.forget(`${prefix}-`); ctx.changed(); }, { 'aria-label': `${f.edit}: ${text}` }),
        ctx.button(`${prefix}-remove`, f.deleteItem, () => { if (edit(ctx, `${prefix}-remove`, (doc) => removeItem(doc, list.id, item.id))) ctx.changed(); },
          { 'aria-label': `${f.deleteItem}: ${text}` })) : null);
  });
  const prefix = `fac-add-${key}`;
  const add = () => {
    const values = collect(ctx, prefix, fields, prefix);
    if (values && edit(ctx, prefix, (doc) => addItem(doc, list.id, values))) { ctx.forget(`${prefix}-`); ctx.changed(); }
  };
  return h('section', { class: 'fac-sublist', 'aria-labelledby': `fac-minutes-${key}` },
    h('h3', { id: `fac-minutes-${key}` }, f[key]),
    items.length ? h('ul', { class: 'fac-list' }, items) : h('p', { class: 'fac-note' }, f.empty),
    model.edit && list ? h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); add(); } },
      h('fieldset', { class: 'fac-fieldset' }, h('legend', { class: 'fac-label' }, f.newItem[key]), inputs(ctx, prefix, fields)),
      ctx.button(prefix, f.add[key], null, { type: 'submit' })) : null);
}
