import Foundation
import TavoloDomain
import TavoloServer
import TavoloStorage

/// A registered co-design table on an in-memory server, whose members join with real
/// signed invitations: what most domain tests need.
struct InvitedTable {
    let table: String
    let domain: InMemoryDomainStore
    let tokens: InvitationTokens
    let server: TestServer

    /// - Parameters: `scaffold` lets the server create the table's shared objects; `audit` wires the audit log.
    init(
        table: String = "ambito", store: InMemoryStore = InMemoryStore(), scaffold: Bool = false, audit: Bool = false,
        invitesFromTable: Bool = false, settings: ServerSettings = ServerSettings()
    ) async throws {
        let domain = InMemoryDomainStore()
        try await domain.createTable(CoDesignTable(id: table, title: "Tavolo di prova"), by: "admin")
        let tokens = await InvitationTokens(secret: Array("tests-invitation-secret-0123456789abcdefgh".utf8))
        self.table = table
        self.domain = domain
        self.tokens = tokens
        server = TestServer(
            settings: settings, store: store, authenticator: InvitationAuthenticator(tokens: tokens, domain: domain),
            auditLog: audit ? AuditLog(domain: domain, store: store) : nil, tables: scaffold ? domain : nil,
            invitations: invitesFromTable ? InvitationIssuer(domain: domain, tokens: tokens, publicURL: "https://tavolo.example.org") : nil)
    }

    /// Invites `name` (the invitation id is the name, so principals read `invitation:<name>`) and joins.
    func join(_ name: String, _ role: Role, organisation: String? = nil) async throws -> TableClient {
        let client = server.client(name, table: table)
        try await client.connect(token: try await invite(name, role, organisation: organisation ?? name))
        return client
    }

    func invite(_ name: String, _ role: Role, organisation: String) async throws -> String {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let invitation = Invitation(
            id: name, table: table, role: role, name: name, organisation: organisation, issuedAt: now, expiresAt: now + 3600)
        try await domain.addInvitation(invitation, by: "admin")
        return try await tokens.token(for: invitation)
    }
}
