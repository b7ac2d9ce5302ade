import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer
import TavoloStorage

/// Every role against every kind of edit on every shared object, through the real server
/// path. A refused edit leaves no trace in the others' replicas or in the store.
@Suite(.serialized) struct PermissionMatrixTests {
    enum Kind: String, CaseIterable { case facilitator, pa, etsOwner, etsOther, coordinator }

    struct Fixture {
        let server: TestServer
        let store: InMemoryStore
        let clients: [Kind: TableClient]
        let witness: TableClient
        let session: String
        var objects: [String: ObjectID]
    }

    private func setUp() async throws -> Fixture {
        let store = InMemoryStore()
        let table = try await InvitedTable(store: store)
        let people: [(Kind, Role, String)] = [
            (.facilitator, .facilitator, "Facilitazione"), (.pa, .pa, "Comune"), (.etsOwner, .ets, "Coop A"),
            (.etsOther, .ets, "Coop B"), (.coordinator, .coordinator, "Ufficio di Piano"),
        ]
        var clients: [Kind: TableClient] = [:]
        for (kind, role, organisation) in people { clients[kind] = try await table.join(kind.rawValue, role, organisation: organisation) }
        let witness = try await table.join("witness", .coordinator, organisation: "Osservatorio")
        return try await build(server: table.server, store: store, clients: clients, witness: witness)
    }

    private func build(server: TestServer, store: InMemoryStore, clients: [Kind: TableClient], witness: TableClient) async throws -> Fixture {
        let facilitator = clients[.facilitator]!
        facilitator.sendJSON(["type": "action", "ref": 1, "action": ["scheduleSession": ["title": "Seduta"]]])
        try await waitDone(facilitator, 1)
        let session = ((facilitator.tableState["sessions"] as! [[String: Any]])[0]["id"] as! String)
        facilitator.sendJSON(["type": "action", "ref": 2, "action": ["openSession": ["session": session]]])
        try await waitDone(facilitator, 2)
        var objects: [String: ObjectID] = [:]
        try facilitator.edit { document in
            let project = try document.makeObject(.text, at: "project")
            _ = try document.insertText("Progetto", at: 0, in: project)
            objects["project"] = project
            let agenda = try document.makeObject(.list, at: "agenda:\(session)")
            _ = try document.insert(.string("Apertura"), at: 0, in: agenda)
            _ = try document.insert(.string("Varie"), at: 1, in: agenda)
            objects["agenda:\(session)"] = agenda
            let minutes = try document.makeObject(.map, at: "minutes:\(session)")
            objects["minutes:\(session)"] = try document.makeObject(.text, at: "text", in: minutes)
            let proposal = try document.makeObject(.map, at: "proposal:Coop A")
            objects["proposal:Coop A"] = try document.makeObject(.text, at: "goals", in: proposal)
            let comments = try document.makeObject(.list, at: "comments")
            _ = try document.insert(.string("Primo commento"), at: 0, in: comments)
            objects["comments"] = comments
        }
        try await flushed(facilitator)
        for client in Array(clients.values) + [witness] { try await sync(client, to: facilitator) }
        return Fixture(server: server, store: store, clients: clients, witness: witness, session: session, objects: objects)
    }

    private func waitDone(_ client: TableClient, _ ref: Int) async throws {
        for _ in 0..<5000 where !client.done.contains(ref) {
            try await client.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    private func flushed(_ client: TableClient) async throws {
        client.flush()
        for _ in 0..<5000 where !client.unacknowledged.isEmpty {
            try await client.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    private func sync(_ client: TableClient, to other: TableClient) async throws {
        for _ in 0..<5000 where client.document.version != other.document.version {
            try await client.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Sends one edit; true if acknowledged, false if refused as forbidden.
    private func attempt(_ client: TableClient, _ edit: (inout Document) throws -> Void) async throws -> Bool {
        let errorsBefore = client.errors.count
        let before = client.document
        try client.edit(edit)
        client.flush()
        for _ in 0..<5000 {
            try await client.drain()
            if client.unacknowledged.isEmpty { return true }
            if client.errors.count > errorsBefore {
                #expect(client.errors.last?["code"] as? String == "forbidden")
                client.edit { $0 = before }  // the refused edit is dropped locally, as a client must
                client.forgetUnacknowledged()
                return false
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        Issue.record("no answer")
        return false
    }

    @Test func everyRoleAgainstEveryObject() async throws {
        let fixture = try await setUp()
        let session = fixture.session
        typealias Edit = (inout Document, [String: ObjectID]) throws -> Void
        let edits: [(area: String, kind: String, edit: Edit)] = [
            ("project", "text", { d, o in _ = try d.insertText("+", at: 0, in: o["project"]!) }),
            ("agenda:\(session)", "list insert", { d, o in _ = try d.insert(.string("Punto"), at: 0, in: o["agenda:\(session)"]!) }),
            ("agenda:\(session)", "list move", { d, o in _ = try d.move(from: 0, to: 1, in: o["agenda:\(session)"]!) }),
            ("minutes:\(session)", "text", { d, o in _ = try d.insertText("+", at: 0, in: o["minutes:\(session)"]!) }),
            ("proposal:Coop A", "text", { d, o in _ = try d.insertText("+", at: 0, in: o["proposal:Coop A"]!) }),
            ("comments", "list insert", { d, o in _ = try d.insert(.string("Nota"), at: 0, in: o["comments"]!) }),
            ("new root key", "map set", { d, _ in _ = try d.set("altro", to: .string("x")) }),
        ]
        let expected: [String: Set<Kind>] = [
            "project": [.facilitator, .pa, .etsOwner, .etsOther],
            "agenda:\(session)": [.facilitator, .pa],
            "minutes:\(session)": [.facilitator, .pa],
            "proposal:Coop A": [.facilitator, .etsOwner],
            "comments": [.facilitator, .pa, .etsOwner, .etsOther],
            "new root key": [.facilitator],
        ]
        var storedBatches = try await fixture.store.batches(table: "ambito", after: 0).count
        for (area, kind, edit) in edits {
            for role in Kind.allCases {
                let client = fixture.clients[role]!
                try await sync(client, to: fixture.witness)
                let objects = fixture.objects
                let allowed = try await attempt(client) { try edit(&$0, objects) }
                #expect(allowed == expected[area]!.contains(role), "\(role) \(kind) on \(area)")
                let stored = try await fixture.store.batches(table: "ambito", after: 0).count
                #expect(stored == storedBatches + (allowed ? 1 : 0), "\(role) \(kind) on \(area): store")
                storedBatches = stored
                try await Task.sleep(for: .milliseconds(5))
                try await fixture.witness.drain()
                #expect(fixture.witness.document.version[client.replica] == client.document.version[client.replica], "\(role) \(kind) on \(area): witness")
            }
        }

        // A facilitator can change the defaults per area: ETS may edit the agenda, nobody but them the project.
        let facilitator = fixture.clients[.facilitator]!
        let ets = fixture.clients[.etsOther]!, pa = fixture.clients[.pa]!
        facilitator.sendJSON(["type": "action", "ref": 80, "action": ["setPermission": ["area": "agenda:\(session)", "role": "ets", "canEdit": true]]])
        try await waitDone(facilitator, 80)
        facilitator.sendJSON(["type": "action", "ref": 81, "action": ["setPermission": ["area": "project", "role": "pa", "canEdit": false]]])
        try await waitDone(facilitator, 81)
        pa.sendJSON(["type": "action", "ref": 82, "action": ["setPermission": ["area": "project", "role": "pa", "canEdit": true]]])
        _ = try await pa.expect("error")
        for client in [ets, pa] { try await sync(client, to: fixture.witness) }
        #expect(try await attempt(ets) { _ = try $0.insert(.string("Proposta ETS"), at: 0, in: fixture.objects["agenda:\(session)"]!) })
        #expect(try await !attempt(pa) { _ = try $0.insertText("?", at: 0, in: fixture.objects["project"]!) })
        for client in fixture.clients.values { try await sync(client, to: fixture.witness) }

        // Once the session is closed its agenda is frozen for everyone; its minutes change only by the facilitator.
        facilitator.sendJSON(["type": "action", "ref": 90, "action": ["closeSession": ["session": session]]])
        try await waitDone(facilitator, 90)
        for client in fixture.clients.values { try await sync(client, to: fixture.witness) }
        #expect(try await !attempt(facilitator) { _ = try $0.insert(.string("tardi"), at: 0, in: fixture.objects["agenda:\(session)"]!) })
        #expect(try await !attempt(fixture.clients[.pa]!) { _ = try $0.insertText("x", at: 0, in: fixture.objects["minutes:\(session)"]!) })
        #expect(try await attempt(facilitator) { _ = try $0.insertText("x", at: 0, in: fixture.objects["minutes:\(session)"]!) })
        await fixture.server.stop()
    }
}
