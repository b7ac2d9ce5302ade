import Foundation
import Synchronization
import Testing
import TavoloStorage

/// What every op-log store does, SQLite and PostgreSQL alike.
@Suite struct StoreContractTests {
    @Test(arguments: StoreKind.allCases) func appendsSurviveReopening(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        _ = try await opened.store.appending(StoredBatch(table: "t1", author: "r1", operationCount: 3, payload: [1, 2, 3]))
        _ = try await opened.store.appending(StoredBatch(table: "t2", author: "r2", operationCount: 1, payload: [9]))
        _ = try await opened.store.appending(StoredBatch(table: "t1", author: "r1", operationCount: 1, payload: [4, 0, 255]))
        let reopened = try await opened.reopen()
        let table = try await reopened.store.load(table: "t1")
        #expect(table.snapshot == nil)
        #expect(table.batches.map(\.payload) == [[1, 2, 3], [4, 0, 255]])
        #expect(table.batches.map(\.author) == ["r1", "r1"])
        #expect(table.batches.map(\.operationCount) == [3, 1])
        #expect(table.batches.map(\.sequence) == table.batches.map(\.sequence).sorted())
        #expect(try await reopened.store.load(table: "nope") == StoredTable())
        await reopened.close()
    }

    /// The history reads only the events stored since its last look.
    @Test(arguments: StoreKind.allCases) func eventsAfterASequenceNumber(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        let at = Date(timeIntervalSince1970: 1_800_000_000.5)
        var sequences: [Int64] = []
        for (table, byte) in [("t1", UInt8(1)), ("t2", 2), ("t1", 3), ("t1", 4)] {
            sequences.append(try await opened.store.appendingEvent(StoredEvent(table: table, actor: "a", payload: [byte], at: at)))
        }
        let events = try await opened.store.events(table: "t1")
        #expect(events.map(\.payload) == [[1], [3], [4]])
        #expect(events.allSatisfy { $0.at == at && $0.actor == "a" && $0.table == "t1" })
        #expect(try await opened.store.events(table: "t1", after: sequences[0]).map(\.payload) == [[3], [4]])
        #expect(try await opened.store.events(table: "t1", after: sequences[3]).isEmpty)
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases) func loadStartsFromTheLatestSnapshotAndKeepsTheWholeLog(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        let store = opened.store
        _ = try await store.appending(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [1]))
        let upTo = try await store.snapshotting(table: "t", payload: [100])
        _ = try await store.appending(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [2]))
        _ = try await store.snapshotting(table: "t", payload: [101])
        _ = try await store.appending(StoredBatch(table: "t", author: "b", operationCount: 1, payload: [3]))
        _ = try await store.snapshotting(table: "other", payload: [7])
        let table = try await store.load(table: "t")
        #expect(table.snapshot == [101])
        #expect(table.snapshotSequence > upTo)
        #expect(table.batches.map(\.payload) == [[3]])
        #expect(try await store.batches(table: "t", after: 0).map(\.payload) == [[1], [2], [3]])
        // A snapshot given its own upTo keeps it (one encoded while edits went on).
        let given = try await withCheckedThrowingContinuation { continuation in
            store.saveSnapshot(table: "t", payload: [102], upTo: upTo) { continuation.resume(with: $0) }
        }
        #expect(given == upTo)
        #expect(try await store.load(table: "t").batches.map(\.payload) == [[2], [3]])
        await opened.close()
    }

    /// Queued together (one group commit): a snapshot without `upTo` holds the batch queued before
    /// it and not the one queued after, which loading replays.
    @Test(arguments: StoreKind.allCases) func aSnapshotInTheMiddleOfAGroupClaimsOnlyWhatCameBefore(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        let store = opened.store
        store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [1])) { _ in }
        store.append(StoredBatch(table: "u", author: "a", operationCount: 1, payload: [9])) { _ in }
        store.saveSnapshot(table: "t", payload: [100]) { _ in }
        store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [2])) { _ in }
        await store.pendingWritesDone()
        let table = try await store.load(table: "t")
        #expect(table.snapshot == [100])
        #expect(table.batches.map(\.payload) == [[2]])
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases) func concurrentAppendsAreGroupCommittedInOrder(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        let recorder = Recorder(expected: 200)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for index in 0..<200 {
                opened.store.append(StoredBatch(table: "t\(index % 3)", author: "a", operationCount: 1, payload: [UInt8(index % 256)])) { result in
                    if recorder.record(result) { done.resume() }
                }
            }
        }
        let sequences = recorder.sequences.withLock { $0 }
        #expect(sequences.count == 200)
        #expect(sequences == sequences.sorted())  // callbacks run in append order
        var stored = 0
        for table in ["t0", "t1", "t2"] { stored += try await opened.store.batches(table: table, after: 0).count }
        #expect(stored == 200)
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases) func replicaKeepsItsFirstPrincipalAcrossReopening(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        opened.store.recordReplica("r1", principal: "anna", table: "t")
        opened.store.recordReplica("r1", principal: "mallory", table: "t")  // a second claim keeps the first owner
        opened.store.recordReplica("r1", principal: "mallory", table: "other")
        let reopened = try await opened.reopen()
        #expect(try await reopened.store.load(table: "t").replicaOwners == ["r1": "anna"])
        #expect(try await reopened.store.load(table: "other").replicaOwners == ["r1": "mallory"])
        await reopened.close()
    }

    @Test(arguments: StoreKind.allCases) func writesAfterCloseFailWithoutLosingEarlierOnes(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        opened.store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [7])) { _ in }
        await opened.store.close()
        let late = await withCheckedContinuation { continuation in
            opened.store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [8])) { continuation.resume(returning: $0) }
        }
        #expect(late == .failure(.closed))
        let barrier = Mutex(false)
        opened.store.afterPendingWrites { barrier.withLock { $0 = true } }  // runs at once on a closed store
        #expect(barrier.withLock { $0 })
        let reopened = try await opened.reopen()
        #expect(try await reopened.store.load(table: "t").batches.map(\.payload) == [[7]])
        await reopened.close()
    }
}

final class Recorder: Sendable {
    let sequences = Mutex<[Int64]>([])
    private let remaining: Mutex<Int>

    init(expected: Int) { remaining = Mutex(expected) }

    /// Returns true on the last expected result.
    func record(_ result: Result<Int64, StoreError>) -> Bool {
        if case .success(let sequence) = result { sequences.withLock { $0.append(sequence) } }
        return remaining.withLock { $0 -= 1; return $0 == 0 }
    }
}
