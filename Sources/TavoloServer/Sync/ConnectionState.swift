import TavoloTransport

/// What the engine knows about one connection.
struct ConnectionState {
    let info: ConnectionInfo
    var principal: Principal?
    /// The replica id bound at `hello`: every operation this connection sends must carry it.
    var replica: String?
    var table: String?
    var bucket: TokenBucket
    var lastPresence: ContinuousClock.Instant?
    var pendingPresence: JSONValue?

    init(info: ConnectionInfo, messagesPerSecond: Int, now: ContinuousClock.Instant) {
        self.info = info
        self.bucket = TokenBucket(rate: messagesPerSecond, now: now)
    }
}
