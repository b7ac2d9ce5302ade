import Foundation
import Testing
import TavoloDomain
import TavoloServer

/// Issue 14's findings 3 and 7 through each way a text reaches the server: sizes are UTF-8
/// bytes, control characters are refused with a clear error, and nothing refused is stored.
@Suite struct UserTextInputTests {
    /// Waits for the answer to `ref`: nil when done, the error otherwise.
    private func answer(_ client: TableClient, _ ref: Int) async throws -> [String: Any]? {
        for _ in 0..<5000 {
            try await client.drain()
            if client.done.contains(ref) { return nil }
            if let error = client.errors.first(where: { $0["ref"] as? Int == ref }) { return error }
            try await Task.sleep(for: .milliseconds(1))
        }
        return ["code": "timeout"]
    }

    /// Finding 3: `"a"` and 200,000 combining accents was one character of 400 kB, under the
    /// old 10,000-character limit. At CI scale: one such amendment, refused, with nothing kept.
    @Test func anAmendmentHeavyWithCombiningAccentsIsRefusedAndNotStored() async throws {
        let fixture = try await InvitedTable()
        let fabio = try await fixture.join("fabio", .facilitator)
        fabio.sendJSON(["type": "action", "ref": 1, "action": ["scheduleSession": ["title": "Seduta"]]])
        #expect(try await answer(fabio, 1) == nil)
        let session = try #require((fabio.tableState["sessions"] as? [[String: Any]])?.first?["id"] as? String)
        fabio.sendJSON(["type": "action", "ref": 2, "action": ["openSession": ["session": session]]])
        #expect(try await answer(fabio, 2) == nil)
        fabio.sendJSON(["type": "action", "ref": 3, "action": ["closeSession": ["session": session]]])
        #expect(try await answer(fabio, 3) == nil)

        let heavy = "a" + String(repeating: "\u{301}", count: 200_000)
        fabio.sendJSON(["type": "action", "ref": 4, "action": ["proposeAmendment": ["session": session, "text": heavy]]])
        let error = try #require(try await answer(fabio, 4))
        #expect(error["code"] as? String == "invalid_action")
        #expect(error["message"] as? String == "amendment must be at most 40000 bytes of UTF-8, got 400001")

        // A real amendment still goes through, and is the only one there and in the store.
        fabio.sendJSON(["type": "action", "ref": 5, "action": ["proposeAmendment": ["session": session, "text": "Sede a Molinella"]]])
        #expect(try await answer(fabio, 5) == nil)
        let amendments = (fabio.tableState["sessions"] as? [[String: Any]])?.first?["amendments"] as? [[String: Any]]
        #expect(amendments?.map { $0["text"] as? String } == ["Sede a Molinella"])
        let stored = try await fixture.server.store.events(table: fixture.table, after: 0)
            .map { String(decoding: $0.payload, as: UTF8.self) }.filter { $0.contains("amendmentProposed") }
        #expect(stored.count == 1 && stored.allSatisfy { !$0.contains("\u{301}") && $0.utf8.count < 1000 })
        await fixture.server.stop()
    }

    /// Finding 7 through the administration API: refused, not stored as `Anna`.
    @Test func theAdminAPIRefusesNamesAndTitlesWithControlCharacters() async throws {
        let fixture = try await HTTPFixture()
        let bearer = "Bearer \(HTTPFixture.adminToken)"
        let invited = await fixture.call(
            "POST", "/api/tables/ambito/invitations", authorization: bearer,
            body: #"{"role": "pa", "name": "Anna\u0000 Rossi (falsa)", "organisation": "Comune di Budrio"}"#)
        #expect(invited.status == 400)
        #expect(invited.errorMessage == "name must not contain control characters, found U+0000")
        let organisation = await fixture.call(
            "POST", "/api/tables/ambito/invitations", authorization: bearer,
            body: #"{"role": "pa", "name": "Anna Rossi", "organisation": "Comune\u001b[2J"}"#)
        #expect(organisation.errorMessage == "organisation must not contain control characters, found U+001B")
        #expect(await fixture.domain.invitations(table: "ambito").isEmpty)

        let table = await fixture.call(
            "POST", "/api/tables", authorization: bearer, body: #"{"id": "nuovo", "title": "Ambito\u0000 nuovo"}"#)
        #expect(table.status == 400)
        #expect(table.errorMessage == "title must not contain control characters, found U+0000")
        let heavy = await fixture.call(
            "POST", "/api/tables", authorization: bearer,
            body: #"{"id": "pesante", "title": "a\#(String(repeating: "\\u0301", count: 400))"}"#)
        #expect(heavy.errorMessage == "title must be at most 800 bytes of UTF-8, got 801")
        #expect(await fixture.domain.tables().map(\.id) == ["ambito"])
        #expect(await fixture.domain.auditLog(table: nil).map(\.action) == ["table.created"])

        // What is kept is what was sent, trimmed: accents and all.
        let kept = await fixture.call(
            "POST", "/api/tables/ambito/invitations", authorization: bearer,
            body: #"{"role": "pa", "name": " Niccolò D’Alì ", "organisation": "Comune di Budrio"}"#)
        #expect(kept.status == 201)
        #expect(await fixture.domain.invitations(table: "ambito").map(\.name) == ["Niccolò D’Alì"])
    }

    /// Finding 7 through the `invite` message: the facilitator gets `invalid_action`, nothing is issued.
    @Test func theInviteMessageRefusesANameWithNUL() async throws {
        let fixture = try await InvitedTable(invitesFromTable: true)
        let fabio = try await fixture.join("fabio", .facilitator)
        fabio.sendJSON(["type": "invite", "ref": 1, "role": "pa", "name": "Anna\u{0} Rossi (falsa)", "organisation": "Comune di Budrio"])
        let error = try await fabio.expect("error")
        #expect(error["ref"] as? Int == 1)
        #expect(error["code"] as? String == "invalid_action")
        #expect(error["message"] as? String == "name must not contain control characters, found U+0000")
        #expect(await fixture.domain.invitations(table: fixture.table).map(\.id) == ["fabio"])
        await fixture.server.stop()
    }

    /// docs/protocol.md and docs/api.md give the limits the code applies.
    @Test func theDocsGiveTheByteLimits() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let protocolDoc = try String(contentsOf: root.appendingPathComponent("docs/protocol.md"), encoding: .utf8)
        let apiDoc = try String(contentsOf: root.appendingPathComponent("docs/api.md"), encoding: .utf8)
        func row(_ doc: String, _ start: String) -> String {
            doc.split(separator: "\n").first { $0.hasPrefix(start) }.map(String.init) ?? ""
        }
        func bytes(_ rule: UserText) -> String { "1–\(rule.maxBytes.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) bytes" }
        #expect(row(protocolDoc, "| `scheduleSession`").contains(bytes(.sessionTitle)))
        #expect(row(protocolDoc, "| `proposeAmendment`").contains(bytes(.amendment)))
        #expect(row(protocolDoc, "| `createPoll`").contains(bytes(.pollQuestion)))
        #expect(row(protocolDoc, "| `createPoll`").contains(bytes(.pollOption)))
        #expect(row(apiDoc, "| `tavolo table create").contains(bytes(.tableTitle)))
        #expect(row(apiDoc, "| `POST /api/tables/{id}/invitations`").contains(bytes(.name)))
    }
}
