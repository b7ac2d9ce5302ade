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
