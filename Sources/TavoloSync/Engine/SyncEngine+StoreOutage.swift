import TavoloStorage

/// The store refusing writes (PostgreSQL restarting or unreachable, a full disk): open rooms stay
/// open and keep serving what is in memory (joins, reading, presence), refuse new operations with
/// `unavailable` (clients keep them and send them again), and write again what failed, in order,
/// until the store takes it; then acknowledgements and deliveries of those writes go out and the
/// room accepts operations again. Nothing is acknowledged before it is durable.
extension SyncEngine {
    /// How often a room whose writes failed tries them again.
    static let writeRetryInterval: Duration = .seconds(1)

    /// Appends a batch already applied in memory; once it is durable `deliveries` sends `delivery`
    /// (its ack and the batch to the members). A failed write goes back to the room to be tried
    /// again (`writeFailed`).
    static func storeBatch(
        _ batch: StoredBatch, count: Int, delivering delivery: Delivery, in store: any Store,
        gatheredBy deliveries: DurableDeliveries, inputs: EngineInputs
    ) {
        store.append(batch, gatheredBy: deliveries) { outcome in
            switch outcome {
            case .success(let sequence):
                var durable = delivery
                durable.stored = (inputs, count, sequence)
                deliveries.add(durable)
            case .failure(.closed):
                break  // shutting down: never acknowledged, so the client sends it again elsewhere
            case .failure:
                inputs.yield(.writeFailed(table: batch.table, retry: {
                    Self.storeBatch(batch, count: count, delivering: delivery, in: store, gatheredBy: deliveries, inputs: inputs)
                }))
            }
        }
    }

    /// A write for `table` failed; `retry` makes it again. With the room gone nothing is kept:
    /// what failed was never acknowledged.
    func writeFailed(table: String, retry: @escaping @Sendable () -> Void) {
        guard let room = rooms[table] else { return }
        if !room.isStoreDown {
            logger.warning("writes failing: the table serves from memory and refuses edits until the store takes them",
                metadata: ["table.id": "\(table)"])
        }
        room.isStoreDown = true
        room.unstored.append(retry)
    }

    /// From `tick`: a room whose writes failed tries them again, once every write queued before
    /// has finished (so a batch is never retried ahead of an earlier one still under way).
    func retryFailedWrites(now: ContinuousClock.Instant) {
        for room in rooms.values where room.isStoreDown && !room.retryingWrites {
            if let last = room.lastWriteRetry, last.duration(to: now) < Self.writeRetryInterval { continue }
            room.retryingWrites = true
            room.lastWriteRetry = now
            let table = room.table
            store.afterPendingWrites { [inputs] in inputs.yield(.retryWrites(table: table)) }
        }
    }

    func retryWrites(table: String) {
        guard let room = rooms[table] else { return }
        let writes = room.unstored
        room.unstored = []
        for write in writes { write() }
        // Failures of these come back (as `writeFailed`) before this: none means all are durable.
        store.afterPendingWrites { [inputs] in inputs.yield(.writesRetried(table: table)) }
    }

    func writesRetried(table: String) {
        guard let room = rooms[table] else { return }
        room.retryingWrites = false
        if room.unstored.isEmpty, room.isStoreDown {
            room.isStoreDown = false
            logger.notice("writes stored again: the table accepts edits", metadata: ["table.id": "\(table)"])
        }
    }
}
