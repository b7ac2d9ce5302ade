/// Checks a server runs before accepting a client's batch: it must neither apply nor
/// buffer operations it will refuse, so these checks do not touch the document.
extension Operations {
    /// The replicas that made these operations.
    public var authors: Set<ReplicaID> { Set(runs.map(\.replica)) }
}

extension Document {
    /// The dependencies of `ops` that neither this document nor earlier operations in the
    /// batch provide (gaps in an author's counters, unknown parents). Empty means the whole
    /// batch applies now. The document is not modified.
    public func missingDependencies(of ops: Operations) -> [OpID] {
        var next: [ReplicaID: Int] = [:]
        var missing = Set<OpID>()
        func nextCounter(_ replica: ReplicaID) -> Int {
            next[replica] ?? graph.agentIndex[replica].map { graph.nextSeq($0) } ?? 0
        }
        for run in ops.runs {
            let known = nextCounter(run.replica)
            if run.seq > known { missing.insert(OpID(replica: run.replica, counter: known)) }
            for parent in run.parents where graph.lv(parent) == nil && parent.counter >= nextCounter(parent.replica) {
                missing.insert(parent)
            }
            next[run.replica] = Swift.max(known, run.seq + run.len)
        }
        return missing.sorted()
    }
}

extension Document {
    /// The first run of `ops` with an operation whose position or length lies outside its text at
    /// the operation's parent version (§5), or nil. A server refuses such a batch: every replica
    /// would keep those operations as no-ops, stored and sent to everyone for ever.
    ///
    /// Batches from one writer are chains (each run made on top of the previous one): lengths
    /// then follow by arithmetic from the text at the first run's parents. Anything else is checked
    /// run by run on a copy. Mutating only for the texts' merge caches: content and version stay.
    public mutating func outOfRangeOperation(in ops: Operations) -> OpID? {
        if ops.runs.isEmpty { return nil }
        loadHistory()
        var next: [ReplicaID: Int] = [:]
        var lengths: [ObjectID: Int] = [:]
        var base: [Int]? = nil
        var previous: OpID? = nil
        for run in ops.runs {
            var r = run
            let known = next[r.replica] ?? graph.agentIndex[r.replica].map { graph.nextSeq($0) } ?? 0
            if r.seq + r.len <= known { continue }
            if r.seq > known { return checkedOneByOne(ops) }
            r.trim(known - r.seq)
            next[r.replica] = r.seq + r.len
            defer { previous = OpID(replica: r.replica, counter: r.seq + r.len - 1) }
            let parents = r.parents.compactMap { graph.lv($0) }
            if parents.count == r.parents.count {
                // Made on what this document has: the chain starts again from there.
                let sorted = parents.sorted()
                if base != sorted { base = sorted; lengths = [:] }
            } else if r.parents != [previous].compactMap({ $0 }) || base == nil {
                return checkedOneByOne(ops)
            }
            if case .object(_, .text) = r.value, r.kind == .mapSet || r.kind == .listInsert {
                lengths[ObjectID(creator: OpID(replica: r.replica, counter: r.seq))] = 0
            }
            guard r.kind == .insertText || r.kind == .deleteText else { continue }
            let length: Int
            if let l = lengths[r.target] {
                length = l
            } else if let oi = objectIndex(r.target), objects[oi].kind == .text, let base {
                length = textLength(objects[oi].state, object: oi, at: base)
            } else {
                continue  // not a text: the target check refuses it
            }
            if !r.isInRange(length: length) { return OpID(replica: r.replica, counter: r.seq) }
            lengths[r.target] = length + (r.kind == .insertText ? r.len : -r.len)
        }
        return nil
    }

    /// The general case: each run checked against a copy holding the runs before it.
    private func checkedOneByOne(_ ops: Operations) -> OpID? {
        var trial = self
        for run in ops.runs {
            if run.kind == .insertText || run.kind == .deleteText,
               let oi = trial.objectIndex(run.target), trial.objects[oi].kind == .text {
                let parents = run.parents.compactMap { trial.graph.lv($0) }
                let next = trial.graph.agentIndex[run.replica].map { trial.graph.nextSeq($0) } ?? 0
                if parents.count == run.parents.count && run.seq == next {
                    let length = trial.textLength(trial.objects[oi].state, object: oi, at: parents.sorted())
                    if !run.isInRange(length: length) { return OpID(replica: run.replica, counter: run.seq) }
                }
            }
            trial.apply(Operations(runs: [run]))
        }
        return nil
    }
}
