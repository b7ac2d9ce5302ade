import Foundation
import Testing
import TavoloDomain
import TavoloServer

/// The audit log: administrative records and live administrative events, in order,
/// readable by coordinators (and facilitators) only.
@Suite struct AuditTests {
    @Test func coordinatorsReadEveryAdministrativeEventInOrder() async throws {
        let fixture = try await InvitedTable(audit: true)
        let server = fixture.server
        func join(_ name: String, _ role: Role) async throws -> TableClient { try await fixture.join(name, role) }
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
        // That the database itself refuses changes to the record: TavoloSQLiteTests' AppendOnlyTests.
    }
}
