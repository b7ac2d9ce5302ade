import Foundation

/// Who is behind a connection, as established by the `authenticate` hook.
public struct Principal: Sendable, Equatable {
    /// Stable identity that replica ids are bound to.
    public var id: String
    public var name: String
    public var organisation: String
    public var role: String
    /// The only table this principal may join, or nil for any.
    public var table: String?
    /// When the credentials end: the engine closes the connection then (1008). Nil: never.
    public var expiresAt: Date?

    public init(id: String, name: String, organisation: String, role: String, table: String? = nil, expiresAt: Date? = nil) {
        self.expiresAt = expiresAt
        self.id = id
        self.name = name
        self.organisation = organisation
        self.role = role
        self.table = table
    }
}
