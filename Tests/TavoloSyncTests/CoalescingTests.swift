import Foundation
import Testing
import TavoloCRDT
import TavoloSync

/// Protocol v2 (docs/protocol.md "Versions"): a v2 member gets every batch one group commit made
/// durable for its table in one `ops` message; a v1 member of the same table gets what v1 always
/// sent, byte for byte; both end with the same document.
@Suite struct CoalescingTests {
    /// One member as the test sees it: its replica of the table, fed only by what it was sent.
    final class Member {
        let peer: Peer
        let coalescing: Bool
        var document: Document
        /// Every text frame received after `joined`, as sent.
        var frames: [String] = []
        var acks: [Int] = []
        /// (author, payload) of every batch received, in order.
        var batches: [(author: String, payload: [UInt8])] = []

        init(_ peer: Peer, coalescing: Bool) {
            self.peer = peer
            self.coalescing = coalescing
            document = Document(replica: peer.replica)
        }

        func join(_ table: String) async throws {
            let version = coalescing ? 2 : 1
            peer.send(["type": "hello", "protocol": version, "replica": peer.replica])
            let welcome = await peer.expect("welcome")
            #expect(welcome?["protocol"] as? Int == version, "welcome names the version spoken")
            peer.send(["type": "join", "table": table, "version": [:] as [String: Int]])
            let joined = try #require(await peer.expect("joined"))
            if let ops = joined["ops"] as? String, let bytes = Data(base64Encoded: ops) { _ = try document.apply(encoded: [UInt8](bytes)) }
            if let snapshot = joined["snapshot"] as? String, let bytes = Data(base64Encoded: snapshot) {
                document = try Document(decoding: [UInt8](bytes), replica: peer.replica)
            }
        }

        /// Reads frames until `batches` more batches and `acks` more acks came (or 5 s passed).
        func receive(batches wanted: Int, acks wantedAcks: Int) async throws {
            let batchesBefore = batches.count, acksBefore = acks.count
            let deadline = ContinuousClock.now + .seconds(5)
            while batches.count - batchesBefore < wanted || acks.count - acksBefore < wantedAcks, ContinuousClock.now < deadline {
                guard peer.client.pendingCount > 0 else {
                    try await Task.sleep(for: .milliseconds(2))
                    continue
                }
                guard case .text(let text)? = await peer.client.receive() else { return }
                let message = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                switch message["type"] as? String {
                case "ack": acks.append(message["ref"] as? Int ?? -1)
                case "ops":
                    frames.append(text)
                    let carried = (message["batches"] as? [[String: Any]]) ?? [message]
                    if message["batches"] != nil {
                        #expect(coalescing, "a v1 member must never be sent batches")
                        #expect(carried.count >= 2 && message["author"] == nil && message["ops"] == nil)
                    }
                    for batch in carried {
                        let author = try #require(batch["author"] as? String)
                        let base64 = try #require(batch["ops"] as? String)
                        let payload = [UInt8](try #require(Data(base64Encoded: base64)))
                        batches.append((author, payload))
                        _ = try document.apply(encoded: payload)
                    }
                default: break
                }
            }
        }

        func text(_ key: String) -> String? {
            guard case .object(let object, .text)? = document.value(forKey: key) else { return nil }
            return document.text(object)
        }
    }

    /// A writer's own replica: what it types, and the batch that carries it.
    struct Typist {
        var document: Document
        let key: String
        var ref = 0

        init(_ replica: String) {
            document = Document(replica: replica)
            key = replica
        }

        mutating func type(_ words: String) throws -> (ref: Int, ops: String) {
            let before = document.version
            if case .object(let text, _)? = document.value(forKey: key) {
                _ = try document.insertText(words, at: document.text(text).unicodeScalars.count, in: text)
            } else {
                let text = try document.makeObject(.text, at: key)
                _ = try document.insertText(words, at: 0, in: text)
            }
            ref += 1
            return (ref, Data(document.encodedOperations(since: before)).base64EncodedString())
        }
    }

    /// With two workers, members that start on the other one are handed over at `join`: they keep
    /// the version their `hello` agreed.
    @Test(arguments: [1, 2]) func v1AndV2MembersShareATableWithSeveralWriters(workers: Int) async throws {
        let store = GroupCommitStore()
        let server = SyncHarness(store: store, workers: workers)
        // Two readers and four writers; half of each speak v2.
        let anna = Member(try server.peer("anna"), coalescing: false)
        let carla = Member(try server.peer("carla"), coalescing: true)
        let writerNames = ["w1", "w2", "w3", "w4"]
        let writers = try writerNames.enumerated().map { Member(try server.peer($1), coalescing: $0 >= 2) }
        let everyone = [anna, carla] + writers
        for member in everyone { try await member.join("t") }
        var typists = writerNames.map(Typist.init)

        // Round 1: the four batches are made durable by one group commit.
        store.hold()
        for (index, writer) in writers.enumerated() {
            let (ref, ops) = try typists[index].type("ciao da \(writer.peer.replica)")
            writer.peer.send(["type": "ops", "ref": ref, "ops": ops])
            _ = try writer.document.apply(encoded: [UInt8](Data(base64Encoded: ops)!))
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while store.heldBatches < 4, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        #expect(store.heldBatches == 4)
        store.commit()
        for reader in [anna, carla] { try await reader.receive(batches: 4, acks: 0) }
        for writer in writers { try await writer.receive(batches: 3, acks: 1) }

        let stored = try await store.batches(table: "t", after: 0)
        #expect(stored.count == 4)
        let singles = stored.map { EncodedBatch(author: $0.author, payload: $0.payload).single }
        // v1: one message per batch, in the order stored, each exactly what v1 always sent.
        #expect(anna.frames == singles)
        #expect(anna.frames == stored.map { ServerMessage.operations(author: $0.author, payload: $0.payload).json })
        // v2: the whole group commit in one message, written once.
        #expect(carla.frames.count == 1)
        #expect(carla.frames == [EncodedBatch.message(stored.map { EncodedBatch(author: $0.author, payload: $0.payload) })])
        #expect(carla.batches.map(\.author) == stored.map(\.author))
        for writer in writers {
            let others = stored.filter { $0.author != writer.peer.replica }
            #expect(writer.acks == [1])
            #expect(writer.batches.map(\.author) == others.map(\.author), "never one's own batch")
            #expect(writer.frames.count == (writer.coalescing ? 1 : 3))
        }

        // Round 2: each batch durable alone: v2 members get the single-batch form, like v1.
        for (index, writer) in writers.enumerated() {
            let (ref, ops) = try typists[index].type(", di nuovo")
            writer.peer.send(["type": "ops", "ref": ref, "ops": ops])
            _ = try writer.document.apply(encoded: [UInt8](Data(base64Encoded: ops)!))
            for member in everyone where member !== writer { try await member.receive(batches: 1, acks: 0) }
            try await writer.receive(batches: 0, acks: 1)
        }
        #expect(carla.frames.count == 1 + 4)
        #expect(carla.frames.dropFirst().allSatisfy { !$0.contains("\"batches\"") })
        #expect(anna.frames.count == 8)
        #expect(carla.batches.count == 8, "v2 got every batch, in fewer messages")

        // Everyone converged on the server's document: a late joiner gets it whole.
        let zoe = Member(try server.peer("zoe"), coalescing: true)
        try await zoe.join("t")
        for key in writerNames {
            #expect(zoe.text(key) == "ciao da \(key), di nuovo")
            for member in everyone { #expect(member.text(key) == zoe.text(key), "\(member.peer.replica) sees \(key)") }
        }
        for member in everyone { #expect(member.document.version == zoe.document.version) }
        await server.stop()
    }

    /// Two tables on two engine workers, their batches interleaved in one group commit: each v2
    /// reader still gets its table's batches in one message (the workers share one gatherer).
    @Test func batchesOfTwoWorkersInOneGroupCommitStillCoalesce() async throws {
        let store = GroupCommitStore()
        let server = SyncHarness(store: store, workers: 2)
        let tables = [0, 1].map { EngineWorkerTests.table(ownedBy: $0, of: server.workers) }
        let readers = try tables.map { Member(try server.peer("reader-\($0)"), coalescing: true) }
        let writers = try ["a1", "b1", "a2", "b2"].map { Member(try server.peer($0), coalescing: false) }
        for (index, reader) in readers.enumerated() { try await reader.join(tables[index]) }
        for (index, writer) in writers.enumerated() { try await writer.join(tables[index % 2]) }
        store.hold()
        for (index, writer) in writers.enumerated() {
            var typist = Typist(writer.peer.replica)
            let (ref, ops) = try typist.type("ciao")
            writer.peer.send(["type": "ops", "ref": ref, "ops": ops])
            // One at a time, so the group holds the two workers' batches interleaved.
            let deadline = ContinuousClock.now + .seconds(5)
            while store.heldBatches <= index, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
        }
        #expect(try await store.inner.batches(table: tables[0], after: 0).isEmpty)
        store.commit()
        for reader in readers { try await reader.receive(batches: 2, acks: 0) }
        #expect(readers[0].batches.map(\.author) == ["a1", "a2"])
        #expect(readers[1].batches.map(\.author) == ["b1", "b2"])
        for reader in readers { #expect(reader.frames.count == 1, "\(reader.peer.replica): one message for its table's two batches") }
        await server.stop()
    }

    @Test func unsupportedProtocolVersionsAreStillRefused() async throws {
        let server = SyncHarness()
        for version in [0, 3] {
            let peer = try server.peer("anna\(version)")
            peer.send(["type": "hello", "protocol": version, "replica": peer.replica])
            let error = await peer.expect("error")
            #expect(error?["code"] as? String == "unsupported_protocol")
            #expect((error?["message"] as? String)?.contains("protocol 1 or 2, not \(version)") == true)
            #expect(await peer.closed() == 1002)
        }
        await server.stop()
    }

    @Test func anEncodedBatchIsTheV1MessageByteForByte() {
        let payload: [UInt8] = Array(0...255)
        for author in ["bruno-91ab", "server", "a\"b\\c"] {
            #expect(EncodedBatch(author: author, payload: payload).single == ServerMessage.operations(author: author, payload: payload).json)
        }
        let two = [EncodedBatch(author: "a", payload: [1]), EncodedBatch(author: "b", payload: [2, 3])]
        #expect(EncodedBatch.message(two) == #"{"batches":[{"author":"a","ops":"AQ=="},{"author":"b","ops":"AgM="}],"type":"ops"}"#)
        #expect(EncodedBatch.message(two.prefix(1)) == two[0].single)
        // Bounded: as few messages as fit the limit, in order; a batch over it alone.
        let large = (0..<5).map { EncodedBatch(author: "r\($0)", payload: [UInt8](repeating: UInt8($0), count: 3000)) }
        let bounded = EncodedBatch.messages(large, limit: 9000)
        #expect(bounded == [EncodedBatch.message(large[0..<2]), EncodedBatch.message(large[2..<4]), large[4].single])
        #expect(bounded.allSatisfy { $0.utf8.count <= 9000 })
        #expect(EncodedBatch.messages(large, limit: 100) == large.map(\.single))
        #expect(EncodedBatch.messages(large, limit: 1 << 20) == [EncodedBatch.message(large)])
    }
}
