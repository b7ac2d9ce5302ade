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
    /// The log is shared with other processes (several nodes on PostgreSQL): batches can appear that
    /// this engine did not write, announced through `EngineInputs.logChanged`, and a snapshot claims
    /// only what the room has read back from the log (`Room.readSequence`). Default false.
    public var sharedLog = false
    /// Snapshots of one table are at least this many seconds apart (one at a time, encoded off the
    /// loop). Default 30: a stream of large batches costs one snapshot per half minute, not per message.
    public var minimumSecondsBetweenSnapshots = 30
    /// Nesting and value count a message may have before the reader stops (default depth 32, 20,000 values).
    public var messageLimits = JSONLimits()
    /// Largest message before the connection is authenticated (the `hello`, and anything sent
    /// before `welcome`), in bytes. Default 8192: a hello with an invitation token is under 1 KiB.
    public var maxUnauthenticatedMessageBytes = 8192
    /// Seconds a connection may stay open without sending `hello`; then it is closed (1008). Default 5.
    public var helloTimeoutSeconds = 5
    /// Connections not yet authenticated, in all; more are closed at once (1013). Default 512.
    public var maxUnauthenticatedConnections = 512
    /// Connections not yet authenticated from one address; more are closed at once (1013). Default 32.
    public var maxUnauthenticatedPerAddress = 32
    /// Messages received from one connection and not yet handled; one more closes it (1008). Default 256.
    public var inboundQueueMessages = 256
    /// Bytes received from one connection and not yet handled; more close it (1008). Default 4 MiB.
    public var inboundQueueBytes = 4 << 20
    /// How long the loop works through queued messages before it reads the network again, in ms.
    /// Default 5: no connection or table holds the others up longer than one message past this.
    public var turnMilliseconds = 5

    public init() {}
}
