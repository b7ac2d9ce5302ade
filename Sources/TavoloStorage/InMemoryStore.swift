import Foundation
import Synchronization

/// A `Store` in memory, for tests of everything above storage. Writes are durable at once.
public final class InMemoryStore: Store {
    private struct State {
        var batches: [StoredBatch] = []
        var events: [StoredEvent] = []
        var snapshots: [String: (sequence: Int64, payload: [UInt8])] = [:]
        var replicas: [String: String] = [:]
        var closed = false
    }

    private let state = Mutex(State())

    public init() {}

    public func load(table: String) async throws(StoreError) -> StoredTable {
        state.withLock { state in
            let snapshot = state.snapshots[table]
            let after = snapshot?.sequence ?? 0
            var owners: [String: String] = [:]
            for (key, principal) in state.replicas where key.hasPrefix(table + "\u{0}") {
                owners[String(key.dropFirst(table.count + 1))] = principal
            }
            return StoredTable(
                snapshot: snapshot?.payload, snapshotSequence: after,
                batches: state.batches.filter { $0.table == table && $0.sequence > after }, replicaOwners: owners)
        }
    }

    public func append(
        _ batch: StoredBatch, gatheredBy gatherer: (any DurableRunGatherer)?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        let result: Result<Int64, StoreError> = state.withLock { state in
            guard !state.closed else { return .failure(.closed) }
            var stored = batch
            stored.sequence = Int64(state.batches.count + 1)
            state.batches.append(stored)
            return .success(stored.sequence)
        }
        onDurable(result)
        gatherer?.runEnded()  // durable alone: every append is a run of its own
    }

    public func saveSnapshot(
        table: String, payload: [UInt8], upTo: Int64?, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        let result: Result<Int64, StoreError> = state.withLock { state in
            guard !state.closed else { return .failure(.closed) }
            let sequence = upTo ?? state.batches.last { $0.table == table }?.sequence ?? 0
            state.snapshots[table] = (sequence, payload)
            return .success(sequence)
        }
        onDurable(result)
    }

    public func appendEvent(_ event: StoredEvent, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void) {
        let result: Result<Int64, StoreError> = state.withLock { state in
            guard !state.closed else { return .failure(.closed) }
            var stored = event
            stored.sequence = Int64(state.events.count + 1)
            state.events.append(stored)
            return .success(stored.sequence)
        }
        onDurable(result)
    }

    public func events(table: String, after sequence: Int64) async throws(StoreError) -> [StoredEvent] {
        state.withLock { $0.events.filter { $0.table == table && $0.sequence > sequence } }
    }

    public func afterPendingWrites(_ body: @escaping @Sendable () -> Void) { body() }

    public func recordReplica(_ replica: String, principal: String, table: String) {
        state.withLock { state in
            guard !state.closed else { return }
            if state.replicas[table + "\u{0}" + replica] == nil { state.replicas[table + "\u{0}" + replica] = principal }
        }
    }

    public func batches(table: String, after sequence: Int64) async throws(StoreError) -> [StoredBatch] {
        state.withLock { $0.batches.filter { $0.table == table && $0.sequence > sequence } }
    }

    public func close() async { state.withLock { $0.closed = true } }

    /// Number of snapshots taken so far, for tests.
    public var snapshotCount: Int { state.withLock { $0.snapshots.count } }
}
