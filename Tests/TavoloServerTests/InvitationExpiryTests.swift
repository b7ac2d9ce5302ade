import Foundation
import Testing
import TavoloDomain
import TavoloServer

/// An invitation ends when the stricter of its token's and its record's expiry says so, also
/// for a connection already open.
@Suite struct InvitationExpiryTests {
    let secret = Array("a-test-secret-that-is-long-enough-0123456789".utf8)

    private func setUp() async throws -> (TestServer, InvitationTokens, InMemoryDomainStore) {
        let domain = InMemoryDomainStore()
        try await domain.createTable(CoDesignTable(id: "ambito", title: "Ambito"), by: "admin")
        let tokens = await InvitationTokens(secret: secret)
        return (TestServer(authenticator: InvitationAuthenticator(tokens: tokens, domain: domain)), tokens, domain)
    }

    private func invitation(expiresIn seconds: TimeInterval) -> Invitation {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        return Invitation(
            id: UUID().uuidString, table: "ambito", role: .pa, name: "Anna", organisation: "Comune",
            issuedAt: now.addingTimeInterval(-60), expiresAt: now.addingTimeInterval(seconds))
    }

    @Test func aLongTokenForAnExpiredInvitationIsRefused() async throws {
        let (server, tokens, domain) = try await setUp()
        var stored = invitation(expiresIn: -60)
        try await domain.addInvitation(stored, by: "admin")
        stored.expiresAt = Date().addingTimeInterval(10 * 365 * 86_400)  // signed for ten years
        let client = server.client("anna", table: "ambito")
        do {
            try await client.connect(token: try await tokens.token(for: stored))
            Issue.record("a token outliving its invitation was accepted")
        } catch TableClient.ClientError.server(let code) {
            #expect(code == "not_authenticated")
        }
        await server.stop()
    }

    @Test func anOpenConnectionEndsWhenItsInvitationExpires() async throws {
        let (server, tokens, domain) = try await setUp()
        let short = invitation(expiresIn: 2)
        try await domain.addInvitation(short, by: "admin")
        let client = server.client("anna", table: "ambito")
        try await client.connect(token: try await tokens.token(for: short))
        let closed = try #require(client.connection)
        let deadline = ContinuousClock.now + .seconds(6)
        while closed.closeStatus == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(closed.closeStatus?.code.rawValue == 1008)
        #expect(closed.closeStatus?.reason == "invitation expired")
        await server.stop()
    }
}
