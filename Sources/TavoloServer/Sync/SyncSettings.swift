/// Limits and timings of live tables. Each field's comment gives its default and why.
public struct SyncSettings: Sendable, Equatable {
    /// Operations one `ops` message may carry. Default 10,000: a long paste, not a flood.
    public var maxOperationsPerMessage = 10_000
    /// Messages per second one connection may send, on average (bursts up to twice that). Default 100.
    public var messagesPerSecond = 100
    /// Operations one table's document may hold. Default 5,000,000 (a year of heavy meetings).
    public var maxDocumentOperations = 5_000_000
    /// Presence updates from one person are forwarded at most this often, in ms; the latest wins. Default 50.
    public var presenceIntervalMilliseconds = 50
    /// Largest presence state, in bytes of JSON. Default 4096.
    public var maxPresenceBytes = 4096
    /// A table with nobody connected is snapshotted and unloaded after this many seconds. Default 60.
    public var roomIdleSeconds = 60
    /// A snapshot is taken after this many new operations... Default 10,000.
    public var snapshotEveryOperations = 10_000
    /// ...or this many seconds after the first unsnapshotted one. Default 300.
    public var snapshotEverySeconds = 300

    public init() {}
}
