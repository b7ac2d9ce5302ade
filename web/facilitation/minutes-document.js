// The lists of a session's minutes in the CRDT document (docs/protocol.md, "Minutes"):
// `minutes:<session>` is a map created by the server with `decisions`, `openPoints` and
// `actions` lists; each item is a map ({text}, or {who, what, due}). Items are identified
// by their map's id, which stays valid while others add, edit or remove items. An item may
// name the agenda item it belongs to in its `item` field (the agenda item's id; absent or empty:
// none), read here as `agendaItem`.
import { ObjectRef } from '../crdt/document.js';
import { idString as idKey } from '../crdt/ids.js';
import { MINUTES, minutesKey } from '../table/layout.js';

/** The lists in the order the minutes show them, each with its items' fields. */
export const LISTS = MINUTES.lists.map(({ key, itemFields }) => ({ key, fields: itemFields }));


export function minutesRef(doc, session) {
  const ref = doc.value(minutesKey(session));
  return ref instanceof ObjectRef && ref.kind === 'map' ? ref.id : null;
}

/** {decisions, openPoints, actions}: each {id, items: [{id, key, fields, agendaItem}]} (`agendaItem`: the
 *  agenda item's id or null), or null before the server made them. */
export function readMinutes(doc, session) {
  const minutes = minutesRef(doc, session);
  if (!minutes) return null;
  const result = {};
  for (const { key, fields } of LISTS) {
    const list = doc.value(key, minutes);
    if (!(list instanceof ObjectRef) || list.kind !== 'list') { result[key] = null; continue; }
    const items = [];
    for (const value of doc.values(list.id)) {
      if (!(value instanceof ObjectRef) || value.kind !== 'map') continue;
      const read = {};
      for (const field of fields) {
        const v = doc.value(field, value.id);
        read[field] = typeof v === 'string' ? v : '';
      }
      const agendaItem = doc.value('item', value.id);
      items.push({ id: value.id, key: idKey(value.id), fields: read, agendaItem: typeof agendaItem === 'string' && agendaItem ? agendaItem : null });
    }
    result[key] = { id: list.id, items };
  }
  return result;
}

/** Appends an item (a new map at the end of the list); returns its id. */
export function addItem(doc, listID, fields) {
  const item = doc.makeObject('map', doc.values(listID).length, listID);
  for (const [key, value] of Object.entries(fields)) doc.set(key, value, item);
  return item;
}

/** Sets only the fields that changed, so a concurrent edit of another field is kept. */
export function updateItem(doc, itemID, fields) {
  for (const [key, value] of Object.entries(fields)) if (doc.value(key, itemID) !== value) doc.set(key, value, itemID);
}

/** The fields a person changed in an edit form opened on `original`: a field someone else edited
 *  meanwhile is not written back with the value the form started from. */
export function changedFields(values, original) {
  return Object.fromEntries(Object.entries(values).filter(([field, value]) => value !== String(original[field] ?? '').trim()));
}

/** Removes the item wherever it is now (others may have moved the list since it was shown). */
export function removeItem(doc, listID, itemID) {
  const index = doc.values(listID).findIndex((v) => v instanceof ObjectRef && idKey(v.id) === idKey(itemID));
  if (index >= 0) doc.remove(index, listID);
  return index >= 0;
}

// The canonical rendering the server hashes (MinutesContent.swift): keys sorted by UTF-8 bytes,
// texts as {"text": …}, no spaces, strings escaped only for " \ and control characters.
const byCodePoint = (a, b) => {
  const x = [...a]; const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
};

function quote(s) {
  let out = '"';
  for (const c of s) {
    const u = c.codePointAt(0);
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (u < 0x20) out += '\\u' + u.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

export function canonical(node) {
  if ('map' in node) return '{' + Object.keys(node.map).sort(byCodePoint).map((k) => quote(k) + ':' + canonical(node.map[k])).join(',') + '}';
  if ('list' in node) return '[' + node.list.map(canonical).join(',') + ']';
  if ('text' in node) return '{"text":' + quote(node.text) + '}';
  const v = node.value;
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  // Swift prints whole doubles with ".0"; exponents differ too, but the minutes hold no numbers.
  if (typeof v === 'number') return Number.isFinite(v) ? (Number.isInteger(v) ? `${v}.0` : String(v)) : 'null';
  return 'null';
}

/** SHA-256 (hex) of the minutes as they read now, as the server computes it; null where the
 *  browser offers no Web Crypto (pages not served over https or from localhost). */
export async function contentHash(doc, session) {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const minutes = minutesRef(doc, session);
  const text = minutes ? canonical(doc.node(minutes)) : 'null';
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
