import Foundation
import Testing
import TavoloDomain
import TavoloServer
import TavoloTransport

/// Every history endpoint, by role and table: members read their own table only, the audit CSV
/// is for coordinators and facilitators, and a token that is missing, forged, expired or revoked is a 401.
@Suite struct HistoryAuthorisationTests {
    static let endpoints: [(path: String, query: [String: String])] = [
        ("/history", [:]), ("/history/events", [:]), ("/history/state", [:]), ("/history/authorship", ["text": "project"]),
        ("/history/diff", ["text": "project", "from": "0", "to": "\(Int64(Date().timeIntervalSince1970 * 1000) + 60_000)"]),
        ("/sessions/nessuna/minutes.md", [:]), ("/documents/export.md", ["text": "project"]), ("/audit.csv", [:]),
    ]

    @Test func everyEndpointByRoleAndTable() async throws {
        let fixture = try await HistoryFixture()
        let facilitator = try await fixture.invited.join("fabio", .facilitator)  // opens the table: `project` exists
        try await fixture.edit(facilitator) { document in
            guard case .object(let project, .text)? = document.value(forKey: "project") else { return }
            _ = try document.insertText("Testo", at: 0, in: project)
        }
        let domain = fixture.invited.domain, tokens = fixture.invited.tokens
        try await domain.createTable(CoDesignTable(id: "altro", title: "Altro tavolo"), by: "admin")
        func token(_ id: String, _ role: Role, table: String = "ambito", expires: TimeInterval = 3600) async throws -> String {
            try await fixture.token(id, role, table: table, expires: expires)
        }
        let roles: [(Role, String)] = [
            (.facilitator, try await token("t-facilitator", .facilitator)), (.pa, try await token("t-pa", .pa)),
            (.ets, try await token("t-ets", .ets)), (.coordinator, try await token("t-coordinator", .coordinator)),
        ]
        let otherTable = try await token("t-other", .coordinator, table: "altro")
        let expired = try await token("t-expired", .coordinator, expires: -60)
        let revoked = try await token("t-revoked", .coordinator)
        try await domain.revokeInvitation("t-revoked", by: "admin")
        let unknown = try await tokens.token(for: Invitation(
            id: "t-unknown", table: "ambito", role: .coordinator, name: "x", organisation: "", issuedAt: Date(), expiresAt: Date() + 3600))

        for endpoint in Self.endpoints {
            let label = endpoint.path
            // Admitted means answered: 200, or 404 for the minutes of a session that does not exist.
            let answered = label.contains("/nessuna/") ? 404 : 200
            for (role, bearer) in roles {
                let status = await fixture.get(endpoint.path, endpoint.query, token: bearer).status
                let mayRead = label != "/audit.csv" || role == .coordinator || role == .facilitator
                if mayRead {
                    #expect(status == answered, "\(role) on \(label): \(status)")
                } else {
                    #expect(status == 403, "\(role) on \(label): \(status)")
                }
            }
            #expect(await fixture.get(endpoint.path, endpoint.query, token: otherTable).status == 403, "\(label) from another table")
            for (why, bearer) in [("no token", nil), ("forged", "not-a-jwt"), ("expired", expired), ("revoked", revoked), ("unknown", unknown)] {
                let answer = await fixture.get(endpoint.path, endpoint.query, token: bearer)
                #expect(answer.status == 401, "\(why) on \(label): \(answer.status)")
                #expect(answer.response.headers.contains { $0.0 == "WWW-Authenticate" && $0.1 == "Bearer" })
                #expect((answer.json as? [String: Any])?["error"] is String)
            }
            // The administrator passes everywhere.
            let admin = await fixture.get(endpoint.path, endpoint.query, token: HistoryFixture.adminToken).status
            #expect(admin == answered, "admin on \(label): \(admin)")
        }
        let regular = await fixture.get("/history/state", [:], token: roles[1].1)
        #expect(regular.status == 200)
        #expect((((regular.json as? [String: Any])?["documents"] as? [String: Any])?["project"]) as? String == "Testo")

        // Unknown table: 404 for the administrator, 403 for a member (who may not probe other tables).
        let missing = await fixture.api.handle(HTTPRequest(
            method: "GET", path: "/api/tables/nessuno/history", headers: ["authorization": "Bearer \(HistoryFixture.adminToken)"]))
        #expect(missing.status == 404)
        let probing = await fixture.api.handle(HTTPRequest(
            method: "GET", path: "/api/tables/nessuno/history", headers: ["authorization": "Bearer \(roles[3].1)"]))
        #expect(probing.status == 403)
        let writing = await fixture.api.handle(HTTPRequest(
            method: "POST", path: "/api/tables/ambito/history", headers: ["authorization": "Bearer \(roles[3].1)"]))
        #expect(writing.status == 405)
        await fixture.invited.server.stop()
    }

    @Test func badParametersAreNamed() async throws {
        let fixture = try await HistoryFixture()
        let facilitator = try await fixture.invited.join("fabio", .facilitator)
        let bearer = try await fixture.invited.invite("rup", .coordinator, organisation: "Ufficio di Piano")
        for (path, query, name) in [
            ("/history/state", ["at": "ieri"], "at"), ("/history/state", ["area": "nessuna"], "area"),
            ("/history/authorship", [:], "text"), ("/history/authorship", ["text": "nessuno"], "text"),
            ("/history/authorship", ["text": "project", "at": "-5"], "at"), ("/history/diff", ["text": "project", "to": "5"], "from"),
            ("/history/diff", ["text": "project", "from": "5"], "to"),
        ] {
            let answer = await fixture.get(path, query, token: bearer)
            #expect(answer.status == 400, "\(path) \(query)")
            #expect(((answer.json as? [String: Any])?["error"] as? String)?.hasPrefix(name) == true, "\(path) \(query): \(String(describing: answer.json))")
        }
        _ = facilitator
        await fixture.invited.server.stop()
    }
}
