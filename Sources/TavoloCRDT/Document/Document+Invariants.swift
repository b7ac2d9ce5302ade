extension Document {
    /// Checks internal consistency (expensive: replays every text from its history).
    /// Returns a description of each violated invariant; empty means healthy.
    public func checkInvariants() -> [String] {
        var problems: [String] = []
        let log = resolvedLog()
        var lv = 0
        for e in graph.entries {
            if e.start != lv || e.end <= e.start { problems.append("graph entry \(e.start)..<\(e.end) not contiguous") }
            for p in graph.parents(of: e) where p >= e.start { problems.append("parent \(p) not before \(e.start)") }
            lv = e.end
        }
        let spanTotal = graph.agentSpans.reduce(0) { $0 + $1.reduce(0) { $0 + $1.len } }
        if spanTotal != graph.count { problems.append("agent spans cover \(spanTotal) of \(graph.count) events") }
        lv = 0
        for r in log.runs {
            if r.lv != lv || r.len <= 0 { problems.append("op run at \(r.lv) not contiguous"); break }
            lv = r.end
        }
        if lv != graph.count { problems.append("op runs cover \(lv) of \(graph.count) events") }
        for (oi, info) in objects.enumerated() {
            switch info.kind {
            case .text:
                var replay = TextBuffer()
                TextMerge(graph: graph, log: log, target: oi).run(to: graph.frontier, into: &replay)
                if replay.elements != texts[info.state].elements {
                    problems.append("text \(objectID(oi)) differs from its replayed history")
                }
            case .list:
                let l = lists[info.state]
                if Set(l.order).count != l.order.count { problems.append("list \(objectID(oi)) shows an element twice") }
                let live = l.elements.filter { !$0.deleted }.count
                if live != l.order.count { problems.append("list \(objectID(oi)) shows \(l.order.count) of \(live) live elements") }
            case .map:
                break
            }
        }
        return problems
    }

    /// The ids of every object of `kind` (reachable or not), for tests and tools.
    public func objectIDs(of kind: ObjectKind) -> [ObjectID] {
        objects.indices.filter { objects[$0].kind == kind }.map { objectID($0) }
    }

    /// Operations received whose dependencies have not arrived yet.
    public var bufferedCount: Int { pending.reduce(0) { $0 + $1.len } }
}

extension Document {
    /// Sizes of the internal structures (runs, graph entries, scalars), for benchmarks.
    public var storageSummary: [String: Int] {
        ["op_runs": log.runs.count, "graph_entries": graph.entries.count, "content_scalars": log.content.count,
         "payloads": log.payloads.count, "objects": objects.count]
    }
}
