import TavoloDomain

/// Who is behind a connection, as established at `hello`.
public struct Principal: Sendable, Equatable {
    /// Stable identity that replica ids are bound to.
    public var id: String
    public var name: String
    public var organisation: String
    public var role: String
    /// The only table this principal may join, or nil for any.
    public var table: String?

    public init(id: String, name: String, organisation: String, role: String, table: String? = nil) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.role = role
        self.table = table
    }
}

/// The hook for invitation tokens: turns a `hello` into a principal, and decides who may join which table.
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
