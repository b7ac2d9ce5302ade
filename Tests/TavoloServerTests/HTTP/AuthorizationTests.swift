import Testing
import TavoloTransport

@testable import TavoloServer

/// `Authorization` on every endpoint alike: the scheme in any case (RFC 9110 §11.1) for the
/// admin token and invitations, and one answer to a missing or malformed header.
@Suite struct AuthorizationTests {
    static let schemes = ["Bearer", "bearer", "BEARER", "bEaReR"]

    @Test func headerParsing() throws {
        for header in ["Bearer abc", "bearer abc", "BEARER abc", "  Bearer   abc  ", "Bearer\tabc"] {
            #expect(try BearerCredentials(authorization: header).token == "abc", "\(header)")
        }
        for header in [nil, "", "Bearer", "Bearer ", "Bearerabc", "Basic YWxhZGRpbjpvcGVu", "Token abc", "Bearer a b", "abc"] {
            #expect(throws: HTTPError.self, "\(header ?? "nil")") { try BearerCredentials(authorization: header) }
        }
    }

    @Test func theAdminTokenInAnyCaseOnBothAPIs() async throws {
        let fixture = try await HTTPFixture()
        for scheme in Self.schemes {
            let authorization = "\(scheme) \(HTTPFixture.adminToken)"
            #expect(await fixture.call("GET", "/api/tables", authorization: authorization).status == 200, "\(scheme)")
            #expect(await fixture.call("GET", "/api/tables/ambito/audit", authorization: authorization).status == 200, "\(scheme)")
            #expect(await fixture.call("GET", "/api/tables/ambito/history", authorization: authorization).status == 200, "\(scheme)")
            #expect(await fixture.call("GET", "/api/tables/ambito/audit.csv", authorization: authorization).status == 200, "\(scheme)")
        }
        let created = await fixture.call("POST", "/api/tables", authorization: "bearer \(HTTPFixture.adminToken)", body: #"{"id":"nuovo","title":"Nuovo"}"#)
        #expect(created.status == 201)
    }

    @Test func anInvitationInAnyCase() async throws {
        let fixture = try await HTTPFixture()
        let token = try await fixture.invitation("rup", .coordinator)
        for scheme in Self.schemes {
            let authorization = "\(scheme) \(token)"
            #expect(await fixture.call("GET", "/api/tables/ambito/history", authorization: authorization).status == 200, "\(scheme)")
            #expect(await fixture.call("GET", "/api/tables/ambito/history/events", authorization: authorization).status == 200, "\(scheme)")
            // The administration API takes the admin token only, whatever the case.
            let admin = await fixture.call("GET", "/api/tables", authorization: authorization)
            #expect(admin.status == 401 && admin.header("WWW-Authenticate") == "Bearer", "\(scheme)")
        }
    }

    /// Every endpoint that needs a token answers a missing or malformed header the same way.
    @Test func aMissingOrMalformedHeaderIsOneAnswerEverywhere() async throws {
        let fixture = try await HTTPFixture()
        let endpoints = [
            ("GET", "/api/tables"), ("POST", "/api/tables"), ("GET", "/api/tables/ambito/invitations"),
            ("POST", "/api/tables/ambito/invitations"), ("DELETE", "/api/invitations/x"), ("GET", "/api/invitations/x/link"),
            ("GET", "/api/procedures"), ("POST", "/api/procedures"), ("PUT", "/api/procedures/p"), ("PUT", "/api/tables/ambito/publication"),
            ("GET", "/api/procedures/p/dashboard"), ("GET", "/api/procedures/p/dashboard.csv"),
            ("POST", "/api/tables/ambito/sessions/s/signed"), ("GET", "/api/tables/ambito/sessions/s/signed"), ("GET", "/api/tables/ambito/audit"),
            ("GET", "/api/tables/ambito/history"), ("GET", "/api/tables/ambito/history/events"),
            ("GET", "/api/tables/ambito/history/state"), ("GET", "/api/tables/ambito/history/authorship"),
            ("GET", "/api/tables/ambito/history/diff"), ("GET", "/api/tables/ambito/sessions/s/minutes.md"),
            ("GET", "/api/tables/ambito/documents/export.md"), ("GET", "/api/tables/ambito/audit.csv"),
        ]
        #expect(endpoints.count == fixture.routes.router.routes.count - 1)  // all but /healthz
        for (method, path) in endpoints {
            for header in [nil, "", "Bearer", "Bearer   ", "Basic YWRtaW46YWRtaW4=", "Token \(HTTPFixture.adminToken)", "Bearer\(HTTPFixture.adminToken)"] {
                let answer = await fixture.call(method, path, authorization: header)
                #expect(answer.status == 401, "\(method) \(path) with \(header ?? "no header")")
                #expect(answer.header("WWW-Authenticate") == "Bearer")
                #expect(answer.errorMessage == BearerCredentials.howToSend)
            }
        }
    }

    @Test func wrongTokensAre401AndAnotherTablesInvitationIs403() async throws {
        let fixture = try await HTTPFixture()
        try await fixture.domain.createTable(.init(id: "altro", title: "Altro"), by: "admin")
        let other = try await fixture.invitation("otto", .coordinator, table: "altro")
        let pa = try await fixture.invitation("anna", .pa)
        #expect(await fixture.call("GET", "/api/tables/ambito/history", authorization: "Bearer \(other)").status == 403)
        #expect(await fixture.call("GET", "/api/tables/ambito/audit.csv", authorization: "Bearer \(pa)").status == 403)
        for path in ["/api/tables", "/api/tables/ambito/history"] {
            let forged = await fixture.call("GET", path, authorization: "Bearer \(pa)x")
            #expect(forged.status == 401 && forged.header("WWW-Authenticate") == "Bearer", "\(path)")
        }
    }

    /// Without an admin token the administration API is off; members still read their history.
    @Test func withoutAnAdminToken() async throws {
        let fixture = try await HTTPFixture(adminToken: nil)
        let token = try await fixture.invitation("rup", .coordinator)
        let off = await fixture.call("GET", "/api/tables", authorization: "Bearer \(token)")
        #expect(off.status == 403 && off.errorMessage?.contains("adminToken") == true)
        #expect(await fixture.call("GET", "/api/tables", authorization: nil).status == 403)
        #expect(await fixture.call("GET", "/api/tables/ambito/history", authorization: "bearer \(token)").status == 200)
    }
}
