import TavoloDomain

/// Turns a bearer token into a `Caller`: the admin token (setting `adminToken`), or an invitation
/// checked as at the WebSocket `hello`: signature, expiry, known to this server, not revoked.
struct BearerAuthenticator: Sendable {
    let adminToken: String?
    let tokens: InvitationTokens
    let domain: any DomainStore

    /// Which tokens a route takes.
    enum Admits: Sendable {
        case administrator
        case administratorOrMember
    }

    /// - Throws: 401 for a token that admits nobody here, 503 when the invitation cannot be looked up.
    func caller(presenting token: String, admits: Admits) async throws(HTTPError) -> Caller {
        if let adminToken, Self.constantTimeEqual(Array(token.utf8), Array(adminToken.utf8)) { return .administrator }
        guard admits == .administratorOrMember else { throw .unauthorized("wrong bearer token: this endpoint takes the admin token") }
        let record: Invitation
        switch await InvitationCheck.admit(token, tokens: tokens, domain: domain) {
        case .failure(.unavailable): throw .unavailable("cannot check the invitation now; retry")
        case .failure(.invitation(let error)): throw .unauthorized(error.description)
        case .success(let admitted): record = admitted
        }
        return .member(table: record.table, role: record.role, invitation: record.id)
    }

    /// Compares without an early exit, so response time does not reveal how much of the token matched.
    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
