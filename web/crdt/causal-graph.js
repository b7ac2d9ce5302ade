// The causal graph, run-length encoded, with the two-frontier walk (docs/crdt.md §2, §3.3).
// A port of Sources/TavoloCRDT/CausalGraph/*.swift: entry merging, frontier updates and
// walk order are the same, so local versions (LVs) and the wire output match Swift.
import { Version } from './ids.js';

export class CausalGraph {
  constructor() {
    /** Entries {start, end, agent, seq, lamport, parents: [LV] (sorted)}. */
    this.entries = [];
    this.agents = [];
    this.agentIndex = new Map();
    /** Per agent: [{seq, lv, len}] sorted by seq. */
    this.agentSpans = [];
    /** Current version as the events no other depends on. */
    this.frontier = [];
  }

  get count() { return this.entries.length ? this.entries[this.entries.length - 1].end : 0; }

  agent(name) {
    let i = this.agentIndex.get(name);
    if (i !== undefined) return i;
    this.agents.push(name);
    this.agentSpans.push([]);
    i = this.agents.length - 1;
    this.agentIndex.set(name, i);
    return i;
  }

  nextSeq(agent) {
    const s = this.agentSpans[agent];
    if (!s.length) return 0;
    const last = s[s.length - 1];
    return last.seq + last.len;
  }

  lvOf(agent, seq) {
    const spans = this.agentSpans[agent];
    let lo = 0, hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = spans[mid];
      if (seq < s.seq) hi = mid; else if (seq >= s.seq + s.len) lo = mid + 1; else return s.lv + seq - s.seq;
    }
    return null;
  }

  /** LV of an OpID, or null. */
  lv(id) {
    const a = this.agentIndex.get(id.replica);
    if (a === undefined) return null;
    return this.lvOf(a, id.counter);
  }

  entryIndex(lv) {
    const e = this.entries;
    let lo = 0, hi = e.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (e[mid].start <= lv) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  agentSeq(lv) {
    const e = this.entries[this.entryIndex(lv)];
    return [e.agent, e.seq + lv - e.start];
  }

  id(lv) {
    const [a, s] = this.agentSeq(lv);
    return { replica: this.agents[a], counter: s };
  }

  parents(lv) {
    const e = this.entries[this.entryIndex(lv)];
    return lv === e.start ? e.parents.slice() : [lv - 1];
  }

  /** The only parent of an event, or null with none or several. */
  singleParent(lv) {
    const e = this.entries[this.entryIndex(lv)];
    if (lv > e.start) return lv - 1;
    return e.parents.length === 1 ? e.parents[0] : null;
  }

  lamport(lv) {
    const e = this.entries[this.entryIndex(lv)];
    return e.lamport + lv - e.start;
  }

  /** Appends `len` events by `agent` from `seq`, the first with `parents` (LVs); returns the first LV. */
  add(agent, seq, len, parents) {
    const start = this.count;
    const last = this.entries[this.entries.length - 1];
    if (last && last.agent === agent && parents.length === 1 && parents[0] === start - 1 &&
        last.seq + (last.end - last.start) === seq) {
      last.end += len;
    } else {
      const ps = parents.slice().sort((x, y) => x - y);
      let lamport = -1;
      for (const p of ps) lamport = Math.max(lamport, this.lamport(p));
      this.entries.push({ start, end: start + len, agent, seq, lamport: lamport + 1, parents: ps });
    }
    const spans = this.agentSpans[agent];
    const s = spans[spans.length - 1];
    if (s && s.seq + s.len === seq && s.lv + s.len === start) s.len += len;
    else spans.push({ seq, lv: start, len });
    if (this.frontier.length === 1 && parents.length === 1 && this.frontier[0] === parents[0]) {
      this.frontier[0] = start + len - 1;
    } else {
      this.frontier = this.frontier.filter((f) => !parents.includes(f));
      this.frontier.push(start + len - 1);
    }
    return start;
  }

  get version() {
    const v = new Map();
    this.agents.forEach((name, i) => { const n = this.nextSeq(i); if (n > 0) v.set(name, n); });
    return new Version(v);
  }

  /**
   * Walks the closures of frontiers `a` and `b` newest first, calling visit(lo, hi, side) for
   * spans lo..<hi (descending). mode 'diff' stops when only shared events remain; 'conflict'
   * stops at a single shared event and returns it (-1 for the empty version).
   */
  walk(a, b, mode, visit) {
    const queue = []; // ascending by lv: {lv, side}
    let nonShared = 0;
    const push = (lv, side) => {
      let i = queue.length;
      while (i > 0 && queue[i - 1].lv > lv) i--;
      if (i > 0 && queue[i - 1].lv === lv) {
        const old = queue[i - 1].side;
        const nw = old | side;
        if (old !== 3 && nw === 3) nonShared--;
        queue[i - 1].side = nw;
      } else {
        queue.splice(i, 0, { lv, side });
        if (side !== 3) nonShared++;
      }
    };
    for (const x of a) push(x, 1);
    for (const x of b) push(x, 2);
    while (queue.length) {
      const { lv, side } = queue.pop();
      if (side !== 3) nonShared--;
      if (mode === 'diff') {
        if (side === 3 && nonShared === 0) return -1;
      } else if (side === 3 && queue.length === 0) return lv;
      const e = this.entries[this.entryIndex(lv)];
      let lo = e.start;
      const top = queue[queue.length - 1];
      if (top && top.lv >= e.start) lo = top.lv + 1;
      if (side !== 3 || mode === 'conflict') visit(lo, lv + 1, side);
      if (lo > e.start) push(lo - 1, side);
      else for (const p of e.parents) push(p, side);
    }
    return -1;
  }

  diff(from, to, body) { this.walk(from, to, 'diff', body); }

  /** The frontier of a version vector (ignoring what this graph lacks). */
  frontierOf(version) {
    const heads = [];
    for (const [name, n] of version.counts) {
      if (n <= 0) continue;
      const a = this.agentIndex.get(name);
      if (a === undefined) continue;
      const lv = this.lvOf(a, Math.min(n, this.nextSeq(a)) - 1);
      if (lv !== null) heads.push(lv);
    }
    return this.reduceToFrontier(heads);
  }

  reduceToFrontier(heads) {
    const sorted = [...new Set(heads)].sort((x, y) => x - y);
    if (sorted.length <= 1) return sorted;
    const result = [];
    for (const h of sorted) {
      let onlyA = false;
      this.walk([h], sorted.filter((x) => x !== h), 'diff', (_lo, _hi, side) => { if (side === 1) onlyA = true; });
      if (onlyA) result.push(h);
    }
    return result;
  }
}
