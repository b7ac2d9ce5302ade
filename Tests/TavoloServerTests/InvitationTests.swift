import Foundation
import Testing
import TavoloDomain
import TavoloServer

/// Invitation tokens at connect: valid, expired, revoked, wrong signature, wrong table, tampered, missing.
@Suite struct InvitationTests {
    let secret = Array("a-test-secret-that-is-long-enough-0123456789".utf8)

    private func setUp() async throws -> (TestServer, InvitationTokens, InMemoryDomainStore) {
        let domain = InMemoryDomainStore()
        try await domain.createTable(CoDesignTable(id: "ambito-anziani", title: "Ambito anziani"), by: "admin")
        try await domain.createTable(CoDesignTable(id: "ambito-minori", title: "Ambito minori"), by: "admin")
        let tokens = await InvitationTokens(secret: secret)
        let server = TestServer(authenticator: InvitationAuthenticator(tokens: tokens, domain: domain))
        return (server, tokens, domain)
    }

    private func invite(_ domain: InMemoryDomainStore, table: String = "ambito-anziani", expiresIn: TimeInterval = 3600) async throws -> Invitation {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let invitation = Invitation(
            id: UUID().uuidString, table: table, role: .ets, name: "Bruno", organisation: "Coop. Il Ponte",
            issuedAt: now.addingTimeInterval(-7200), expiresAt: now.addingTimeInterval(expiresIn))
        try await domain.addInvitation(invitation, by: "admin")
        return invitation
    }

    /// hello with `token`; returns the error message, or nil on welcome.
    private func hello(_ server: TestServer, token: String?, replica: String = "bruno") async throws -> [String: Any] {
        let connection = try server.transport.connect()
        var hello: [String: Any] = ["type": "hello", "protocol": 1, "replica": replica, "name": "Someone Else"]
        if let token { hello["token"] = token }
        connection.send(.text(String(decoding: try JSONSerialization.data(withJSONObject: hello), as: UTF8.self)))
        guard case .text(let text) = await connection.receive() else { return [:] }
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test func validInvitationAdmitsThePersonItNamesToItsTable() async throws {
        let (server, tokens, domain) = try await setUp()
        let invitation = try await invite(domain)
        let client = server.client("bruno", table: "ambito-anziani")
        try await client.connect(name: "Someone Else", token: try await tokens.token(for: invitation))
        let anna = server.client("anna", table: "ambito-anziani")
        try await anna.connect(name: "Anna", token: try await tokens.token(for: try await invite(domain)))
        let presence = try await client.expect("presence")
        // The name and role come from the invitation, not from what the client claims.
        #expect(presence["name"] as? String == "Bruno")
        #expect(presence["role"] as? String == "ets")
        #expect(presence["organisation"] as? String == "Coop. Il Ponte")
        await server.stop()
    }

    @Test func expiredInvitationIsRefused() async throws {
        let (server, tokens, domain) = try await setUp()
        let invitation = try await invite(domain, expiresIn: -60)
        let error = try await hello(server, token: try await tokens.token(for: invitation))
        #expect(error["code"] as? String == "not_authenticated")
        #expect((error["message"] as? String)?.contains("expired") == true)
        await server.stop()
    }

    @Test func revokedInvitationIsRefused() async throws {
        let (server, tokens, domain) = try await setUp()
        let invitation = try await invite(domain)
        try await domain.revokeInvitation(invitation.id, by: "admin")
        let error = try await hello(server, token: try await tokens.token(for: invitation))
        #expect((error["message"] as? String)?.contains("revoked") == true)
        let log = await domain.auditLog(table: "ambito-anziani").map(\.action)
        #expect(log == ["table.created", "invitation.created", "invitation.revoked"])
        await server.stop()
    }

    @Test func tokenSignedWithAnotherKeyIsRefused() async throws {
        let (server, _, domain) = try await setUp()
        let invitation = try await invite(domain)
        let forger = await InvitationTokens(secret: Array("another-secret-of-more-than-32-characters!".utf8))
        let error = try await hello(server, token: try await forger.token(for: invitation))
        #expect((error["message"] as? String)?.contains("signature") == true)
        await server.stop()
    }

    @Test func tamperedClaimsBreakTheSignature() async throws {
        let (server, tokens, domain) = try await setUp()
        let token = try await tokens.token(for: try await invite(domain))
        let parts = token.split(separator: ".").map(String.init)
        var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        let claims = String(decoding: Data(base64Encoded: payload)!, as: UTF8.self).replacingOccurrences(of: "\"ets\"", with: "\"facilitator\"")
        let forged = Data(claims.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let error = try await hello(server, token: [parts[0], forged, parts[2]].joined(separator: "."))
        #expect(error["code"] as? String == "not_authenticated")
        #expect((error["message"] as? String)?.contains("signature") == true)
        await server.stop()
    }

    @Test func invitationForAnotherTableCannotJoinThisOne() async throws {
        let (server, tokens, domain) = try await setUp()
        let invitation = try await invite(domain, table: "ambito-minori")
        let client = server.client("bruno", table: "ambito-anziani")
        do {
            try await client.connect(token: try await tokens.token(for: invitation))
            Issue.record("expected unauthorized")
        } catch TableClient.ClientError.server(let code) {
            #expect(code == "unauthorized")
        }
        await server.stop()
    }

    @Test func missingOrGarbageTokenIsRefused() async throws {
        let (server, _, _) = try await setUp()
        #expect(try await hello(server, token: nil)["code"] as? String == "not_authenticated")
        #expect(try await hello(server, token: "not.a.jwt", replica: "x")["code"] as? String == "not_authenticated")
        await server.stop()
    }

    @Test func facilitatorsInviteFromTheTableOthersCannot() async throws {
        let domain = InMemoryDomainStore()
        try await domain.createTable(CoDesignTable(id: "ambito-anziani", title: "Ambito anziani"), by: "admin")
        let tokens = await InvitationTokens(secret: secret)
        let issuer = InvitationIssuer(domain: domain, tokens: tokens, publicURL: "https://tavolo.example.org")
        let server = TestServer(authenticator: InvitationAuthenticator(tokens: tokens, domain: domain), invitations: issuer)
        let first = try await issuer.issue(table: "ambito-anziani", role: .facilitator, name: "Fabio", organisation: "Facilitazione", days: 1, by: "admin")
        let fabio = server.client("fabio", table: "ambito-anziani")
        try await fabio.connect(token: first.token)
        fabio.sendJSON(["type": "invite", "ref": 1, "role": "ets", "name": "Nuova", "organisation": "Associazione Aurora", "days": 7])
        let invitation = try await fabio.expect("invitation")
        let link = try #require(invitation["link"] as? String)
        #expect(link.hasPrefix("https://tavolo.example.org/#invito="))
        let newcomer = server.client("nuova", table: "ambito-anziani")
        try await newcomer.connect(token: String(link.split(separator: "=", maxSplits: 1)[1]))
        newcomer.sendJSON(["type": "invite", "ref": 2, "role": "facilitator", "name": "Io", "organisation": "X"])
        #expect(try await newcomer.expect("error")["code"] as? String == "forbidden")
        let log = await domain.auditLog(table: "ambito-anziani")
        #expect(log.last?.action == "invitation.created" && log.last?.actor == "invitation:\(first.invitation.id)")
        await server.stop()
    }

    @Test func revokingAnInvitationEndsItsOpenConnection() async throws {
        let table = try await InvitedTable(scaffold: true)
        let bruno = try await table.join("bruno", .ets)
        let anna = try await table.join("anna", .pa)
        try await table.domain.revokeInvitation("bruno", by: "admin")  // as the command line would, in another process
        let error = try await bruno.expect("error", timeout: .seconds(10))
        #expect(error["code"] as? String == "not_authenticated")
        #expect((error["message"] as? String)?.contains("revoked") == true)
        for _ in 0..<5000 where bruno.connection?.closeStatus == nil { try await Task.sleep(for: .milliseconds(2)) }
        #expect(bruno.connection?.closeStatus?.code.rawValue == 1008)
        #expect(anna.connection?.closeStatus == nil)  // others stay
        await table.server.stop()
    }
}
