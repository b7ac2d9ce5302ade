/// Someone at the table, as their invitation names them.
public struct Participant: Codable, Sendable, Hashable {
    /// Stable identity (the invitation, or a guest identity in open mode).
    public var id: String
    public var name: String
    public var organisation: String
    public var role: Role

    public init(id: String, name: String, organisation: String, role: Role) {
        self.id = id
        self.name = name
        self.organisation = organisation
        self.role = role
    }

    /// Facilitators run the session; nobody else may.
    public var runsSessions: Bool { role == .facilitator }
}
