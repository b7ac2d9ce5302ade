import Foundation
import Testing
import TavoloCRDT
import TavoloSync

/// Tables sharded over several engine loops: a table lives on one worker, and a connection that
/// starts elsewhere is handed over at `join` without losing or reordering what it sent.
@Suite struct EngineWorkerTests {
    /// A table id owned by `worker`, and one owned by another.
    static func table(ownedBy worker: Int, of workers: EngineWorkers, prefix: String = "t") -> String {
        (0...).lazy.map { "\(prefix)\($0)" }.first { workers.owner(of: $0) == worker }!
    }

    /// The document a `joined` reply carries, as operations or as a snapshot.
    static func document(from joined: [String: Any]) throws -> Document {
        if let snapshot = joined["snapshot"] as? String {
            return try Document(decoding: Array(Data(base64Encoded: snapshot)!), replica: "reader")
        }
        var document = Document(replica: "reader")
        document.apply(try Operations(decoding: Array(Data(base64Encoded: joined["ops"] as! String)!)))
        return document
    }

    /// `peer` types `text` into a new text object of its table (ref 1); the document once acknowledged.
    static func write(_ text: String, as peer: Peer) async throws -> Document {
        var document = Document(replica: peer.replica)
        let object = try document.makeObject(.text, at: "t")
        _ = try document.insertText(text, at: 0, in: object)
        peer.send(["type": "ops", "ref": 1, "ops": ops(document, since: Version())])
        #expect(await peer.expect("ack")?["ref"] as? Int == 1)
        return document
    }

    static func ops(_ document: Document, since version: Version) -> String {
        Data(document.encodedOperations(since: version)).base64EncodedString()
    }

    @Test(arguments: [2, 3, 4])
    func membersOfOneTableOnDifferentWorkersSeeEachOtherAndConverge(workers: Int) async throws {
        let server = SyncHarness(workers: workers)
        // Round robin: consecutive connections start on different workers, so at most one of
        // them starts where the table lives.
        let anna = try server.peer("anna"), bruno = try server.peer("bruno")
        #expect(await anna.join("piazza") != nil)
        let joined = await bruno.join("piazza")
        #expect((joined?["members"] as? [[String: Any]])?.map { $0["replica"] as? String } == ["anna"])
        #expect(await anna.expect("presence")?["replica"] as? String == "bruno")

        let document = try await Self.write("ciao", as: anna)
        let received = try #require(await bruno.expect("ops"))
        var copy = Document(replica: "bruno")
        copy.apply(try Operations(decoding: Array(Data(base64Encoded: received["ops"] as! String)!)))
        #expect(copy.version == document.version)

        bruno.send(["type": "presence", "state": ["cursor": 3]])
        let presence = await anna.expect("presence")
        #expect(presence?["replica"] as? String == "bruno")
        #expect((presence?["state"] as? [String: Any])?["cursor"] as? Int == 3)
        bruno.client.close()
        #expect(await anna.expect("left")?["replica"] as? String == "bruno")
        await server.stop()
    }

    @Test func manyTablesSpreadOverWorkersEachStayWhole() async throws {
        let server = SyncHarness(workers: 4)
        let tables = (0..<12).map { "tavolo-\($0)" }
        #expect(Set(tables.map(server.workers.owner(of:))).count == 4)
        var members: [(String, Peer)] = []
        for table in tables {
            for person in 0..<3 {
                let peer = try server.peer("\(table)-p\(person)")
                #expect(await peer.join(table) != nil)
                members.append((table, peer))
            }
        }
        // The first member of each table writes; every other member of that table, and only
        // they, receive it.
        for table in tables {
            _ = try await Self.write(table, as: members.first { $0.0 == table }!.1)
        }
        for (table, peer) in members where members.first(where: { $0.0 == table })!.1.replica != peer.replica {
            let received = try #require(await peer.expect("ops"))
            #expect(received["author"] as? String == "\(table)-p0")
            #expect(await peer.expect("ops", timeout: .milliseconds(50)) == nil)
        }
        await server.stop()
    }

    @Test(arguments: [2, 4])
    func aBurstSentWithTheJoinIsHandledInOrderOnTheTablesWorker(workers: Int) async throws {
        let server = SyncHarness(workers: workers)
        // The first connection starts on worker 0; its table lives on the last one.
        let table = Self.table(ownedBy: workers - 1, of: server.workers)
        let anna = try server.peer("anna")
        var document = Document(replica: "anna")
        let text = try document.makeObject(.text, at: "t")
        anna.send(["type": "hello", "protocol": 1, "replica": "anna"])
        anna.send(["type": "join", "table": table, "version": [:] as [String: Int]])
        // Each batch depends on the one before: out of order, the server would answer missing_dependencies.
        for ref in 1...60 {
            let before = ref == 1 ? Version() : document.version
            _ = try document.insertText("x", at: 0, in: text)
            anna.send(["type": "ops", "ref": ref, "ops": Self.ops(document, since: before)])
        }
        #expect(await anna.expect("joined") != nil)
        var refs: [Int] = []
        while refs.count < 60, let message = await anna.next(), message["type"] as? String != "timeout" {
            #expect(message["type"] as? String == "ack", "\(message)")
            if let ref = message["ref"] as? Int { refs.append(ref) }
        }
        #expect(refs == Array(1...60))
        let bruno = try server.peer("bruno")
        let joined = try #require(await bruno.join(table))
        #expect(try Self.document(from: joined).version == document.version)
        await server.stop()
    }

    /// Answers `authorizeJoin` after 30 ms; blocks its loop 15 ms on each message `slow`.
    final class Sluggish: SyncHook {
        func authorizeJoin(_ principal: Principal, table: String) -> HookResult<Void> {
            .later(Deferred({ try? await Task.sleep(for: .milliseconds(30)) }) { .proceed })
        }
        func message(
            _ fields: ClientMessage.Fields, ref: Int?, from connection: Connection, member: Member?, in room: Room?
        ) -> HookResult<Void>? {
            guard fields.type == "slow" else { return nil }
            Thread.sleep(forTimeInterval: 0.015)
            return .proceed
        }
    }

    /// What a member sends while it is handed over reaches the table's worker through either
    /// way (the old worker's queue, or held by the new one until the connection arrives) and in
    /// order. A busy old worker holds the handover back, so some of it takes the second way.
    @Test func operationsSentDuringAHandoverArriveInOrder() async throws {
        var settings = SyncSettings()
        settings.messagesPerSecond = 1000
        let server = SyncHarness(settings: settings, workers: 2) { [Sluggish()] }
        let table = Self.table(ownedBy: 1, of: server.workers)
        // Round robin: busy and anna start on worker 0, the table lives on worker 1.
        let busy = try server.peer("busy"), _ = try server.peer("filler"), anna = try server.peer("anna")
        #expect(await busy.hello() != nil)
        #expect(await anna.hello() != nil)
        anna.send(["type": "join", "table": table, "version": [:] as [String: Int]])
        var document = Document(replica: "anna")
        let text = try document.makeObject(.text, at: "t")
        for ref in 1...100 {
            let before = ref == 1 ? Version() : document.version
            _ = try document.insertText("x", at: 0, in: text)
            anna.send(["type": "ops", "ref": ref, "ops": Self.ops(document, since: before)])
            // Worker 0 falls behind: the marker that ends the handover waits behind what came meanwhile.
            if ref.isMultiple(of: 2) { busy.send(["type": "slow"]) }
            try await Task.sleep(for: .milliseconds(3))
        }
        #expect(await anna.expect("joined") != nil)
        var refs: [Int] = []
        while refs.count < 100, let message = await anna.next(), message["type"] as? String != "timeout" {
            #expect(message["type"] as? String == "ack", "\(message)")
            if let ref = message["ref"] as? Int { refs.append(ref) }
        }
        #expect(refs == Array(1...100))
        await server.stop()
    }

    @Test func aMemberMovingToATableOnAnotherWorkerLeavesTheFirstOne() async throws {
        let server = SyncHarness(workers: 2)
        let here = Self.table(ownedBy: 0, of: server.workers), there = Self.table(ownedBy: 1, of: server.workers)
        let anna = try server.peer("anna"), bruno = try server.peer("bruno"), carla = try server.peer("carla")
        #expect(await anna.join(here) != nil)
        #expect(await bruno.join(here) != nil)
        #expect(await carla.join(there) != nil)
        #expect(await anna.expect("presence")?["replica"] as? String == "bruno")
        bruno.send(["type": "join", "table": there, "version": [:] as [String: Int]])
        let joined = await bruno.expect("joined")
        #expect(joined?["table"] as? String == there)
        #expect((joined?["members"] as? [[String: Any]])?.map { $0["replica"] as? String } == ["carla"])
        #expect(await anna.expect("left")?["replica"] as? String == "bruno")
        #expect(await carla.expect("presence")?["replica"] as? String == "bruno")
        await server.stop()
    }

    /// Refuses joining any table whose id starts with `vietato`.
    final class Forbidden: SyncHook {
        func authorizeJoin(_ principal: Principal, table: String) -> HookResult<Void> {
            table.hasPrefix("vietato") ? .refused(ProtocolError(.unauthorized, "not here")) : .proceed
        }
    }

    @Test func aJoinRefusedForATableOnAnotherWorkerKeepsTheMemberWhereItWas() async throws {
        let server = SyncHarness(workers: 2) { [Forbidden()] }
        let here = Self.table(ownedBy: 0, of: server.workers), forbidden = Self.table(ownedBy: 1, of: server.workers, prefix: "vietato")
        let anna = try server.peer("anna"), bruno = try server.peer("bruno")
        #expect(await anna.join(here) != nil)
        #expect(await bruno.join(here) != nil)
        #expect(await anna.expect("presence")?["replica"] as? String == "bruno")
        anna.send(["type": "join", "table": forbidden, "version": [:] as [String: Int]])
        #expect(await anna.expect("error")?["code"] as? String == "unauthorized")
        _ = try await Self.write("ancora qui", as: anna)
        let next = await bruno.next()
        #expect(next?["type"] as? String == "ops", "bruno must not hear that anna left: \(next ?? [:])")
        await server.stop()
    }

    @Test func aConnectionClosedWhileHandedOverIsForgotten() async throws {
        let server = SyncHarness(workers: 2)
        let table = Self.table(ownedBy: 1, of: server.workers)
        for round in 0..<20 {
            let gone = try server.peer("gone\(round)")
            gone.send(["type": "hello", "protocol": 1, "replica": "gone\(round)"])
            gone.send(["type": "join", "table": table, "version": [:] as [String: Int]])
            gone.client.close()
        }
        let anna = try server.peer("anna")
        let joined = await anna.join(table)
        // Every handed-over connection that closed has left (or never joined) the table.
        try await Task.sleep(for: .milliseconds(100))
        let again = try server.peer("bruno")
        let seen = await again.join(table)
        #expect(joined != nil)
        #expect((seen?["members"] as? [[String: Any]])?.map { $0["replica"] as? String } == ["anna"])
        await server.stop()
    }
}
