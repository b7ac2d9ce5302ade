import Foundation
import TavoloDomain
import TavoloStorage
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
    /// The table events, read for who joined and who is present; without it invitations carry neither.
    let store: (any Store)?

    /// - Parameter audit: the merged audit log; without it `/audit` lists administrative records only.
    public init(
        domain: any DomainStore, audit: AuditLog? = nil, store: (any Store)? = nil, tokens: InvitationTokens, adminToken: String?,
        publicURL: String
    ) {
        self.domain = domain
        self.audit = audit
        self.store = store
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
        router.get("/api/procedures", through: admin) { _ in try .encoded(await domain.procedures().map(ProcedureBody.init)) }
        router.post("/api/procedures", through: admin) { request in
            let procedure = try request.decodeJSON(ProcedureBody.self).validated(id: nil)
            try await domain.createProcedure(procedure, by: "admin-api")
            return try .encoded(ProcedureBody(procedure), status: 201)
        }
        router.put("/api/procedures/\(.procedure)", through: admin) { request in
            let id = request.parameters[.procedure]
            guard let existing = try await domain.procedure(id) else { throw HTTPError.notFound("procedure \(id) not found") }
            var procedure = try request.decodeJSON(ProcedureBody.self).validated(id: id)
            procedure.createdAt = existing.createdAt
            try await domain.updateProcedure(procedure, by: "admin-api")
            return try .encoded(ProcedureBody(procedure))
        }
        router.put("/api/tables/\(.table)/publication", through: admin) { request in
            let table = try await existingTable(request.parameters[.table])
            let body = try request.decodeJSON(Publication.self)
            try await domain.setPublished(table: table, body.published, by: "admin-api")
            return try .encoded(TableBody(try await domain.table(table)!))
        }
        router.get("/api/tables", through: admin) { _ in try .encoded(await domain.tables().map(TableBody.init)) }
        router.post("/api/tables", through: admin) { request in try await createTable(request.decodeJSON(CreateTable.self)) }
        router.get("/api/tables/\(.table)/invitations", through: admin) { request in
            let table = try await existingTable(request.parameters[.table])
            let attendance = try await attendance(table: table)
            return try .encoded(await domain.invitations(table: table).map { InvitationBody($0, attendance: attendance["invitation:" + $0.id]) })
        }
        router.post("/api/tables/\(.table)/invitations", through: admin) { request in
            try await createInvitation(table: request.parameters[.table], body: request.decodeJSON(CreateInvitation.self))
        }
        router.get("/api/invitations/\(.invitation)/link", through: admin) { request in
            try await link(of: request.parameters[.invitation])
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
        let table = CoDesignTable(
            id: body.id, title: try UserText.tableTitle.validate(body.title),
            area: try UserText.interventionArea.validate(body.area ?? ""), procedure: body.procedure ?? "")
        if !table.procedure.isEmpty, try await domain.procedure(table.procedure) == nil {
            throw HTTPError.badRequest("no procedure \(table.procedure): create it first (POST /api/procedures)")
        }
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

    /// The link of an invitation already issued (to send it again): the token is the same one.
    private func link(of id: String) async throws -> HTTPResponse {
        guard let invitation = try await domain.invitation(id) else { throw HTTPError.notFound("invitation \(id) not found") }
        if invitation.revokedAt != nil { throw HTTPError.gone("invitation \(id) was revoked: issue a new one") }
        if invitation.expiresAt <= Date() { throw HTTPError.gone("invitation \(id) has expired: issue a new one") }
        let token = try await tokens.token(for: invitation)
        return try .encoded(InvitationLink(token: token, link: InvitationIssuer.link(publicURL: publicURL, token: token)))
    }

    /// When each person first joined and was last seen, from the table's stored events.
    private func attendance(table: String) async throws -> [String: InvitationBody.Attendance] {
        guard let store else { return [:] }
        var seen: [String: InvitationBody.Attendance] = [:]
        for stored in try await store.events(table: table) {
            guard let event = try? TableCoding.decoder.decode(TableEvent.self, from: Data(stored.payload)) else { continue }
            switch event {
            case .joined(let participant, let at):
                seen[participant.id, default: .init(firstJoinedAt: at)].lastSeenAt = at
                seen[participant.id]?.present = true
            case .left(let id, let at):
                seen[id]?.lastSeenAt = at
                seen[id]?.present = false
            default:
                continue
            }
        }
        return seen
    }

    /// `table`, if it exists; a 404 otherwise.
    private func existingTable(_ table: String) async throws -> String {
        guard try await domain.table(table) != nil else { throw HTTPError.notFound("table \(table) not found") }
        return table
    }
}
