/// Gathers what the `onDurable` callbacks of appends report, so that the caller can act on several
/// batches made durable together at once (the sync engine sends a protocol-v2 client every batch
/// of one group commit in one message: docs/protocol.md).
///
/// A *run* is a sequence of appends made durable by one group commit, sharing one gatherer, whose
/// callbacks follow one another with no other write's callback between them. The store calls
/// `runEnded()` once after the last callback of a run and before any other callback, so what a
/// gatherer sends never overtakes, nor is overtaken by, what other callbacks send. A store that
/// makes each write durable alone ends a run after every append.
public protocol DurableRunGatherer: AnyObject, Sendable {
    /// The callbacks of the run have all run; called on the thread that ran them.
    func runEnded()
}

/// Runs the callbacks of one group commit in order, ending each gatherer's run where it ends.
/// For store implementations.
public struct DurableRuns {
    private var open: (any DurableRunGatherer)?

    public init() {}

    /// Before the callback of a write gathered by `gatherer` (nil for every other callback).
    public mutating func next(gatheredBy gatherer: (any DurableRunGatherer)?) {
        guard open !== gatherer else { return }
        open?.runEnded()
        open = gatherer
    }

    /// After the group's last callback.
    public mutating func finish() { next(gatheredBy: nil) }
}
