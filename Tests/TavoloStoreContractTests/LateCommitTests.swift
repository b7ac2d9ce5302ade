import Foundation
import PostgresNIO
import Synchronization
import Testing
@testable import TavoloPostgres
import TavoloStorage

/// Several nodes write one table: a sequence number allocated by one transaction may become
/// visible after a higher one from another, and a reader that remembers only "the last sequence
/// I saw" would skip the late batch. The store takes the table's `log_lock` row before it
/// allocates, so a table's sequences commit in order. Both halves are shown: the hazard with
/// plain inserts, and none through the store's own group commit.
@Suite struct LateCommitTests {
    private static func database() async throws -> String? {
        guard let url = StoreKind.postgresURL() else { return nil }
        return try await TestDatabase.create(baseURL: url)
    }

    /// A reader as a node's fan-out would be: reads what is after the last sequence it saw.
    private final class Reader: Sendable {
        let store: PostgresStore
        let seen = Mutex<(last: Int64, payloads: [[UInt8]])>((0, []))
        init(store: PostgresStore) { self.store = store }

        func poll(table: String) async throws {
            let after = seen.withLock { $0.last }
            let batches = try await store.batches(table: table, after: after)
            seen.withLock { state in
                for batch in batches where batch.sequence > state.last {
                    state.payloads.append(batch.payload)
                    state.last = batch.sequence
                }
            }
        }
        var payloads: [[UInt8]] { seen.withLock { $0.payloads } }
    }

    /// Without the lock the hazard is real: this is what the store must prevent.
    @Test func withoutTheLockAReaderSkipsALateLowerSequence() async throws {
        guard let url = try await Self.database() else { return }
        let pool = try await PostgresPool.open(try PostgresLocation(url: url, poolSize: 4))
        let reader = Reader(store: PostgresStore(pool: pool))
        let logger = Logger(label: "test")
        let gate = Gate()
        let early = Task {
            try await pool.client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                try await connection.query(
                    "INSERT INTO op_batch (table_id, author, op_count, payload, received_at) VALUES ('t', 'a', 1, '\\x01', 0)", logger: logger)
                await gate.opened()  // seq allocated, not committed
                await gate.waitForRelease()
                try await connection.query("COMMIT", logger: logger)
            }
        }
        await gate.waitUntilOpened()
        try await pool.execute("INSERT INTO op_batch (table_id, author, op_count, payload, received_at) VALUES ('t', 'b', 1, '\\x02', 0)")
        try await reader.poll(table: "t")
        await gate.release()
        try await early.value
        try await reader.poll(table: "t")
        #expect(reader.payloads == [[2]])  // [1] committed late with a lower seq and was skipped
        #expect(try await reader.store.batches(table: "t", after: 0).count == 2)
        await pool.close()
    }

    /// Two nodes, the first holding its group commit open after allocating: the second waits for the
    /// table's lock, so its higher sequence commits after, and the reader misses nothing.
    @Test func throughTheStoreTheLowerSequenceCommitsFirst() async throws {
        guard let url = try await Self.database() else { return }
        let nodeA = try await PostgresPool.open(try PostgresLocation(url: url, poolSize: 4))
        let nodeB = try await PostgresPool.open(try PostgresLocation(url: url, poolSize: 4))
        let storeB = PostgresStore(pool: nodeB, node: "B", groupCommitWindow: .milliseconds(1))
        let reader = Reader(store: PostgresStore(pool: nodeB, node: "reader"))
        let logger = Logger(label: "test")
        let gate = Gate()
        let lowSequence = Mutex<Int64>(0)
        let heldOpen = Task {
            try await nodeA.client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                let sequences = try await PostgresStore.insert(
                    [.batch(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [1]), nil, { _ in })],
                    node: "A", on: connection, logger: logger)
                let low = try sequences[0].get()
                lowSequence.withLock { $0 = low }
                await gate.opened()
                await gate.waitForRelease()
                try await connection.query("COMMIT", logger: logger)
            }
        }
        await gate.waitUntilOpened()
        let appended = Task {
            try await withCheckedThrowingContinuation { continuation in
                storeB.append(StoredBatch(table: "t", author: "b", operationCount: 1, payload: [2])) { continuation.resume(with: $0) }
            }
        }
        // B's group commit is running and blocked on A's lock; the reader polls meanwhile.
        for _ in 0..<5 {
            try await reader.poll(table: "t")
            try await Task.sleep(for: .milliseconds(40))
        }
        #expect(reader.payloads.isEmpty)  // neither is visible: B did not overtake A
        await gate.release()
        try await heldOpen.value
        let highSequence = try await appended.value
        #expect(highSequence > lowSequence.withLock { $0 })
        try await reader.poll(table: "t")
        #expect(reader.payloads == [[1], [2]])
        await storeB.close()
        await nodeA.close()
        await nodeB.close()
    }
}

/// A one-shot signal each way between a test and a task it started.
actor Gate {
    private var isOpen = false
    private var isReleased = false
    private var openWaiters: [CheckedContinuation<Void, Never>] = []
    private var releaseWaiters: [CheckedContinuation<Void, Never>] = []

    func opened() {
        isOpen = true
        openWaiters.forEach { $0.resume() }
        openWaiters = []
    }

    func waitUntilOpened() async {
        if isOpen { return }
        await withCheckedContinuation { openWaiters.append($0) }
    }

    func release() {
        isReleased = true
        releaseWaiters.forEach { $0.resume() }
        releaseWaiters = []
    }

    func waitForRelease() async {
        if isReleased { return }
        await withCheckedContinuation { releaseWaiters.append($0) }
    }
}
