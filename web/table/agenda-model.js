// The agenda of a session as stored in the table's document: `agenda:<session>` is a list of
// maps {title, presenter, minutes (Int64 time box), status: 'todo' | 'current' | 'done'}.
// These functions read and edit it on a Document; the view only calls them.

import { ObjectRef, idString as idText } from '../crdt/ids.js';


/** The items in order: {id ('replica@counter', also the timer key), object, title, presenter, minutes, status}. */
export function agendaItems(doc, list) {
  if (!list) return [];
  const ids = doc.elementIDs(list);
  return doc.values(list).map((value, i) => {
    if (!(value instanceof ObjectRef) || value.kind !== 'map') return null;
    const get = (key) => doc.value(key, value.id);
    const minutes = get('minutes');
    return {
      id: idText(ids[i]), object: value.id, index: i,
      title: String(get('title') ?? ''), presenter: String(get('presenter') ?? ''),
      minutes: typeof minutes === 'bigint' || typeof minutes === 'number' ? Number(minutes) : 0,
      status: ['todo', 'current', 'done'].includes(get('status')) ? get('status') : 'todo',
    };
  }).filter(Boolean);
}

/** Writes the fields of an item (a time box in whole minutes, stored as an Int64). */
export function setItemFields(doc, object, { title, presenter, minutes }) {
  if (title !== undefined) doc.set('title', title, object);
  if (presenter !== undefined) doc.set('presenter', presenter, object);
  if (minutes !== undefined) doc.set('minutes', BigInt(Math.max(0, Math.round(Number(minutes) || 0))), object);
}

/** Appends an item; returns its object id. */
export function addItem(doc, list, fields) {
  const object = doc.makeObject('map', doc.values(list).length, list);
  setItemFields(doc, object, fields);
  doc.set('status', 'todo', object);
  return object;
}

export function removeItem(doc, list, index) { doc.remove(index, list); }

/** Moves the item at `from` to index `to` (both clamped to the list); false when nothing moves. */
export function moveItem(doc, list, from, to) {
  const n = doc.values(list).length;
  const target = Math.max(0, Math.min(n - 1, to));
  if (from === target || from < 0 || from >= n) return false;
  doc.move(from, target, list);
  return true;
}

/**
 * "Next item": the current item becomes done and the next one not done becomes current (the
 * first not done when none is current). Returns the new current item's index, or -1.
 */
export function nextItem(doc, list) {
  const items = agendaItems(doc, list);
  const current = items.findIndex((item) => item.status === 'current');
  if (current >= 0) doc.set('status', 'done', items[current].object);
  const next = items.findIndex((item, i) => i > current && item.status !== 'done');
  if (next >= 0) doc.set('status', 'current', items[next].object);
  return next;
}

/** Seconds elapsed on an item's timer ({elapsedSeconds, runningSince?} from the table state) at `now` (ms). */
export function elapsedSeconds(timer, now) {
  if (!timer) return 0;
  const running = timer.runningSince ? Math.max(0, Math.floor((now - timer.runningSince) / 1000)) : 0;
  return (timer.elapsedSeconds ?? 0) + running;
}

/** "m:ss". */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
