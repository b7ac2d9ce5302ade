/// A run of events with consecutive local versions (LVs) by one replica, each the parent of the next.
///
/// Local versions number the events a replica knows in the order it learned them; that order
/// is always topological (parents first). They never leave the replica: the wire uses `OpID`.
struct GraphEntry: Sendable {
    var start: Int
    var end: Int
    var agent: Int
    var seq: Int
    var lamport: Int
    /// Parents of `start` are `CausalGraph.parentStore[parentsStart..<parentsStart+parentsCount]`;
    /// every later event in the run has the previous one as its only parent. Kept out of line so
    /// an entry is plain data (no reference counting on the hot paths).
    var parentsStart: Int32
    var parentsCount: Int32
}

/// One replica's sequence numbers `seq..<seq+len` stored at local versions `lv..<lv+len`.
struct AgentSpan: Sendable {
    var seq: Int
    var lv: Int
    var len: Int
}

/// The causal graph of every operation in a document, run-length encoded.
struct CausalGraph: Sendable {
    var entries: [GraphEntry] = []
    var parentStore: [Int] = []
    var agents: [String] = []
    var agentIndex: [String: Int] = [:]
    var agentSpans: [[AgentSpan]] = []
    /// The current version as the events no other event depends on, sorted ascending.
    var frontier: [Int] = []

    /// Number of events (the next local version).
    var count: Int { entries.last?.end ?? 0 }

    /// The index of a replica name, registering it if new.
    mutating func agent(_ name: String) -> Int {
        if let i = agentIndex[name] { return i }
        agents.append(name)
        agentSpans.append([])
        agentIndex[name] = agents.count - 1
        return agents.count - 1
    }

    /// The next sequence number expected from an agent.
    func nextSeq(_ agent: Int) -> Int {
        guard let s = agentSpans[agent].last else { return 0 }
        return s.seq + s.len
    }

    /// The local version of (agent, seq), if known.
    func lv(agent: Int, seq: Int) -> Int? {
        let spans = agentSpans[agent]
        var lo = 0, hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let s = spans[mid]
            if seq < s.seq { hi = mid } else if seq >= s.seq + s.len { lo = mid + 1 } else { return s.lv + seq - s.seq }
        }
        return nil
    }

    /// The local version of an operation id, if known.
    func lv(_ id: OpID) -> Int? {
        guard let a = agentIndex[id.replica] else { return nil }
        return lv(agent: a, seq: id.counter)
    }

    /// Index of the entry containing `lv`.
    func entryIndex(_ lv: Int) -> Int {
        var lo = 0, hi = entries.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if entries[mid].start <= lv { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The (agent, seq) of a local version.
    func agentSeq(_ lv: Int) -> (agent: Int, seq: Int) {
        let e = entries[entryIndex(lv)]
        return (e.agent, e.seq + lv - e.start)
    }

    /// The global id of a local version.
    func id(_ lv: Int) -> OpID {
        let (a, s) = agentSeq(lv)
        return OpID(replica: agents[a], counter: s)
    }

    /// The parents of one event.
    func parents(_ lv: Int) -> [Int] {
        let e = entries[entryIndex(lv)]
        return lv == e.start ? parents(of: e) : [lv - 1]
    }

    /// The parents of an entry's first event.
    func parents(of e: GraphEntry) -> [Int] {
        Array(parentStore[Int(e.parentsStart)..<Int(e.parentsStart + e.parentsCount)])
    }

    /// The only parent of an event, or nil when it has none or several (no allocation).
    func singleParent(_ lv: Int) -> Int? {
        let e = entries[entryIndex(lv)]
        if lv > e.start { return lv - 1 }
        return e.parentsCount == 1 ? parentStore[Int(e.parentsStart)] : nil
    }

    /// The Lamport timestamp of one event (1 + the maximum of its parents').
    func lamport(_ lv: Int) -> Int {
        let e = entries[entryIndex(lv)]
        return e.lamport + lv - e.start
    }

    /// Appends `len` local events by `agent` on top of the current frontier; returns the first LV.
    /// Typing (one agent, nothing merged in between) only lengthens the last entry: no allocation.
    mutating func appendLocal(agent: Int, len: Int) -> Int {
        let start = count
        let seq = nextSeq(agent)
        if frontier.count == 1, frontier[0] == start - 1, let last = entries.last, last.agent == agent,
           last.seq + (last.end - last.start) == seq, let span = agentSpans[agent].last, span.lv + span.len == start {
            entries[entries.count - 1].end += len
            agentSpans[agent][agentSpans[agent].count - 1].len += len
            frontier[0] = start + len - 1
            return start
        }
        let parents = frontier
        return add(agent: agent, seq: seq, len: len, parents: parents)
    }

    /// Appends `len` events by `agent` starting at `seq`, the first with `parents`; returns the first LV.
    @discardableResult
    mutating func add(agent: Int, seq: Int, len: Int, parents: [Int]) -> Int {
        let start = count
        if let last = entries.last, last.agent == agent, parents.count == 1, parents[0] == start - 1,
           last.seq + (last.end - last.start) == seq {
            entries[entries.count - 1].end += len
        } else {
            let parents = parents.sorted()
            let lamport = parents.reduce(-1) { Swift.max($0, self.lamport($1)) } + 1
            entries.append(GraphEntry(start: start, end: start + len, agent: agent, seq: seq, lamport: lamport,
                                      parentsStart: Int32(truncatingIfNeeded: parentStore.count),
                                      parentsCount: Int32(truncatingIfNeeded: parents.count)))
            parentStore.append(contentsOf: parents)
        }
        if let s = agentSpans[agent].last, s.seq + s.len == seq, s.lv + s.len == start {
            agentSpans[agent][agentSpans[agent].count - 1].len += len
        } else {
            agentSpans[agent].append(AgentSpan(seq: seq, lv: start, len: len))
        }
        if frontier.count == 1, parents.count == 1, frontier[0] == parents[0] {
            frontier[0] = start + len - 1
        } else {
            frontier.removeAll { parents.contains($0) }
            frontier.append(start + len - 1)
        }
        return start
    }

    /// The version vector of the whole graph.
    var version: Version {
        var v: [ReplicaID: Int] = [:]
        for (i, name) in agents.enumerated() where nextSeq(i) > 0 { v[name] = nextSeq(i) }
        return Version(v)
    }

    /// The frontier (LVs) of a version vector, ignoring replicas and counters this graph lacks.
    func frontier(of version: Version) -> [Int] {
        var heads: [Int] = []
        for (name, n) in version.counts where n > 0 {
            guard let a = agentIndex[name] else { continue }
            if let lv = lv(agent: a, seq: Swift.min(n, nextSeq(a)) - 1) { heads.append(lv) }
        }
        return reduceToFrontier(heads)
    }

    /// Removes from `heads` every event that is an ancestor of another.
    func reduceToFrontier(_ heads: [Int]) -> [Int] {
        let sorted = Array(Set(heads)).sorted()
        if sorted.count <= 1 { return sorted }
        var result: [Int] = []
        for h in sorted {
            // h is an ancestor of another head iff nothing is only in h's closure.
            var onlyA = false
            walk(a: [h], b: sorted.filter { $0 != h }) { _, _, side in if side == .a { onlyA = true } }
            if onlyA { result.append(h) }
        }
        return result
    }

    /// The version vector of the causal closure of a frontier.
    func version(of frontier: [Int]) -> Version {
        var v: [ReplicaID: Int] = [:]
        walk(a: frontier, b: []) { lo, hi, _ in
            var lv = lo
            while lv < hi {
                let e = entries[entryIndex(lv)]
                let end = Swift.min(hi, e.end)
                let top = e.seq + end - e.start
                let name = agents[e.agent]
                if (v[name] ?? 0) < top { v[name] = top }
                lv = end
            }
        }
        return Version(v)
    }
}
