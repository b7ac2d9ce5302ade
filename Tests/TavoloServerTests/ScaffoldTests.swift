import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer

/// The server creates a co-design table's shared objects, so nobody races to create them.
@Suite struct ScaffoldTests {
    @Test func sharedObjectsAppearForTheTableSessionsAndOrganisations() async throws {
        let fixture = try await InvitedTable(scaffold: true)
        let server = fixture.server
        func join(_ name: String, _ role: Role, _ organisation: String) async throws -> TableClient {
            try await fixture.join(name, role, organisation: organisation)
        }
        let fabio = try await join("fabio", .facilitator, "Facilitazione")
        let elena = try await join("elena", .ets, "Coop. Il Ponte")
        fabio.sendJSON(["type": "action", "ref": 1, "action": ["scheduleSession": ["title": "Prima seduta"]]])
        _ = try await fabio.expect("done")
        let session = (fabio.tableState["sessions"] as! [[String: Any]])[0]["id"] as! String

        func objectID(_ client: TableClient, _ key: String) -> (ObjectID, ObjectKind)? {
            if case .object(let id, let kind)? = client.document.value(forKey: key) { return (id, kind) }
            return nil
        }
        for _ in 0..<5000 where objectID(elena, "minutes:\(session)") == nil || objectID(fabio, "proposal:Coop. Il Ponte") == nil {
            try await elena.drain()
            try await fabio.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
        for client in [fabio, elena] {
            #expect(objectID(client, "project")?.1 == .text)
            #expect(objectID(client, "comments")?.1 == .list)
            #expect(objectID(client, "agenda:\(session)")?.1 == .list)
            let minutes = try #require(objectID(client, "minutes:\(session)"))
            #expect(Set(client.document.keys(in: minutes.0)) == ["text", "decisions", "openPoints", "actions"])
            let proposal = try #require(objectID(client, "proposal:Coop. Il Ponte"))
            #expect(Set(client.document.keys(in: proposal.0)) == ["organisation", "goals", "activities", "resources", "cofinancing", "partners"])
        }
        // And the ETS member can write in their proposal straight away.
        let (proposal, _) = objectID(elena, "proposal:Coop. Il Ponte")!
        guard case .object(let goals, _)? = elena.document.value(forKey: "goals", in: proposal) else { Issue.record("no goals"); return }
        try elena.edit { _ = try $0.insertText("Obiettivi: inclusione", at: 0, in: goals) }
        elena.flush()
        for _ in 0..<5000 where !elena.unacknowledged.isEmpty || !elena.errors.isEmpty {
            try await elena.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
        #expect(elena.errors.isEmpty && elena.unacknowledged.isEmpty)
        await server.stop()
    }
}
