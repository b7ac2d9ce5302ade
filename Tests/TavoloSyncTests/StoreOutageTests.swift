import Foundation
import Synchronization
import Testing
import TavoloCRDT
import TavoloStorage
import TavoloSync

/// The store refusing writes (a database away): the open table keeps serving from memory,
/// refuses new edits without acknowledging them, and once the store takes writes again stores
/// what had failed and acknowledges it. Nothing is acknowledged that is not stored.
@Suite struct StoreOutageTests {
    /// An in-memory store whose writes fail while `down`.
    final class FlakyStore: WrappedStore {
        let inner = InMemoryStore()
        let down = Atomic<Bool>(false)
        private var isDown: Bool { down.load(ordering: .relaxed) }

        func load(table: String) async throws(StoreError) -> StoredTable {
            if isDown { throw .io("away") }
            return try await inner.load(table: table)
        }
        func append(
            _ batch: StoredBatch, gatheredBy gatherer: (any DurableRunGatherer)?,
            onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
        ) {
            if isDown {
                onDurable(.failure(.io("away")))
                gatherer?.runEnded()
                return
            }
            inner.append(batch, gatheredBy: gatherer, onDurable: onDurable)
        }
        func saveSnapshot(
            table: String, payload: [UInt8], upTo: Int64?, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
        ) {
            if isDown { return onDurable(.failure(.io("away"))) }
            inner.saveSnapshot(table: table, payload: payload, upTo: upTo, onDurable: onDurable)
        }
        func appendEvent(_ event: StoredEvent, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void) {
            if isDown { return onDurable(.failure(.io("away"))) }
            inner.appendEvent(event, onDurable: onDurable)
        }
        func recordReplica(_ replica: String, principal: String, table: String) {
            if !isDown { inner.recordReplica(replica, principal: principal, table: table) }
        }
    }

    @Test func anOpenTableServesFromMemoryAndStoresWhatFailedOnceTheStoreIsBack() async throws {
        let store = FlakyStore()
        let server = SyncHarness(store: store)
        let anna = try server.peer("anna")
        #expect(await anna.join("t") != nil)
        var document = Document(replica: "anna")
        let text = try document.makeObject(.text, at: "t")
        var sent = Version()
        func edit(_ words: String, ref: Int) throws {
            _ = try document.insertText(words, at: 0, in: text)
            anna.send(["type": "ops", "ref": ref, "ops": Data(document.encodedOperations(since: sent)).base64EncodedString()])
            sent = document.version
        }
        try edit("prima ", ref: 1)
        #expect(await anna.expect("ack")?["ref"] as? Int == 1)
        let carla = try server.peer("carla")  // at the table before the outage
        #expect(await carla.join("t") != nil)

        store.down.store(true, ordering: .relaxed)
        try edit("durante ", ref: 2)  // applied in memory, its write fails: no ack
        #expect(await anna.expect("ack", timeout: .milliseconds(300)) == nil)
        let before = sent
        try edit("ancora ", ref: 3)  // refused while the store is away: not applied
        let refused = await anna.expect("error")
        #expect(refused?["code"] as? String == "unavailable")
        #expect(refused?["ref"] as? Int == 3)

        // A newcomer joins the table in memory and reads it (the failed write too: it holds it
        // already when that write is acknowledged); nobody is disconnected.
        let bruno = try server.peer("bruno")
        let joined = await bruno.join("t")
        #expect((joined?["version"] as? [String: Int])?["anna"] == before["anna"])
        #expect(anna.client.closeStatus == nil)

        store.down.store(false, ordering: .relaxed)
        // The failed write is stored again by itself, then acknowledged and delivered.
        #expect(await anna.expect("ack", timeout: .seconds(5))?["ref"] as? Int == 2)
        #expect(await carla.expect("ops", timeout: .seconds(5))?["author"] as? String == "anna")
        // The refused edit, sent again, is taken now.
        anna.send(["type": "ops", "ref": 4, "ops": Data(document.encodedOperations(since: before)).base64EncodedString()])
        #expect(await anna.expect("ack")?["ref"] as? Int == 4)

        let stored = try await store.inner.load(table: "t")
        #expect(stored.batches.reduce(0) { $0 + $1.operationCount } == document.operationCount)
        await server.stop()
    }
}
