extension Document {
    /// Who deleted what in text `obj` between `from` and `from ∪ to`: for each character present at
    /// `from` (or inserted since) and deleted on the way, the id of the operation that inserted it
    /// mapped to the id of the operation that deleted it (the first one replayed, if several did).
    /// `changes(in:from:to:)` says where text went; this says whose deletion it was.
    public func deletions(in obj: ObjectID, from: Version, to: Version) -> [OpID: OpID] {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return [:] }
        let log = resolvedLog()
        let a = graph.frontier(of: from), b = graph.frontier(of: to)
        var recorder = DeletionRecorder()
        TextMerge(graph: graph, log: log, target: oi).run(from: [], to: a, into: &recorder)
        recorder.deletedBy = [:]
        TextMerge(graph: graph, log: log, target: oi).run(from: a, to: b, into: &recorder)
        var out: [OpID: OpID] = [:]
        out.reserveCapacity(recorder.deletedBy.count)
        for (character, deleter) in recorder.deletedBy { out[graph.id(character)] = graph.id(deleter) }
        return out
    }
}

/// Keeps, like `AuthorBuffer`, the inserting event of each scalar, and records which event deleted which.
struct DeletionRecorder: TextSink, Sendable {
    var characters = AuthorBuffer()
    /// Inserting event → deleting event.
    var deletedBy: [Int: Int] = [:]

    var count: Int { characters.count }

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        characters.insert(at: pos, lv: lv, scalars: src)
    }

    mutating func delete(at pos: Int, count n: Int) {
        characters.delete(at: pos, count: n)
    }

    mutating func delete(at pos: Int, count n: Int, by lv: Int) {
        let p = Swift.min(Swift.max(pos, 0), characters.count)
        let m = Swift.min(Swift.max(n, 0), characters.count - p)
        for k in 0..<m where deletedBy[characters.lvs[p + k]] == nil { deletedBy[characters.lvs[p + k]] = lv }
        characters.delete(at: p, count: m)
    }
}
