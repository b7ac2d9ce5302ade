// Comments on shared texts (docs/protocol.md conventions): the `comments` list holds maps
// {area, object, start, end, body, author, resolved, replies: [{body, author}]} where `start`
// and `end` are the ids of the first and last commented characters, so a comment stays on its
// words while the text around it changes.

import { ObjectRef, idString as idText } from '../crdt/ids.js';


/**
 * The character ids of text `object`, from the CRDT's authorship (one replay of the text's
 * history): idAt(position) and positionOf('replica@counter') (-1 when that character is deleted).
 */
export function characterIDs(doc, object) {
  const spans = doc.authorship(object);
  const byReplica = new Map();
  for (const span of spans) {
    if (!byReplica.has(span.replica)) byReplica.set(span.replica, []);
    byReplica.get(span.replica).push(span);
  }
  return {
    idAt(position) {
      let lo = 0, hi = spans.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1, s = spans[mid];
        if (position < s.position) hi = mid - 1;
        else if (position >= s.position + s.count) lo = mid + 1;
        else return `${s.replica}@${s.first.counter + position - s.position}`;
      }
      return null;
    },
    positionOf(id) {
      const at = id.lastIndexOf('@');
      const counter = Number(id.slice(at + 1));
      for (const s of byReplica.get(id.slice(0, at)) ?? []) {
        if (counter >= s.first.counter && counter < s.first.counter + s.count) return s.position + counter - s.first.counter;
      }
      return -1;
    },
  };
}

function read(doc, map) {
  const get = (key) => doc.value(key, map);
  const replies = get('replies');
  return {
    body: String(get('body') ?? ''), author: String(get('author') ?? ''), authorID: get('authorID') ?? null,
    replies: replies instanceof ObjectRef ? doc.values(replies.id)
      .filter((r) => r instanceof ObjectRef)
      .map((r) => ({ body: String(doc.value('body', r.id) ?? ''), author: String(doc.value('author', r.id) ?? ''), authorID: doc.value('authorID', r.id) ?? null })) : [],
    repliesList: replies instanceof ObjectRef ? replies.id : null,
  };
}

/** The comments on text `objectText` ('replica@counter'), in list order. */
export function commentsOn(doc, list, objectText) {
  if (!list) return [];
  return doc.values(list).map((value, index) => {
    if (!(value instanceof ObjectRef) || value.kind !== 'map') return null;
    if (doc.value('object', value.id) !== objectText) return null;
    return {
      index, map: value.id, area: doc.value('area', value.id), object: objectText,
      start: String(doc.value('start', value.id) ?? ''), end: String(doc.value('end', value.id) ?? ''),
      resolved: doc.value('resolved', value.id) === true, ...read(doc, value.id),
    };
  }).filter(Boolean);
}

/** Adds a comment on scalars [from, to) of text `object` (in root key `area`). */
export function addComment(doc, list, { area, object, from, to, body, author, authorID }) {
  const ids = characterIDs(doc, object);
  const start = ids.idAt(from), end = ids.idAt(to - 1);
  if (!start || !end || to <= from) throw new RangeError('a comment needs some selected text');
  const map = doc.makeObject('map', doc.values(list).length, list);
  for (const [key, value] of Object.entries({ area, object: idText(object), start, end, body, author, resolved: false })) doc.set(key, value, map);
  if (authorID) doc.set('authorID', authorID, map);
  doc.makeObject('list', 'replies', map);
  return map;
}

export function addReply(doc, comment, { body, author, authorID }) {
  const list = comment.repliesList ?? doc.makeObject('list', 'replies', comment.map);
  const reply = doc.makeObject('map', doc.values(list).length, list);
  doc.set('body', body, reply);
  doc.set('author', author, reply);
  if (authorID) doc.set('authorID', authorID, reply);
}

export function setResolved(doc, comment, resolved) { doc.set('resolved', resolved, comment.map); }
