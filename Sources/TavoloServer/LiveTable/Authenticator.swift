import TavoloDomain
import TavoloSync

/// How a deployment admits people (see `AuthenticationHook`): turns a `hello` into a principal, and decides who may join which table.
public protocol Authenticator: Sendable {
    func authenticate(_ hello: ClientMessage.Hello) async -> Result<Principal, ProtocolError>
    func mayJoin(_ principal: Principal, table: String) async -> Bool
    /// Whether edits are checked against the principal's role (docs/protocol.md, "Permissions").
    var enforcesRoles: Bool { get }
}

/// Accepts everyone, trusting the name and role they give: for development and tests.
/// The token, if any, is the identity replicas are bound to; otherwise each replica is its own guest.
public struct OpenAuthenticator: Authenticator {
    public init() {}

    public func authenticate(_ hello: ClientMessage.Hello) async -> Result<Principal, ProtocolError> {
        let role = hello.role.flatMap(Role.init(rawValue:)) ?? .ets
        return .success(Principal(
            id: hello.token.map { "token:" + $0 } ?? "guest:" + hello.replica, name: hello.name ?? "Ospite",
            organisation: hello.organisation ?? "", role: role.rawValue))
    }

    public func mayJoin(_ principal: Principal, table: String) async -> Bool { true }

    /// Roles claimed by the client cannot be trusted, so they gate nothing in the documents.
    public var enforcesRoles: Bool { false }
}
