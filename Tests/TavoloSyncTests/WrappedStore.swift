import TavoloStorage

/// A test store around an `InMemoryStore`: every call goes to `inner` unless the test store
/// implements it itself (to count, delay or fail it).
protocol WrappedStore: Store {
    var inner: InMemoryStore { get }
}

extension WrappedStore {
    func load(table: String) async throws(StoreError) -> StoredTable { try await inner.load(table: table) }
    func append(
        _ batch: StoredBatch, gatheredBy gatherer: (any DurableRunGatherer)?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        inner.append(batch, gatheredBy: gatherer, onDurable: onDurable)
    }
    func saveSnapshot(
        table: String, payload: [UInt8], upTo: Int64?, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        inner.saveSnapshot(table: table, payload: payload, upTo: upTo, onDurable: onDurable)
    }
    func appendEvent(_ event: StoredEvent, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void) {
        inner.appendEvent(event, onDurable: onDurable)
    }
    func events(table: String, after sequence: Int64) async throws(StoreError) -> [StoredEvent] {
        try await inner.events(table: table, after: sequence)
    }
    func afterPendingWrites(_ body: @escaping @Sendable () -> Void) { inner.afterPendingWrites(body) }
    func recordReplica(_ replica: String, principal: String, table: String) {
        inner.recordReplica(replica, principal: principal, table: table)
    }
    func batches(table: String, after sequence: Int64) async throws(StoreError) -> [StoredBatch] {
        try await inner.batches(table: table, after: sequence)
    }
    func close() async { await inner.close() }
}
