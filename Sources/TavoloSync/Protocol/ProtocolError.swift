/// An error the server reports to a client; the connection stays usable unless stated otherwise.
public struct ProtocolError: Error, Equatable, Sendable {
    /// Stable machine-readable codes (docs/protocol.md lists when each is sent).
    public enum Code: String, Sendable {
        case unsupportedProtocol = "unsupported_protocol"
        case badMessage = "bad_message"
        case unknownType = "unknown_type"
        case notAuthenticated = "not_authenticated"
        case unauthorized
        case notJoined = "not_joined"
        case badTable = "bad_table"
        case replicaTaken = "replica_taken"
        case replicaInUse = "replica_in_use"
        case forgedAuthor = "forged_author"
        case malformedOperations = "malformed_operations"
        case missingDependencies = "missing_dependencies"
        case limitExceeded = "limit_exceeded"
        case unavailable
        case forbidden
        case invalidAction = "invalid_action"
        case notFound = "not_found"
        case wrongState = "wrong_state"
    }

    public var code: Code
    public var message: String
    /// The `ref` of the client message this answers, when it had one.
    public var ref: Int?
    /// For `limit_exceeded`: which limit (`maxOperationsPerMessage`, `messagesPerSecond`, `maxDocumentOperations`, …).
    public var limit: String?
    /// For `missing_dependencies`: the operations the server does not have, as `replica@counter`.
    public var missing: [String]?

    public init(_ code: Code, _ message: String, ref: Int? = nil, limit: String? = nil, missing: [String]? = nil) {
        self.code = code
        self.message = message
        self.ref = ref
        self.limit = limit
        self.missing = missing
    }

    /// The same error answering the message `ref` (kept if it already names one).
    public func answering(_ ref: Int?) -> ProtocolError {
        var copy = self
        if copy.ref == nil { copy.ref = ref }
        return copy
    }
}
