import Foundation
import TavoloDomain
import TavoloTransport

/// The administration API under `/api/` (docs/api.md): tables, invitations, audit log.
/// Every request needs `Authorization: Bearer <adminToken>`; without a configured token
/// the API is off. Handlers never change anything unless the whole request is valid.
public struct AdminAPI: Sendable {
    let domain: any DomainStore
    let audit: AuditLog?
    let tokens: InvitationTokens
    let adminToken: String?
    let publicURL: String

    /// - Parameter audit: the merged audit log; without it `/audit` lists administrative records only.
    public init(domain: any DomainStore, audit: AuditLog? = nil, tokens: InvitationTokens, adminToken: String?, publicURL: String) {
        self.domain = domain
        self.audit = audit
        self.tokens = tokens
        self.adminToken = adminToken
        self.publicURL = publicURL
    }

    /// Answers as the application does when this is its only API (tests, tools).
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        await HTTPRoutes(adminAPI: self).handle(request)
    }

    func register(in router: inout Router) {
        let admin: [any Middleware] = [
            Authentication(authenticator: BearerAuthenticator(adminToken: adminToken, tokens: tokens, domain: domain), admits: .administrator)
        ]
        router.get("/api/tables", through: admin) { _ in try .encoded(await domain.tables().map(TableBody.init)) }
        router.post("/api/tables", through: admin) { request in try await createTable(request.decodeJSON(CreateTable.self)) }
        router.get("/api/tables/\(.table)/invitations", through: admin) { request in
            let table = try await existingTable(request.parameters[.table])
            return try .encoded(await domain.invitations(table: table).map(InvitationBody.init))
        }
        router.post("/api/tables/\(.table)/invitations", through: admin) { request in
            try await createInvitation(table: request.parameters[.table], body: request.decodeJSON(CreateInvitation.self))
        }
        router.delete("/api/invitations/\(.invitation)", through: admin) { request in
            let id = request.parameters[.invitation]
            try await domain.revokeInvitation(id, by: "admin-api")
            return .encodedOrEmpty(["revoked": id])
        }
        router.get("/api/tables/\(.table)/audit", through: admin) { request in
            let table = try await existingTable(request.parameters[.table])
            if let audit { return try .encoded(await audit.entries(table: table)) }
            return try .encoded(await domain.auditLog(table: table))
        }
    }

    private func createTable(_ body: CreateTable) async throws -> HTTPResponse {
        guard Identifier.isValid(body.id) else { throw HTTPError.badRequest("id must be \(Identifier.rule)") }
        let table = CoDesignTable(id: body.id, title: try UserText.tableTitle.validate(body.title))
        try await domain.createTable(table, by: "admin-api")
        return try .encoded(TableBody(table), status: 201)
    }

    private func createInvitation(table: String, body: CreateInvitation) async throws -> HTTPResponse {
        guard let role = Role(rawValue: body.role) else { throw HTTPError.badRequest("role must be facilitator, pa, ets or coordinator") }
        let issued = try await InvitationIssuer(domain: domain, tokens: tokens, publicURL: publicURL).issue(
            table: table, role: role, name: body.name, organisation: body.organisation, days: body.days ?? 30, by: "admin-api")
        return try .encoded(
            CreatedInvitation(invitation: InvitationBody(issued.invitation), token: issued.token, link: issued.link), status: 201)
    }

    /// `table`, if it exists; a 404 otherwise.
    private func existingTable(_ table: String) async throws -> String {
        guard try await domain.table(table) != nil else { throw HTTPError.notFound("table \(table) not found") }
        return table
    }
}
