import Foundation
import Synchronization
import Testing
import TavoloCRDT
import TavoloStorage
import TavoloSync

/// Snapshots are encoded off the loop, one at a time and no more often than allowed, and a
/// snapshot that holds more than it says loads to the same document.
@Suite struct SnapshotTests {
    /// An in-memory store that counts the snapshots it is asked to save.
    final class CountingStore: WrappedStore {
        let inner = InMemoryStore()
        let snapshots = Atomic<Int>(0)

        func saveSnapshot(
            table: String, payload: [UInt8], upTo: Int64?, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
        ) {
            snapshots.add(1, ordering: .relaxed)
            inner.saveSnapshot(table: table, payload: payload, upTo: upTo, onDurable: onDurable)
        }
    }

    @Test func batchesOverTheThresholdAreSnapshottedOncePerInterval() async throws {
        var settings = SyncSettings()
        settings.snapshotEveryOperations = 3
        settings.minimumSecondsBetweenSnapshots = 3600
        let store = CountingStore()
        let server = SyncHarness(settings: settings, store: store)
        let anna = try server.peer("anna")
        #expect(await anna.join("t") != nil)
        var document = Document(replica: "anna")
        let text = try document.makeObject(.text, at: "t")
        for ref in 1...10 {
            let before = document.version
            _ = try document.insertText("ciao ", at: 0, in: text)
            anna.send(["type": "ops", "ref": ref, "ops": Data(document.encodedOperations(since: ref == 1 ? Version() : before)).base64EncodedString()])
            #expect(await anna.expect("ack")?["ref"] as? Int == ref)
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(store.snapshots.load(ordering: .relaxed) == 1)
        await server.stop()

        // A new server on the same store: snapshot plus the batches after it give the same document.
        let restarted = SyncHarness(store: store)
        let late = try restarted.peer("late")
        let joined = await late.join("t")
        #expect(joined?["version"] as? [String: Int] == ["anna": document.operationCount])
        await restarted.stop()
    }
}
