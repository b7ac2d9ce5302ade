import Foundation
import Testing
import TavoloCRDT
import TavoloServer
import TavoloStorage

@Suite struct LiveTableTests {
    /// Waits until every client has every acknowledgement and they all hold the same version.
    private func settle(_ clients: [TableClient]) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            for client in clients { client.flush(); try await client.drain() }
            let versions = Set(clients.map(\.document.version))
            if versions.count == 1, clients.allSatisfy({ $0.unacknowledged.isEmpty }) { return }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("clients did not converge: \(clients.map { "\($0.replica) \($0.document.version) unacked \($0.unacknowledged)" })")
    }

    private func randomEdit(_ client: TableClient, text: ObjectID, list: ObjectID, rng: inout SeededRandom) throws {
        let words = ["ordine ", "del ", "giorno ", "verbale ", "proposta ", "ETS ", "PA ", "🙂 ", "e\u{301} "]
        try client.edit { document in
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                let position = Int.random(in: 0...document.textLength(text), using: &rng)
                _ = try document.insertText(words.randomElement(using: &rng)!, at: position, in: text)
            case 5..<7:
                let length = document.textLength(text)
                guard length > 0 else { return }
                let position = Int.random(in: 0..<length, using: &rng)
                _ = try document.deleteText(at: position, count: min(Int.random(in: 1...5, using: &rng), length - position), in: text)
            case 7:
                let count = document.values(in: list).count
                _ = try document.insert(.string("punto \(Int.random(in: 0..<1000, using: &rng))"), at: Int.random(in: 0...count, using: &rng), in: list)
            case 8:
                let count = document.values(in: list).count
                guard count > 1 else { return }
                _ = try document.move(from: Int.random(in: 0..<count, using: &rng), to: Int.random(in: 0..<count, using: &rng), in: list)
            default:
                let count = document.values(in: list).count
                guard count > 2 else { return }
                _ = try document.remove(at: Int.random(in: 0..<count, using: &rng), in: list)
            }
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64], [1, 2])
    func threeClientsConvergeThroughReorderingAndAReconnect(seed: UInt64, workers: Int) async throws {
        var settings = ServerSettings()
        settings.engineWorkers = workers
        let server = TestServer(settings: settings)
        var rng = SeededRandom(seed: seed)
        let anna = server.client("anna")
        try await anna.connect(name: "Anna")
        var text = ObjectID.root, list = ObjectID.root
        try anna.edit { document in
            text = try document.makeObject(.text, at: "verbale")
            list = try document.makeObject(.list, at: "ordine")
            _ = try document.insertText("Verbale della seduta\n", at: 0, in: text)
        }
        try await settle([anna])
        let bruno = server.client("bruno"), carla = server.client("carla")
        try await bruno.connect(name: "Bruno")
        try await carla.connect(name: "Carla")
        let clients = [anna, bruno, carla]

        for round in 0..<300 {
            let client = clients.randomElement(using: &rng)!
            try randomEdit(client, text: text, list: list, rng: &rng)
            // Batches leave at random moments and are read in random order: concurrency and reordering.
            if Bool.random(using: &rng) { client.flush() }
            if Int.random(in: 0..<3, using: &rng) == 0 { try await clients.randomElement(using: &rng)!.drain() }
            if round == 100 { bruno.disconnect() }  // keeps editing offline...
            if round == 200 { try await bruno.connect(name: "Bruno") }  // ...and resends on return
            await Task.yield()
        }
        try await settle(clients)

        let expected = anna.document.node()
        #expect(bruno.document.node() == expected)
        #expect(carla.document.node() == expected)
        #expect(clients.allSatisfy { $0.errors.isEmpty }, "\(clients.map(\.errors))")
        for client in clients { #expect(client.document.checkInvariants().isEmpty) }

        // A fourth person joining later gets exactly the same state.
        let dario = server.client("dario")
        try await dario.connect(name: "Dario")
        #expect(dario.document.node() == expected)
        #expect(dario.document.version == anna.document.version)

        // And so does the store: every acknowledged operation is in the log.
        await server.stop()
        var rebuilt = Document(replica: "check")
        for batch in try await server.store.batches(table: "tavolo-1", after: 0) {
            try rebuilt.apply(encoded: batch.payload)
        }
        #expect(rebuilt.node() == expected)
    }

    @Test func tableUnloadsWhenIdleAndReloadsFromSnapshotAndLog() async throws {
        var settings = ServerSettings()
        settings.sync.roomIdleSeconds = 0
        let server = TestServer(settings: settings)
        let anna = server.client("anna")
        try await anna.connect()
        var text = ObjectID.root
        try anna.edit { document in
            text = try document.makeObject(.text, at: "progetto")
            _ = try document.insertText("Progetto condiviso", at: 0, in: text)
        }
        try await settle([anna])
        anna.disconnect()
        // A few ticks: the table is snapshotted and unloaded (polled: a loaded machine takes longer).
        let deadline = ContinuousClock.now + .seconds(5)
        while server.store.snapshotCount == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(server.store.snapshotCount == 1)

        let bruno = server.client("bruno")
        try await bruno.connect()
        #expect(bruno.document.text(text) == "Progetto condiviso")
        await server.stop()
    }

    @Test(arguments: [1, 2])
    func presenceIsForwardedThrottledAndClearedOnLeave(workers: Int) async throws {
        var settings = ServerSettings()
        settings.engineWorkers = workers
        settings.sync.presenceIntervalMilliseconds = 100
        let server = TestServer(settings: settings)
        let anna = server.client("anna"), bruno = server.client("bruno")
        try await anna.connect(name: "Anna")
        try await bruno.connect(name: "Bruno")
        _ = try await anna.expect("presence")  // bruno arrived
        for column in 0..<20 {
            bruno.sendJSON(["type": "presence", "state": ["cursor": ["text": "verbale", "at": column]]])
        }
        try await Task.sleep(for: .milliseconds(300))
        var updates: [[String: Any]] = []
        while let message = try? await anna.expect("presence", timeout: .milliseconds(50)) { updates.append(message) }
        // 20 updates in a burst arrive as at most a few, and the last one wins.
        #expect(!updates.isEmpty && updates.count <= 3)
        let last = (updates.last?["state"] as? [String: Any])?["cursor"] as? [String: Any]
        #expect(last?["at"] as? Int == 19)
        #expect(updates.last?["name"] as? String == "Bruno")

        bruno.disconnect()
        let left = try await anna.expect("left")
        #expect(left["replica"] as? String == "bruno")
        await server.stop()
    }
}
