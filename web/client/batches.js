// Splitting a replica's own operations into messages the server accepts: at most
// `maxOperationsPerMessage` (10,000 by default) operations each, so pasting a long text is
// sent as several batches instead of one the server refuses forever.

import { OpKind } from '../crdt/ids.js';

/** The runs' pieces, in order, grouped so each group holds at most `limit` operations. */
export function splitRuns(runs, limit) {
  const groups = [];
  let group = [];
  let count = 0;
  const close = () => { if (group.length) groups.push(group); group = []; count = 0; };
  for (const run of runs) {
    for (let offset = 0; offset < run.len;) {
      if (count === limit) close();
      const len = Math.min(run.len - offset, limit - count);
      group.push(offset === 0 && len === run.len ? run : piece(run, offset, len));
      count += len;
      offset += len;
    }
  }
  close();
  return groups;
}

/** Operations [offset, offset + len) of a run, as a run of their own (docs/crdt.md §3.2). */
function piece(run, offset, len) {
  const out = { ...run, seq: run.seq + offset, len };
  if (offset > 0) out.parents = [{ replica: run.replica, counter: run.seq + offset - 1 }];
  if (run.kind === OpKind.insertText) {
    out.pos = run.pos + offset;
    out.content = run.content.slice(offset, offset + len);
  } else if (run.kind === OpKind.deleteText && !run.forward) {
    out.pos = run.pos - offset;   // a backward run (Backspace) deletes leftwards from pos
  }
  return out;
}

export const operationCount = (runs) => runs.reduce((n, r) => n + r.len, 0);
