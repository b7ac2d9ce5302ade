import Foundation
import Testing
import TavoloDomain
import TavoloSQLite
import TavoloServer
import TavoloStorage

/// The audit log: administrative records and live administrative events, in order,
/// readable by coordinators (and facilitators) only.
@Suite struct AuditTests {
    @Test func coordinatorsReadEveryAdministrativeEventInOrder() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-audit-\(UUID().uuidString)").path
        let database = try DatabaseFile.open(directory: directory)
        let domain = SQLiteDomainStore(database: database)
        let store = InMemoryStore()
        try await domain.createTable(CoDesignTable(id: "ambito", title: "Ambito"), by: "admin")
        let tokens = await InvitationTokens(secret: Array("audit-log-test-secret-0123456789abcdefgh".utf8))
        let server = TestServer(
            store: store, authenticator: InvitationAuthenticator(tokens: tokens, domain: domain), auditLog: AuditLog(domain: domain, store: store))
        func join(_ name: String, _ role: Role) async throws -> TableClient {
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let invitation = Invitation(id: name, table: "ambito", role: role, name: name, organisation: name, issuedAt: now, expiresAt: now + 3600)
            try await domain.addInvitation(invitation, by: "admin")
            let client = server.client(name, table: "ambito")
            try await client.connect(token: try await tokens.token(for: invitation))
            return client
        }
        let fabio = try await join("fabio", .facilitator)
        let carlo = try await join("carlo", .coordinator)
        let elena = try await join("elena", .ets)
        fabio.sendJSON(["type": "action", "ref": 1, "action": ["scheduleSession": ["title": "Seduta"]]])
        _ = try await fabio.expect("done")
        let session = (fabio.tableState["sessions"] as! [[String: Any]])[0]["id"] as! String
        fabio.sendJSON(["type": "action", "ref": 2, "action": ["openSession": ["session": session]]])
        _ = try await fabio.expect("done")
        fabio.sendJSON(["type": "action", "ref": 3, "action": ["setPermission": ["area": "project", "role": "ets", "canEdit": false]]])
        _ = try await fabio.expect("done")
        elena.disconnect()
        try await Task.sleep(for: .milliseconds(50))

        elena.sendJSON(["type": "audit", "ref": 4])  // disconnected: nothing happens
        let refused = try await join("paola", .pa)
        refused.sendJSON(["type": "audit", "ref": 5])
        #expect(try await refused.expect("error")["code"] as? String == "forbidden")

        carlo.sendJSON(["type": "audit", "ref": 6])
        let audit = try await carlo.expect("audit")
        let actions = (audit["events"] as! [[String: Any]]).map { $0["action"] as! String }
        #expect(Array(actions.prefix(5)) == ["table.created", "invitation.created", "member.joined", "invitation.created", "member.joined"])
        #expect(actions.contains("session.opened"))
        #expect(actions.contains("permission.changed"))
        #expect(actions.contains("member.left"))
        #expect(actions.filter { $0 == "member.joined" }.count == 4)
        await server.stop()

        // The live record refuses changes at the database level too.
        let sqlite = SQLiteStore(database: database)
        await withCheckedContinuation { done in
            sqlite.append(StoredBatch(table: "ambito", author: "a", operationCount: 1, payload: [1])) { _ in }
            sqlite.appendEvent(StoredEvent(table: "ambito", actor: "a", payload: Array("{}".utf8), at: Date())) { _ in }
            sqlite.afterPendingWrites { done.resume() }
        }
        await #expect(throws: (any Error).self) { try await database.write { db in try db.execute(sql: "DELETE FROM table_event") } }
        await #expect(throws: (any Error).self) { try await database.write { db in try db.execute(sql: "UPDATE op_batch SET author = 'x'") } }
        await #expect(throws: (any Error).self) { try await database.write { db in try db.execute(sql: "DELETE FROM op_batch") } }
    }
}
