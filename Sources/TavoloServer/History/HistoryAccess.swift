import Foundation
import TavoloDomain

/// Who is asking, from the bearer token: the administrator, or a member of one table.
enum HistoryAccess: Equatable {
    case admin
    /// `invitation` is the invitation's id: the member's identity (one invitation, one seat).
    case member(table: String, role: Role, invitation: String)

    /// How the audit log names whoever asked (docs: `AuditEvent.actor`).
    var auditActor: String {
        switch self {
        case .admin: "admin"
        case .member(_, _, let invitation): "invitation:\(invitation)"
        }
    }

    /// Why a bearer was refused.
    struct Refusal: Error {
        var status: Int
        var message: String
    }

    /// The admin token admits everything; an invitation token, checked like the WebSocket
    /// `hello` (signature, expiry, known, not revoked), admits its holder to its own table.
    static func check(
        authorization: String?, adminToken: String?, tokens: InvitationTokens, domain: any DomainStore
    ) async -> Result<HistoryAccess, Refusal> {
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else {
            return .failure(Refusal(status: 401, message: "send the invitation token as 'Authorization: Bearer <token>'"))
        }
        let token = String(authorization.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        if let adminToken, constantTimeEqual(Array(token.utf8), Array(adminToken.utf8)) { return .success(.admin) }
        let claims: InvitationClaims
        switch await tokens.verify(token) {
        case .failure(let error): return .failure(Refusal(status: 401, message: error.description))
        case .success(let verified): claims = verified
        }
        let record: Invitation?
        do {
            record = try await domain.invitation(claims.jti.value)
        } catch {
            return .failure(Refusal(status: 503, message: "cannot check the invitation now; retry"))
        }
        guard let record else { return .failure(Refusal(status: 401, message: InvitationError.unknown.description)) }
        guard record.revokedAt == nil else { return .failure(Refusal(status: 401, message: InvitationError.revoked.description)) }
        return .success(.member(table: record.table, role: record.role, invitation: record.id))
    }

    /// Compares without an early exit, so response time does not reveal how much of the token matched.
    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
