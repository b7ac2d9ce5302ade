extension Document {
    /// Every operation this document has that `version` lacks, in causal order.
    public func operations(since version: Version = Version()) -> Operations {
        operations(spans: spans(from: version, to: nil))
    }

    /// The operations in `to` but not in `from` (both versions of this document).
    public func operations(from: Version, to: Version) -> Operations {
        operations(spans: spans(from: from, to: to))
    }

    /// LV spans of the operations with counter >= from[replica] (and < to[replica]).
    func spans(from: Version, to: Version?) -> [(Int, Int)] {
        var spans: [(Int, Int)] = []
        for (a, name) in graph.agents.enumerated() {
            let lo = from[name]
            let hi = to.map { Swift.min($0[name], graph.nextSeq(a)) } ?? graph.nextSeq(a)
            let list = graph.agentSpans[a]
            // First span ending after `lo` (spans are sorted by counter).
            var i = 0, j = list.count
            while i < j { let m = (i + j) / 2; if list[m].seq + list[m].len <= lo { i = m + 1 } else { j = m } }
            while i < list.count && list[i].seq < hi {
                let s = list[i]
                let x = Swift.max(lo, s.seq), y = Swift.min(hi, s.seq + s.len)
                if x < y { spans.append((s.lv + x - s.seq, s.lv + y - s.seq)) }
                i += 1
            }
        }
        return spans.sorted { $0.0 < $1.0 }
    }

    func operations(spans: [(Int, Int)]) -> Operations {
        let log = resolvedLog()
        var runs: [RemoteRun] = []
        for (lo, hi) in spans {
            var lv = lo
            while lv < hi {
                let e = graph.entries[graph.entryIndex(lv)]
                let end = Swift.min(hi, e.end)
                log.forEachRun(lv, end) { r in
                    if r.len <= DecodeLimits.maxRunLength {
                        runs.append(remoteRun(r, log))
                    } else {
                        for p in r.encodablePieces { runs.append(remoteRun(p, log)) }
                    }
                }
                lv = end
            }
        }
        return Operations(runs: runs)
    }

    func objectID(_ index: Int) -> ObjectID {
        let c = objects[index].creator
        return c < 0 ? .root : ObjectID(creator: graph.id(c))
    }

    /// The wire form of a local run (which must lie inside one graph entry).
    func remoteRun(_ r: OpRun, _ log: OpLog) -> RemoteRun {
        let id = graph.id(r.lv)
        var out = RemoteRun(replica: id.replica, seq: id.counter, len: r.len, parents: graph.parents(r.lv).map { graph.id($0) },
                            // A run kept as a no-op (its target was missing or of the wrong kind) names
                            // itself as target: never an object when it is applied, so every replica
                            // that receives it keeps it as a no-op too, and the batch still decodes.
                            kind: r.kind, target: r.target >= 0 ? objectID(r.target) : ObjectID(creator: id))
        switch r.kind {
        case .insertText:
            out.pos = r.pos
            out.content = log.content.array(r.data, r.data + r.len)
        case .deleteText:
            out.pos = r.pos
            out.forward = r.forward
        default:
            let p = log.payloads[r.data]
            out.key = p.key
            out.value = p.value
            out.element = p.element >= 0 ? graph.id(p.element) : nil
            out.parentSlot = p.parentSlot >= 0 ? graph.id(p.parentSlot) : nil
            out.right = p.right
        }
        return out
    }

    /// Applies remote operations: new ones are merged, known ones ignored, and those whose
    /// dependencies are missing kept until the dependencies arrive. A text operation whose
    /// position lies outside the text at its parent version does nothing (§5).
    @discardableResult
    public mutating func apply(_ ops: Operations) -> ApplyResult {
        var result = ApplyResult()
        if !ops.runs.isEmpty { loadHistory() }
        let oldFrontier = graph.frontier
        let firstNew = graph.count
        var touched: [Int] = []
        var progress = false
        var keep: [RemoteRun] = []
        // Buffered runs first, then the new ones (without copying the batch), then retry what
        // still waits until nothing more applies.
        let waiting = pending
        pending = []
        for r in waiting { progress = integrate(r, &result, &keep, &touched) || progress }
        for r in ops.runs { progress = integrate(r, &result, &keep, &touched) || progress }
        while progress && !keep.isEmpty {
            progress = false
            let again = keep
            keep = []
            for r in again { progress = integrate(r, &result, &keep, &touched) || progress }
        }
        pending = keep
        // Cap what a misbehaving peer can make us hold.
        if pending.count > 100_000 { pending.removeFirst(pending.count - 100_000) }
        result.buffered = pending.reduce(0) { $0 + $1.len }
        if !pending.isEmpty { result.missing = missing }
        if graph.count > firstNew {
            let spans = newSpans(from: firstNew, frontier: oldFrontier)
            var outOfRange: [Int] = []
            for oi in touched { outOfRange += mergeNew(spans, text: objects[oi].state, object: oi) }
            result.refused = outOfRange.map { graph.id($0) }.sorted()
        }
        return result
    }

    /// Adds one remote run to the graph and the log if its dependencies are there (else to `keep`);
    /// returns whether it added anything. A method, not a local function: a local function
    /// capturing `self` copied the whole document on every call.
    private mutating func integrate(_ run: RemoteRun, _ result: inout ApplyResult, _ keep: inout [RemoteRun],
                                    _ touched: inout [Int]) -> Bool {
        var r = run
        let a = graph.agent(r.replica)
        let next = graph.nextSeq(a)
        if r.seq + r.len <= next { result.duplicates += r.len; return false }
        if r.seq > next { keep.append(r); return false }
        // The head of a run this replica already has is a duplicate too (not only whole runs).
        result.duplicates += next - r.seq
        r.trim(next - r.seq)
        // Local versions are 32-bit: refuse to grow past 2^31 operations.
        if graph.count + r.len > DecodeLimits.maxOperations { return false }
        var parents: [Int] = []
        for p in r.parents {
            guard let lv = graph.lv(p) else { break }
            parents.append(lv)
        }
        guard parents.count == r.parents.count else { keep.append(r); return false }
        let lv = graph.add(agent: a, seq: r.seq, len: r.len, parents: parents)
        let target = objectIndex(r.target) ?? -1
        if integrateRemote(r, lv: lv, target: target) != nil, !touched.contains(target) { touched.append(target) }
        result.applied += r.len
        return true
    }

    /// The first missing operation blocking each buffered run.
    public var missing: [OpID] {
        var out = Set<OpID>()
        for r in pending {
            // A gap in the sender's own sequence comes first: its parents usually lie inside it.
            let next = graph.agentIndex[r.replica].map { graph.nextSeq($0) } ?? 0
            if next < r.seq {
                out.insert(OpID(replica: r.replica, counter: next))
            } else {
                for p in r.parents where graph.lv(p) == nil { out.insert(p) }
            }
        }
        return out.sorted()
    }

    /// Logs a remote run (applying map and list operations); returns the logged run when it is a
    /// text operation on a text, for the caller to merge.
    private mutating func integrateRemote(_ r: RemoteRun, lv: Int, target: Int) -> OpRun? {
        var kind = r.kind
        // An operation whose target is missing or of the wrong kind is kept (for the causal graph) as a no-op.
        let targetKind = target >= 0 ? objects[target].kind : nil
        let expected: ObjectKind
        switch kind {
        case .insertText, .deleteText: expected = .text
        case .mapSet, .mapDelete: expected = .map
        default: expected = .list
        }
        let t = targetKind == expected ? target : -1
        if r.len != 1 && expected != .text { kind = .mapDelete }
        switch kind {
        case .insertText:
            let start = log.content.count
            log.content.append(contentsOf: r.content)
            let run = OpRun(lv: lv, len: r.len, kind: kind, target: t, pos: r.pos, forward: true, data: start)
            log.runs.append(run)
            return t >= 0 ? run : nil
        case .deleteText where !r.forward && r.pos < 0:
            // A backward run whose known head was trimmed off (`RemoteRun.trim`) can start below
            // position 0: those deletes do nothing (the merge skips positions below 0, §5), and no
            // encoding carries a negative position, so the document's own operations and snapshot
            // stopped decoding. Kept, like an operation on a missing target, as a no-op. Found by
            // the `operations` fuzz target.
            log.runs.append(OpRun(lv: lv, len: r.len, kind: kind, target: -1, pos: 0, forward: false, data: 0))
            return nil
        case .deleteText:
            let run = OpRun(lv: lv, len: r.len, kind: kind, target: t, pos: r.pos, forward: r.forward, data: 0)
            log.runs.append(run)
            return t >= 0 ? run : nil
        default:
            var p = Payload(key: r.key, value: r.value, right: r.right)
            if case .object(_, let k) = r.value {
                // The object's id is always the id of the operation that makes it.
                p.value = .object(ObjectID(creator: OpID(replica: r.replica, counter: r.seq)), k)
            }
            // A reference names an earlier operation, or nothing: the operation's own id (or a later
            // one of its run) would find no slot or element in the list either, and the snapshot
            // format can only refer back (§6.4), so a kept self-reference made a snapshot that
            // does not load. Found by the `operations` fuzz target.
            func earlier(_ id: OpID?) -> Int { id.flatMap { graph.lv($0) }.flatMap { $0 < lv ? $0 : nil } ?? -1 }
            p.element = earlier(r.element)
            p.parentSlot = earlier(r.parentSlot)
            addPayloadOp(lv: lv, kind: kind, target: r.len == 1 ? t : -1, p)
            return nil
        }
    }
}
