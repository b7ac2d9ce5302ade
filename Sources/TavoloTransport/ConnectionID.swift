/// Identifies one WebSocket connection for its whole life; never reused by a transport.
public struct ConnectionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    public var description: String { "c\(rawValue)" }

    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What the handshake told us about a new connection.
public struct ConnectionInfo: Sendable, Equatable {
    public let id: ConnectionID
    /// Request path of the upgrade, without the query (always `/ws` today).
    public let path: String
    /// Decoded query parameters of the upgrade request; the last value wins.
    public let query: [String: String]
    /// The negotiated subprotocol, or nil when the client offered none.
    public let subprotocol: String?
    /// The `Origin` header, if the client sent one.
    public let origin: String?
    /// Peer address, for logs only.
    public let remoteAddress: String

    public init(
        id: ConnectionID, path: String, query: [String: String] = [:], subprotocol: String? = nil,
        origin: String? = nil, remoteAddress: String = ""
    ) {
        self.id = id
        self.path = path
        self.query = query
        self.subprotocol = subprotocol
        self.origin = origin
        self.remoteAddress = remoteAddress
    }
}
