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

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        guard let adminToken else {
            return .problem(403, "the administration API is off: set adminToken in the configuration")
        }
        guard let presented = request.headers["authorization"], presented.hasPrefix("Bearer "),
            constantTimeEqual(Array(presented.dropFirst(7).utf8), Array(adminToken.utf8))
        else {
            return HTTPResponse.problem(401, "missing or wrong bearer token").with(header: ("WWW-Authenticate", "Bearer"))
        }
        guard let route = Route(path: request.path) else { return .problem(404, "no such endpoint: \(request.path)") }
        do {
            switch (request.method, route) {
            case ("GET", .tables):
                return try .encoded(await domain.tables().map(TableBody.init))
            case ("POST", .tables):
                let body: CreateTable = try decode(request)
                guard Identifier.isValid(body.id) else { return .problem(400, "id must be \(Identifier.rule)") }
                guard !body.title.trimmingCharacters(in: .whitespaces).isEmpty else { return .problem(400, "title must not be empty") }
                let table = CoDesignTable(id: body.id, title: body.title)
                try await domain.createTable(table, by: "admin-api")
                return try .encoded(TableBody(table), status: 201)
            case ("GET", .invitations(let table)):
                guard try await domain.table(table) != nil else { return .problem(404, "table \(table) not found") }
                return try .encoded(await domain.invitations(table: table).map(InvitationBody.init))
            case ("POST", .invitations(let table)):
                return try await createInvitation(table: table, body: try decode(request))
            case ("DELETE", .invitation(let id)):
                try await domain.revokeInvitation(id, by: "admin-api")
                return .encodedOrEmpty(["revoked": id])
            case ("GET", .audit(let table)):
                guard try await domain.table(table) != nil else { return .problem(404, "table \(table) not found") }
                if let audit { return try .encoded(await audit.entries(table: table)) }
                return try .encoded(await domain.auditLog(table: table))
            default:
                return .problem(405, "method \(request.method) not allowed on \(request.path)")
            }
        } catch let error as APIError {
            return .problem(400, error.message)
        } catch let error as DomainError {
            switch error {
            case .exists: return .problem(409, error.description)
            case .notFound: return .problem(404, error.description)
            case .invalid: return .problem(400, error.description)
            case .storage: return .problem(503, "storage unavailable; retry")
            }
        } catch {
            return .problem(500, "internal error")
        }
    }

    private func createInvitation(table: String, body: CreateInvitation) async throws -> HTTPResponse {
        guard let role = Role(rawValue: body.role) else { return .problem(400, "role must be facilitator, pa, ets or coordinator") }
        let issued = try await InvitationIssuer(domain: domain, tokens: tokens, publicURL: publicURL).issue(
            table: table, role: role, name: body.name, organisation: body.organisation, days: body.days ?? 30, by: "admin-api")
        return try .encoded(
            CreatedInvitation(invitation: InvitationBody(issued.invitation), token: issued.token, link: issued.link), status: 201)
    }

    private func decode<T: Decodable>(_ request: HTTPRequest) throws -> T {
        guard request.headers["content-type"]?.lowercased().hasPrefix("application/json") == true else {
            throw APIError(message: "send the body as application/json")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(request.body))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(message: "missing field '\(key.stringValue)'")
        } catch DecodingError.typeMismatch(_, let context) {
            throw APIError(message: "wrong type for field '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw APIError(message: "the body is not valid JSON")
        }
    }

    /// Compares without an early exit, so response time does not reveal how much of the token matched.
    private func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The endpoints, parsed from the path.
enum Route: Equatable {
    case tables
    case invitations(table: String)
    case invitation(String)
    case audit(table: String)

    init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        switch parts.count {
        case 2 where parts[0] == "api" && parts[1] == "tables": self = .tables
        case 3 where parts[0] == "api" && parts[1] == "invitations" && !parts[2].isEmpty: self = .invitation(parts[2])
        case 4 where parts[0] == "api" && parts[1] == "tables" && !parts[2].isEmpty && parts[3] == "invitations":
            self = .invitations(table: parts[2])
        case 4 where parts[0] == "api" && parts[1] == "tables" && !parts[2].isEmpty && parts[3] == "audit":
            self = .audit(table: parts[2])
        default: return nil
        }
    }
}

struct APIError: Error {
    let message: String
}
