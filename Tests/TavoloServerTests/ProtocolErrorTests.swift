import Foundation
import Testing
import TavoloCRDT
import TavoloServer
import TavoloSync

/// Every kind of bad input gets its error, and leaves the connection and the table consistent.
@Suite struct ProtocolErrorTests {
    private func joined(_ server: TestServer, _ replica: String) async throws -> TableClient {
        let client = server.client(replica)
        try await client.connect(name: replica)
        return client
    }

    private func textEdit(_ replica: String, _ text: String) throws -> [UInt8] {
        var document = Document(replica: replica)
        let object = try document.makeObject(.text, at: "t")
        _ = try document.insertText(text, at: 0, in: object)
        return document.encodedOperations()
    }

    private func sendOps(_ client: TableClient, _ payload: [UInt8], ref: Int) {
        client.sendJSON(["type": "ops", "ref": ref, "ops": Data(payload).base64EncodedString()])
    }

    /// After an error, the connection still works: a valid edit is acknowledged and reaches others.
    private func expectStillWorks(_ client: TableClient, witness: TableClient) async throws {
        try client.edit { document in
            let object = try document.makeObject(.text, at: "ancora")
            _ = try document.insertText("funziona", at: 0, in: object)
        }
        client.flush()
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !client.unacknowledged.isEmpty || witness.document.version != client.document.version {
            try await client.drain()
            try await witness.drain()
            try await Task.sleep(for: .milliseconds(2))
        }
        #expect(client.unacknowledged.isEmpty)
        #expect(witness.document.node() == client.document.node())
    }

    @Test func forgedAuthorIsRejectedAndNeverReachesOthersOrTheStore() async throws {
        let server = TestServer()
        let mallory = try await joined(server, "mallory"), anna = try await joined(server, "anna")
        sendOps(mallory, try textEdit("anna", "finto"), ref: 1)
        let error = try await mallory.expect("error")
        #expect(error["code"] as? String == "forged_author")
        #expect(error["ref"] as? Int == 1)
        try await Task.sleep(for: .milliseconds(20))
        try await anna.drain()
        #expect(anna.document.operationCount == 0)
        #expect(try await server.store.batches(table: "tavolo-1", after: 0).isEmpty)
        try await expectStillWorks(mallory, witness: anna)
        await server.stop()
    }

    @Test func anEditOutsideItsTextIsRefusedAndNeverReachesOthersOrTheStore() async throws {
        let server = TestServer()
        let mallory = try await joined(server, "mallory"), anna = try await joined(server, "anna")
        // What the server gets first: a text that ends up empty (mallory@0 makes it, @1 types, @2 deletes).
        var honest = Document(replica: "mallory")
        let text = try honest.makeObject(.text, at: "t")
        try honest.insertText("a", at: 0, in: text)
        try honest.deleteText(at: 0, count: 1, in: text)
        sendOps(mallory, honest.encodedOperations(), ref: 1)
        #expect(try await mallory.expect("ack")["ref"] as? Int == 1)
        // A forged history under the same ids where the text at mallory@2 is "ab": an insert at 2
        // made there lies past the end of the server's text at its parents.
        var forged = Document(replica: "mallory")
        let same = try forged.makeObject(.text, at: "t")
        try forged.insertText("ab", at: 0, in: same)
        try forged.insertText("!", at: 2, in: same)
        sendOps(mallory, forged.encodedOperations(since: honest.version), ref: 2)
        let error = try await mallory.expect("error")
        #expect(error["code"] as? String == "malformed_operations")
        #expect(error["ref"] as? Int == 2)
        #expect((error["message"] as? String)?.contains("mallory@3") == true)
        try await Task.sleep(for: .milliseconds(20))
        try await anna.drain()
        #expect(anna.document.operationCount == 3)
        #expect(try await server.store.batches(table: "tavolo-1", after: 0).count == 1)
        await server.stop()
    }

    @Test(arguments: [
        (#"{"type":"ops","ref":3,"ops":"AAEC"}"#, "malformed_operations"),
        (#"{"type":"ops","ref":3,"ops":"%%%"}"#, "bad_message"),
        (#"{"type":"ops","ops":"AAEC"}"#, "bad_message"),
        ("not json at all", "bad_message"),
        (#"{"no_type":1}"#, "bad_message"),
        (#"{"type":"teleport"}"#, "unknown_type"),
        (#"{"type":"join","table":"../etc"}"#, "bad_table"),
        (#"{"type":"hello","protocol":1,"replica":"again"}"#, "bad_message"),
    ])
    func malformedMessagesGetTheirError(frame: String, code: String) async throws {
        let server = TestServer()
        let client = try await joined(server, "anna"), witness = try await joined(server, "bruno")
        client.connection?.send(.text(frame))
        let error = try await client.expect("error")
        #expect(error["code"] as? String == code, "\(error)")
        try await expectStillWorks(client, witness: witness)
        await server.stop()
    }

    @Test func binaryFramesAreRefused() async throws {
        let server = TestServer()
        let client = try await joined(server, "anna"), witness = try await joined(server, "bruno")
        client.connection?.send(.binary([1, 2, 3]))
        #expect(try await client.expect("error")["code"] as? String == "bad_message")
        try await expectStillWorks(client, witness: witness)
        await server.stop()
    }

    @Test func unknownProtocolVersionIsAClearErrorThenClose() async throws {
        let server = TestServer()
        let connection = try server.transport.connect()
        connection.send(.text(#"{"type":"hello","protocol":3,"replica":"futuro"}"#))  // 1 and 2 are spoken
        guard case .text(let text) = await connection.receive() else { Issue.record("no answer"); return }
        let error = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(error["code"] as? String == "unsupported_protocol")
        #expect((error["message"] as? String)?.contains("protocol 1 or 2, not 3") == true)
        #expect(await connection.receive() == nil)
        #expect(connection.closeStatus?.code.rawValue == 1002)
        await server.stop()
    }

    @Test func messagesBeforeHelloOrJoinAreRefused() async throws {
        let server = TestServer()
        let connection = try server.transport.connect()
        connection.send(.text(#"{"type":"join","table":"tavolo-1"}"#))
        guard case .text(let first) = await connection.receive() else { Issue.record("no answer"); return }
        #expect(first.contains("not_authenticated"))
        connection.send(.text(#"{"type":"hello","protocol":1,"replica":"anna"}"#))
        _ = await connection.receive()  // welcome
        connection.send(.text(#"{"type":"ops","ref":1,"ops":""}"#))
        guard case .text(let second) = await connection.receive() else { Issue.record("no answer"); return }
        #expect(second.contains("not_joined"))
        await server.stop()
    }

    @Test func oversizeBatchNamesTheLimit() async throws {
        var settings = ServerSettings()
        settings.sync.maxOperationsPerMessage = 5
        let server = TestServer(settings: settings)
        let client = try await joined(server, "anna"), witness = try await joined(server, "bruno")
        sendOps(client, try textEdit("anna", "troppo lungo"), ref: 9)
        let error = try await client.expect("error")
        #expect(error["code"] as? String == "limit_exceeded")
        #expect(error["limit"] as? String == "maxOperationsPerMessage")
        #expect(error["ref"] as? Int == 9)
        #expect(try await server.store.batches(table: "tavolo-1", after: 0).isEmpty)
        await server.stop()
        _ = witness
    }

    @Test func documentSizeLimitKeepsWhatWasAcknowledged() async throws {
        var settings = ServerSettings()
        settings.sync.maxDocumentOperations = 20
        let server = TestServer(settings: settings)
        let client = try await joined(server, "anna")
        var object = ObjectID.root
        try client.edit { document in
            object = try document.makeObject(.text, at: "t")
            _ = try document.insertText("0123456789", at: 0, in: object)
        }
        client.flush()
        while !client.unacknowledged.isEmpty { try await client.drain(); try await Task.sleep(for: .milliseconds(1)) }
        try client.edit { document in _ = try document.insertText("abcdefghijklmnopqrstuvwxyz", at: 0, in: object) }
        client.flush()
        let error = try await client.expect("error")
        #expect(error["limit"] as? String == "maxDocumentOperations")
        let late = server.client("late")
        try await late.connect()
        #expect(late.document.text(object) == "0123456789")
        await server.stop()
    }

    @Test func rateLimitNamesTheLimitAndRecovers() async throws {
        var settings = ServerSettings()
        settings.sync.messagesPerSecond = 5
        let server = TestServer(settings: settings)
        let client = try await joined(server, "anna")
        for _ in 0..<20 { client.sendJSON(["type": "presence", "state": ["x": 1]]) }
        let error = try await client.expect("error")
        #expect(error["code"] as? String == "limit_exceeded")
        #expect(error["limit"] as? String == "messagesPerSecond")
        try await Task.sleep(for: .milliseconds(1200))
        let witness = try await joined(server, "bruno")
        try await expectStillWorks(client, witness: witness)
        await server.stop()
    }

    @Test func operationsWithMissingDependenciesAreRefusedAndNamed() async throws {
        let server = TestServer()
        let client = try await joined(server, "anna"), witness = try await joined(server, "bruno")
        var document = Document(replica: "anna")
        let object = try document.makeObject(.text, at: "t")
        _ = try document.insertText("ab", at: 0, in: object)
        let first = document.version
        _ = try document.insertText("cd", at: 2, in: object)
        sendOps(client, document.encodedOperations(since: first), ref: 4)  // the first part never sent
        let error = try await client.expect("error")
        #expect(error["code"] as? String == "missing_dependencies")
        #expect((error["missing"] as? [String])?.contains("anna@0") == true)
        try await Task.sleep(for: .milliseconds(20))
        try await witness.drain()
        #expect(witness.document.operationCount == 0)
        await server.stop()
    }

    @Test func aReplicaIdStaysWithItsPrincipal() async throws {
        let server = TestServer()
        let anna = server.client("shared-id")
        try await anna.connect(name: "Anna", token: "anna-token")
        anna.disconnect()
        let other = server.client("shared-id")
        do {
            try await other.connect(name: "Mallory", token: "mallory-token")
            Issue.record("expected replica_taken")
        } catch TableClient.ClientError.server(let code) {
            #expect(code == "replica_taken")
        }
        await server.stop()
    }
}
