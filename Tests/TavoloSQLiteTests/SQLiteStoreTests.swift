import Foundation
import GRDB
import Synchronization
import Testing
import TavoloSQLite
import TavoloStorage

@Suite struct SQLiteStoreTests {
    private func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-store-\(UUID().uuidString)").path
    }

    private func append(_ store: SQLiteStore, _ batch: StoredBatch) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            store.append(batch) { continuation.resume(with: $0) }
        }
    }

    private func snapshot(_ store: SQLiteStore, table: String, payload: [UInt8]) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            store.saveSnapshot(table: table, payload: payload) { continuation.resume(with: $0) }
        }
    }

    @Test func appendsSurviveReopening() async throws {
        let path = directory()
        do {
            let store = try SQLiteStore(directory: path)
            _ = try await append(store, StoredBatch(table: "t1", author: "r1", operationCount: 3, payload: [1, 2, 3]))
            _ = try await append(store, StoredBatch(table: "t2", author: "r2", operationCount: 1, payload: [9]))
            _ = try await append(store, StoredBatch(table: "t1", author: "r1", operationCount: 1, payload: [4]))
            await store.close()
        }
        let reopened = try SQLiteStore(directory: path)
        let table = try await reopened.load(table: "t1")
        #expect(table.snapshot == nil)
        #expect(table.batches.map(\.payload) == [[1, 2, 3], [4]])
        #expect(table.batches.map(\.author) == ["r1", "r1"])
        #expect(try await reopened.load(table: "nope") == StoredTable())
    }

    /// The history reads only the events stored since its last look.
    @Test func eventsAfterASequenceNumber() async throws {
        let store = try SQLiteStore(directory: directory())
        var sequences: [Int64] = []
        for (table, byte) in [("t1", UInt8(1)), ("t2", 2), ("t1", 3), ("t1", 4)] {
            sequences.append(try await withCheckedThrowingContinuation { continuation in
                store.appendEvent(StoredEvent(table: table, actor: "a", payload: [byte], at: Date())) { continuation.resume(with: $0) }
            })
        }
        #expect(try await store.events(table: "t1").map(\.payload) == [[1], [3], [4]])
        #expect(try await store.events(table: "t1", after: sequences[0]).map(\.payload) == [[3], [4]])
        #expect(try await store.events(table: "t1", after: sequences[3]).isEmpty)
        await store.close()
    }

    @Test func loadStartsFromTheLatestSnapshotAndKeepsTheWholeLog() async throws {
        let store = try SQLiteStore(directory: directory())
        _ = try await append(store, StoredBatch(table: "t", author: "a", operationCount: 1, payload: [1]))
        let upTo = try await snapshot(store, table: "t", payload: [100])
        _ = try await append(store, StoredBatch(table: "t", author: "a", operationCount: 1, payload: [2]))
        _ = try await snapshot(store, table: "t", payload: [101])
        _ = try await append(store, StoredBatch(table: "t", author: "b", operationCount: 1, payload: [3]))
        let table = try await store.load(table: "t")
        #expect(table.snapshot == [101])
        #expect(table.snapshotSequence > upTo)
        #expect(table.batches.map(\.payload) == [[3]])
        #expect(try await store.batches(table: "t", after: 0).map(\.payload) == [[1], [2], [3]])
    }

    @Test func concurrentAppendsAreGroupCommittedInOrder() async throws {
        let store = try SQLiteStore(directory: directory(), groupCommitWindow: .milliseconds(5))
        let recorder = Recorder(expected: 200)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for index in 0..<200 {
                store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [UInt8(index % 256)])) { result in
                    if recorder.record(result) { done.resume() }
                }
            }
        }
        let sequences = recorder.sequences.withLock { $0 }
        #expect(sequences.count == 200)
        #expect(sequences == sequences.sorted())  // callbacks run in append order
        #expect(try await store.batches(table: "t", after: 0).count == 200)
    }

    @Test func replicaKeepsItsFirstPrincipalAcrossReopening() async throws {
        let path = directory()
        do {
            let store = try SQLiteStore(directory: path)
            store.recordReplica("r1", principal: "anna", table: "t")
            store.recordReplica("r1", principal: "mallory", table: "t")  // a second claim keeps the first owner
            store.recordReplica("r1", principal: "mallory", table: "other")
            await store.close()
        }
        let reopened = try SQLiteStore(directory: path)
        #expect(try await reopened.load(table: "t").replicaOwners == ["r1": "anna"])
        #expect(try await reopened.load(table: "other").replicaOwners == ["r1": "mallory"])
    }

    @Test func writesAfterCloseFailWithoutLosingEarlierOnes() async throws {
        let path = directory()
        let store = try SQLiteStore(directory: path)
        store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [7])) { _ in }
        await store.close()
        let late = try await withCheckedContinuation { continuation in
            store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [8])) { continuation.resume(returning: $0) }
        }
        #expect(late == .failure(.closed))
        #expect(try await SQLiteStore(directory: path).load(table: "t").batches.map(\.payload) == [[7]])
    }

    @Test func unwritableDirectoryIsAClearError() {
        #expect(throws: StoreError.self) { try SQLiteStore(directory: "/proc/tavolo-cannot-write") }
    }
}

private final class Recorder: Sendable {
    let sequences = Mutex<[Int64]>([])
    private let remaining: Mutex<Int>

    init(expected: Int) { remaining = Mutex(expected) }

    /// Returns true on the last expected result.
    func record(_ result: Result<Int64, StoreError>) -> Bool {
        if case .success(let sequence) = result { sequences.withLock { $0.append(sequence) } }
        return remaining.withLock { $0 -= 1; return $0 == 0 }
    }
}

@Suite struct DurabilitySettingsTests {
    /// WAL with synchronous=FULL: a committed group is fsynced before anyone is told.
    @Test func commitsAreFsyncedBeforeAcknowledgement() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-sync-\(UUID().uuidString)").path
        let database = try DatabaseFile.open(directory: directory)
        let (mode, synchronous) = try database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)  // FULL
    }
}
