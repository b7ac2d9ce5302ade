// The verbale's decisions, open points and action items, grouped under the agenda item each
// belongs to (its `item` field; the others under "Altro"). Everyone reads them; whoever may
// edit `minutes:<session>` adds, edits and removes entries (CRDT edits, applied at once and
// sent by the client). They are part of the verbale view (verbale.js) in the documents panel;
// the facilitation panel only points there (minutesSection).
import { ObjectRef } from '../crdt/document.js';
import { LISTS, readMinutes, addItem, updateItem, removeItem, changedFields } from './minutes-document.js';
import { ITEM_FIELD, defaultAgendaItem, groupByAgenda } from './verbale-model.js';
import { h } from './ui-kit.js';
import { agendaKey, minutesKey } from '../table/layout.js';
import { agendaItems } from '../table/agenda-model.js';

/** The facilitation panel's pointer to the verbale view (which holds what used to be here). */
export function minutesSection(ctx) {
  return {
    id: 'fac-minutes-link',
    model: () => {
      const session = ctx.view.session();
      return session ? { session: session.id, title: session.title } : { session: null };
    },
    build(model) {
      const v = ctx.t.verbale;
      if (!model.session || !v) return [];
      return [
        h('h2', {}, v.title),
        h('p', { class: 'fac-note' }, v.whereItIs),
        ctx.button('fac-open-verbale', v.open, () => openVerbale(model.session)),
      ];
    },
  };
}

/** Asks the documents panel to show a session's verbale (web/table/editor.js listens). */
export function openVerbale(session) {
  document.dispatchEvent(new CustomEvent('tavolo:open-verbale', { detail: { session } }));
}

/** The agenda items of a session: [{id, title, status}]. */
export function sessionAgenda(doc, session) {
  const list = doc.value(agendaKey(session));
  return list instanceof ObjectRef && list.kind === 'list' ? agendaItems(doc, list.id).map(({ id, title, status }) => ({ id, title, status })) : [];
}

/** The entries of the verbale of `sessionOf()`'s session, grouped by agenda item. */
export function entriesSection(ctx, sessionOf) {
  return {
    id: 'fac-minutes',
    model: () => {
      const session = sessionOf();
      if (!session) return { session: null };
      const doc = ctx.view.client.document;
      const agenda = sessionAgenda(doc, session.id);
      return {
        session: session.id, lists: readMinutes(doc, session.id), agenda,
        current: defaultAgendaItem(agenda, ctx.view.client.state?.timers),
        edit: ctx.view.canEdit(minutesKey(session.id)),
      };
    },
    build(model) {
      const { f } = ctx;
      const v = ctx.t.verbale;
      if (!model.session) return [];
      if (!model.lists) return [h('h3', {}, v.entries), h('p', {}, f.notReady)];
      const groups = groupByAgenda(model.lists, model.agenda);
      // The new entries' agenda item follows the item under discussion, until someone picks one.
      for (const { key } of LISTS) {
        const draft = `fac-add-${key}-${ITEM_FIELD}`;
        if (!ctx.drafts.has(draft) || ctx.drafts.get(draft) === ctx.local.autoItem) ctx.drafts.set(draft, model.current);
      }
      ctx.local.autoItem = model.current;
      return [
        h('h3', { 'data-key': 'fac-minutes-title', tabindex: '-1' }, v.entries),
        groups.length ? groups.map((group) => groupView(ctx, model, group)) : h('p', { class: 'fac-note' }, v.noEntries),
        model.edit ? h('div', { class: 'verbale-add' }, LISTS.map(({ key, fields }) => addForm(ctx, model, key, fields))) : null,
      ];
    },
  };
}

function groupView(ctx, model, group) {
  const v = ctx.t.verbale;
  const heading = group.item ? `${group.index}. ${group.item.title || v.untitledItem}` : v.other;
  const id = `fac-group-${group.item ? group.item.id : 'other'}`;
  return h('section', { class: 'verbale-group', 'aria-labelledby': id },
    h('h4', { id }, heading),
    LISTS.filter(({ key }) => group.lists[key].length).map(({ key, fields }) => h('div', { class: 'fac-sublist' },
      h('h5', {}, ctx.f[key]),
      h('ul', { class: 'fac-list' }, group.lists[key].map((entry) => entryView(ctx, model, key, fields, entry))))));
}

function itemText(f, key, fields) {
  if (key !== 'actions') return fields.text;
  const due = /^\d{4}-\d{2}-\d{2}$/.test(fields.due) ? new Date(`${fields.due}T12:00:00`).toLocaleDateString(f.locale, { day: 'numeric', month: 'long', year: 'numeric' }) : fields.due;
  return [fields.what, fields.who ? `${f.who}: ${fields.who}` : '', due ? `${f.due}: ${due}` : ''].filter(Boolean).join(' · ');
}

/** Reads a form's drafts; null (after showing the error) when a required field is empty. */
function collect(ctx, prefix, fields, errorKey) {
  const values = Object.fromEntries(fields.map((field) => [field, String(ctx.draft(`${prefix}-${field}`)).trim()]));
  const required = fields.includes('text') ? 'text' : 'what';
  if (!values[required]) { ctx.fail(errorKey, ctx.f.errors.required); return null; }
  values[ITEM_FIELD] = String(ctx.draft(`${prefix}-${ITEM_FIELD}`));
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

/** The agenda item a form files its entry under. */
function itemPicker(ctx, model, key, value) {
  const v = ctx.t.verbale;
  const options = [
    ...model.agenda.map((item, i) => h('option', { value: item.id }, `${i + 1}. ${item.title || v.untitledItem}`)),
    h('option', { value: '' }, v.other),
  ];
  return ctx.field(key, v.agendaItem, { value: model.agenda.some((item) => item.id === value) ? value : '' }, 'select', options);
}

function inputs(ctx, model, prefix, fields, values = {}, item = model.current) {
  const { f } = ctx;
  return [
    fields.map((field) => (field === 'text'
      ? ctx.field(`${prefix}-text`, f.text, { rows: 2, value: values.text ?? '' }, 'textarea')
      : ctx.field(`${prefix}-${field}`, f[field], { type: field === 'due' ? 'date' : 'text', value: values[field] ?? '', autocomplete: 'off' }))),
    itemPicker(ctx, model, `${prefix}-${ITEM_FIELD}`, item),
  ];
}

function entryView(ctx, model, key, fields, entry) {
  const { f } = ctx;
  const prefix = `fac-item-${entry.key}`;
  const list = model.lists[key];
  if (model.edit && ctx.local.editingItem === entry.key) {
    const save = () => {
      const values = collect(ctx, prefix, fields, `${prefix}-save`);
      const changed = values && changedFields(values, ctx.local.editingFrom ?? {});
      if (changed && edit(ctx, `${prefix}-save`, (doc) => updateItem(doc, entry.id, changed))) {
        ctx.local.editingItem = null;
        ctx.local.focus = `${prefix}-edit`;
        ctx.forget(`${prefix}-`);
        ctx.changed();
      }
    };
    return h('li', {}, h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); save(); } },
      h('fieldset', { class: 'fac-fieldset' }, h('legend', { class: 'fac-label' }, `${f.edit}: ${itemText(f, key, entry.fields)}`),
        inputs(ctx, model, prefix, fields, entry.fields, entry.agendaItem ?? '')),
      h('div', { class: 'fac-actions' },
        ctx.button(`${prefix}-save`, f.save, null, { type: 'submit' }),
        ctx.button(`${prefix}-cancel`, f.cancel, () => { ctx.local.editingItem = null; ctx.local.focus = `${prefix}-edit`; ctx.forget(`${prefix}-`); ctx.changed(); }))));
  }
  const text = itemText(f, key, entry.fields);
  return h('li', {}, h('span', {}, text),
    model.edit ? h('span', { class: 'fac-actions' },
      ctx.button(`${prefix}-edit`, f.edit, () => {
        ctx.local.editingItem = entry.key;
        ctx.local.editingFrom = { ...entry.fields, [ITEM_FIELD]: entry.agendaItem ?? '' };
        ctx.local.focus = `${prefix}-${fields[0] === 'text' ? 'text' : 'what'}`;
        ctx.forget(`${prefix}-`);
        ctx.changed();
      }, { 'aria-label': `${f.edit}: ${text}` }),
      // The focus goes to the section's heading with the entry it was on.
      ctx.button(`${prefix}-remove`, f.deleteItem, () => { if (edit(ctx, `${prefix}-remove`, (doc) => removeItem(doc, list.id, entry.id))) { ctx.local.focus = 'fac-minutes-title'; ctx.changed(); } },
        { 'aria-label': `${f.deleteItem}: ${text}` })) : null);
}

function addForm(ctx, model, key, fields) {
  const { f } = ctx;
  const list = model.lists[key];
  if (!list) return null;
  const prefix = `fac-add-${key}`;
  const add = () => {
    const values = collect(ctx, prefix, fields, prefix);
    if (!values) return;
    if (!values[ITEM_FIELD]) delete values[ITEM_FIELD];
    if (edit(ctx, prefix, (doc) => addItem(doc, list.id, values))) {
      // The agenda item stays chosen for the next entry; the texts are emptied.
      for (const field of fields) ctx.drafts.delete(`${prefix}-${field}`);
      ctx.changed();
    }
  };
  return h('form', { class: 'fac-form', onsubmit: (e) => { e.preventDefault(); add(); } },
    h('fieldset', { class: 'fac-fieldset' }, h('legend', { class: 'fac-label' }, f.newItem[key]), inputs(ctx, model, prefix, fields)),
    ctx.button(prefix, f.add[key], null, { type: 'submit' }));
}
