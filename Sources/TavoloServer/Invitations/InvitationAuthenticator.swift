import TavoloDomain
import TavoloSync

/// Admits whoever holds a valid, unexpired, unrevoked invitation, as the person and role it names,
/// and only to its table.
public struct InvitationAuthenticator: Authenticator {
    let tokens: InvitationTokens
    let domain: any DomainStore

    public init(tokens: InvitationTokens, domain: any DomainStore) {
        self.tokens = tokens
        self.domain = domain
    }

    public func authenticate(_ hello: ClientMessage.Hello) async -> Result<Principal, ProtocolError> {
        guard let token = hello.token, !token.isEmpty else {
            return .failure(ProtocolError(.notAuthenticated, "an invitation token is required (open the invitation link again)"))
        }
        switch await InvitationCheck.admit(token, tokens: tokens, domain: domain) {
        case .failure(.unavailable):
            return .failure(ProtocolError(.unavailable, "cannot check the invitation now; retry"))
        case .failure(.invitation(let error)):
            return .failure(ProtocolError(.notAuthenticated, error.description))
        case .success(let record):
            return .success(Principal(
                id: "invitation:" + record.id, name: record.name, organisation: record.organisation, role: record.role.rawValue,
                table: record.table, expiresAt: record.expiresAt))
        }
    }

    public func mayJoin(_ principal: Principal, table: String) async -> Bool {
        principal.table == table
    }

    public var enforcesRoles: Bool { true }
}
