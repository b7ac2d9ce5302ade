import Synchronization
import TavoloStorage

/// An in-memory store whose test decides what one group commit holds: while `holding`, writes
/// queue up; `commit()` makes them durable together and runs their callbacks in order, ending
/// gatherers' runs as a real group commit does (`DurableRuns`). Otherwise durable at once.
final class GroupCommitStore: WrappedStore {
    private enum Write {
        case batch(StoredBatch, (any DurableRunGatherer)?, @Sendable (Result<Int64, StoreError>) -> Void)
        case barrier(@Sendable () -> Void)
    }

    let inner = InMemoryStore()
    private let held = Mutex<[Write]?>(nil)

    /// Queues every write from now until `commit()`.
    func hold() { held.withLock { $0 = $0 ?? [] } }

    /// Batches queued since `hold()`.
    var heldBatches: Int {
        held.withLock { writes in (writes ?? []).filter { if case .batch = $0 { true } else { false } }.count }
    }

    /// Makes everything queued durable as one group, then stops holding.
    func commit() {
        let writes = held.withLock { writes in
            defer { writes = nil }
            return writes ?? []
        }
        let results = Mutex<[Result<Int64, StoreError>]>([])
        for case .batch(let batch, _, _) in writes {
            inner.append(batch) { result in results.withLock { $0.append(result) } }  // durable at once
        }
        var runs = DurableRuns()
        var next = results.withLock { $0 }.makeIterator()
        for write in writes {
            switch write {
            case .batch(_, let gatherer, let done):
                runs.next(gatheredBy: gatherer)
                done(next.next()!)
            case .barrier(let body):
                runs.next(gatheredBy: nil)
                body()
            }
        }
        runs.finish()
    }

    /// Queues `write` if holding; false to run it at once.
    private func queued(_ write: Write) -> Bool {
        held.withLock { writes in
            guard writes != nil else { return false }
            writes!.append(write)
            return true
        }
    }

    func append(
        _ batch: StoredBatch, gatheredBy gatherer: (any DurableRunGatherer)?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        guard !queued(.batch(batch, gatherer, onDurable)) else { return }
        inner.append(batch, gatheredBy: gatherer, onDurable: onDurable)
    }

    func afterPendingWrites(_ body: @escaping @Sendable () -> Void) {
        guard !queued(.barrier(body)) else { return }
        body()
    }
}
