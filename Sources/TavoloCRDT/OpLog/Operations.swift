/// One run of operations as exchanged between replicas: global ids only, no local versions.
struct RemoteRun: Sendable, Equatable {
    var replica: String
    var seq: Int
    var len: Int
    /// Parents of the first operation; each later one's parent is its predecessor.
    var parents: [OpID]
    var kind: OpKind
    var target: ObjectID
    var pos: Int = 0
    var forward: Bool = true
    var content: [UInt32] = []
    var key: String = ""
    var value: Value = .null
    var element: OpID? = nil
    var parentSlot: OpID? = nil
    var right: Bool = true

    /// Drops the first `k` operations (already known).
    /// Whether every operation of this text run lies inside a text of `length` characters at the
    /// run's parent version (§5): an insert at `pos <= length`; op j of a forward delete removes
    /// `pos` of a text j shorter; op j of a backward delete removes `pos - j`.
    func isInRange(length: Int) -> Bool {
        switch kind {
        case .insertText: return pos >= 0 && pos <= length
        case .deleteText where forward: return pos >= 0 && pos + len <= length
        case .deleteText: return pos < length && pos - len + 1 >= 0
        default: return true
        }
    }

    mutating func trim(_ k: Int) {
        guard k > 0 else { return }
        seq += k
        len -= k
        parents = [OpID(replica: replica, counter: seq - 1)]
        switch kind {
        case .insertText: pos += k; content.removeFirst(k)
        case .deleteText: if !forward { pos -= k }
        default: break
        }
    }
}

/// A batch of operations to send to other replicas; encode with `encoded()`.
public struct Operations: Sendable, Equatable {
    var runs: [RemoteRun]

    /// Number of operations in the batch.
    public var count: Int { runs.reduce(0) { $0 + $1.len } }

    /// True when the batch holds nothing.
    public var isEmpty: Bool { runs.isEmpty }

    /// The ids of every operation in the batch.
    public var ids: [OpID] {
        runs.flatMap { r in (r.seq..<(r.seq + r.len)).map { OpID(replica: r.replica, counter: $0) } }
    }
}

/// What `Document.apply` did with a batch.
public struct ApplyResult: Sendable, Equatable {
    /// Operations newly applied.
    public var applied: Int = 0
    /// Operations already known (ignored), including the known first part of a partly new run.
    public var duplicates: Int = 0
    /// Operations waiting for dependencies.
    public var buffered: Int = 0
    /// The operations this replica must receive before the buffered ones can apply.
    public var missing: [OpID] = []
    /// Runs with an operation outside its text at its parent version, by that first operation:
    /// applied (they take their place in the history) but, from there on, doing nothing (§5).
    public var refused: [OpID] = []
}

extension Operations {
    /// An empty batch.
    public static let empty = Operations(runs: [])

    /// Appends another batch (for sending several at once). Applying the result once equals
    /// applying the batches one by one, and is much cheaper for concurrent text edits: one
    /// merge pass per text instead of one per batch (how stored history is replayed).
    public mutating func append(_ other: Operations) { runs.append(contentsOf: other.runs) }

    /// For each replica in the batch, its highest counter + 1: the version a document reaches
    /// for that replica once it holds the batch (known without applying it).
    public var reach: [String: Int] {
        var counts: [String: Int] = [:]
        for run in runs { counts[run.replica] = Swift.max(counts[run.replica] ?? 0, run.seq + run.len) }
        return counts
    }

    /// True when every operation edits a text (no map or list changes).
    public var editsOnlyText: Bool { runs.allSatisfy { $0.kind == .insertText || $0.kind == .deleteText } }
}
