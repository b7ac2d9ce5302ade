/// The versions of the wire protocol this server speaks; a client names one in `hello.protocol`,
/// and `welcome` repeats it (docs/protocol.md).
public enum ProtocolVersion: Int, Sendable, CaseIterable {
    /// One `ops` message per batch of operations.
    case v1 = 1
    /// Version 1, except that one `ops` message may carry several batches (`batches`): what a
    /// connection is owed at one moment travels in one message and one write.
    case v2 = 2

    /// Whether this connection gets the batches it is owed at one moment in one `ops` message.
    var coalescesOperations: Bool { self == .v2 }

    static let spoken = "protocol " + allCases.map { String($0.rawValue) }.joined(separator: " or ")
}
