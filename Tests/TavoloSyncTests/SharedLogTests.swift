import Foundation
import Synchronization
import Testing
import TavoloCRDT
import TavoloStorage
import TavoloSync

/// Several processes writing one log (`SyncSettings.sharedLog`): a commit of another node that
/// lands while this one is loading the table is read once the table is open, although its
/// notice came when there was no room to tell.
@Suite struct SharedLogTests {
    /// An in-memory store whose `load` reads the log, then waits for `release` before answering
    /// (another node commits in between).
    final class SlowLoadStore: WrappedStore {
        let inner = InMemoryStore()
        let loading = Atomic<Bool>(false)
        private let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let released = Atomic<Bool>(false)

        func release() {
            released.store(true, ordering: .relaxed)
            gate.withLock { $0.take() }?.resume()
        }

        func load(table: String) async throws(StoreError) -> StoredTable {
            let stored = try await inner.load(table: table)
            loading.store(true, ordering: .relaxed)
            await withCheckedContinuation { continuation in
                let now: Bool = gate.withLock { waiting in
                    if released.load(ordering: .relaxed) { return true }
                    waiting = continuation
                    return false
                }
                if now { continuation.resume() }
            }
            return stored
        }
    }

    @Test func aCommitDuringTheLoadIsReadOnceTheTableIsOpen() async throws {
        var settings = SyncSettings()
        settings.sharedLog = true
        let store = SlowLoadStore()
        let server = SyncHarness(settings: settings, store: store)
        let anna = try server.peer("anna")
        #expect(await anna.hello() != nil)
        anna.send(["type": "join", "table": "t", "version": [:] as [String: Int]])
        while !store.loading.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }

        // Another node commits now, and announces it while the table is still loading here.
        var document = Document(replica: "bruno")
        _ = try document.makeObject(.text, at: "verbale")
        store.inner.append(StoredBatch(table: "t", author: "bruno", operationCount: 1, payload: document.encodedOperations(since: Version()))) { _ in }
        server.workers.logChanged(table: "t")
        try await Task.sleep(for: .milliseconds(50))
        store.release()

        let joined = await anna.expect("joined")
        #expect((joined?["version"] as? [String: Int])?["bruno"] == nil)  // loaded before the commit
        #expect(await anna.expect("ops", timeout: .seconds(5))?["author"] as? String == "bruno")
        await server.stop()
    }
}
