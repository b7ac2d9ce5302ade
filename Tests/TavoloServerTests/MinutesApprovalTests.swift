import Crypto
import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer
import TavoloStorage

/// The minutes workflow through the server: review, amendment, approvals, frozen with their hash.
@Suite struct MinutesApprovalTests {
    private func act(_ client: TableClient, _ ref: Int, _ action: [String: Any]) async throws -> String? {
        client.sendJSON(["type": "action", "ref": ref, "action": action])
        for _ in 0..<5000 {
            try await client.drain()
            if client.done.contains(ref) { return nil }
            if let error = client.errors.first(where: { $0["ref"] as? Int == ref }) { return error["code"] as? String }
            try await Task.sleep(for: .milliseconds(1))
        }
        return "timeout"
    }

    /// Sends pending edits; returns the error code if refused.
    private func send(_ client: TableClient) async throws -> String? {
        let errors = client.errors.count
        client.flush()
        for _ in 0..<5000 {
            try await client.drain()
            if client.unacknowledged.isEmpty { return nil }
            if client.errors.count > errors { return client.errors.last?["code"] as? String }
            try await Task.sleep(for: .milliseconds(1))
        }
        return "timeout"
    }

    @Test func approvedMinutesAreFrozenWithTheHashOfWhatWasApproved() async throws {
        let fixture = try await InvitedTable()
        let server = fixture.server
        func join(_ name: String, _ role: Role) async throws -> TableClient { try await fixture.join(name, role) }
        let fabio = try await join("fabio", .facilitator), paola = try await join("paola", .pa), elena = try await join("elena", .ets)

        #expect(try await act(fabio, 1, ["scheduleSession": ["title": "Seduta"]]) == nil)
        let session = (fabio.tableState["sessions"] as! [[String: Any]])[0]["id"] as! String
        #expect(try await act(fabio, 2, ["openSession": ["session": session]]) == nil)
        var text = ObjectID.root
        try fabio.edit { document in
            let minutes = try document.makeObject(.map, at: "minutes:\(session)")
            text = try document.makeObject(.text, at: "text", in: minutes)
            _ = try document.insertText("Presenti: tutti. Decisione: sede a Budrio.", at: 0, in: text)
        }
        #expect(try await send(fabio) == nil)
        #expect(try await act(fabio, 3, ["closeSession": ["session": session]]) == nil)
        for client in [paola, elena] {
            for _ in 0..<5000 where client.document.version != fabio.document.version {
                try await client.drain()
                try await Task.sleep(for: .milliseconds(1))
            }
        }

        try paola.edit { _ = try $0.insertText("!", at: 0, in: text) }
        #expect(try await send(paola) == "forbidden")  // in review, only through amendments
        paola.forgetUnacknowledged()
        #expect(try await act(elena, 4, ["proposeAmendment": ["session": session, "text": "Sede a Molinella, non Budrio"]]) == nil)
        #expect(try await act(paola, 5, ["approveMinutes": ["session": session]]) == "wrong_state")
        func amendments() -> [[String: Any]] {
            ((fabio.tableState["sessions"] as? [[String: Any]])?.first?["amendments"] as? [[String: Any]]) ?? []
        }
        for _ in 0..<5000 where amendments().isEmpty {
            try await fabio.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
        let amendment = try #require(amendments().first?["id"] as? String)
        #expect(try await act(fabio, 6, ["acceptAmendment": ["id": amendment]]) == nil)
        try fabio.edit { document in
            _ = try document.deleteText(at: 35, count: 6, in: text)
            _ = try document.insertText("Molinella", at: 35, in: text)
        }
        #expect(try await send(fabio) == nil)
        #expect(try await act(paola, 7, ["approveMinutes": ["session": session]]) == nil)
        #expect(try await act(fabio, 8, ["approveMinutes": ["session": session]]) == "forbidden")
        #expect(try await act(elena, 9, ["approveMinutes": ["session": session]]) == nil)

        func status() -> String? { (fabio.tableState["sessions"] as? [[String: Any]])?.first?["status"] as? String }
        for _ in 0..<5000 where status() != "approved" {
            try await fabio.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
        let approved = (fabio.tableState["sessions"] as! [[String: Any]])[0]
        #expect(approved["status"] as? String == "approved")
        let expected = #"{"text":{"text":"Presenti: tutti. Decisione: sede a Molinella."}}"#
        let digest = SHA256.hash(data: Data(expected.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(fabio.document.text(text) == "Presenti: tutti. Decisione: sede a Molinella.")
        #expect(approved["approvedContentHash"] as? String == digest)

        try fabio.edit { _ = try $0.insertText("?", at: 0, in: text) }
        #expect(try await send(fabio) == "forbidden")  // frozen, for the facilitator too
        await server.stop()
    }
}
