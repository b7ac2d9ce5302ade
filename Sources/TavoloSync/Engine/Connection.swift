import TavoloTransport

/// What the engine knows about one WebSocket connection. Touched only on the engine's loop.
public final class Connection {
    public let info: ConnectionInfo
    public var id: ConnectionID { info.id }
    /// Set by the `authenticate` hooks when `hello` succeeds.
    public internal(set) var principal: Principal?
    /// The replica id bound at `hello`: every operation this connection sends must carry it.
    public internal(set) var replica: String?
    /// The protocol version agreed at `hello` (v1 until then).
    public internal(set) var protocolVersion = ProtocolVersion.v1
    /// The table it has joined, if any.
    public internal(set) var table: String?

    enum Phase {
        /// No `hello` yet: one small message is tolerated, then the connection is closed.
        case greeting(strikes: Int)
        /// `hello` is with the hooks; later messages wait in the inbox.
        case authenticating
        case authenticated
        /// A close was decided: nothing more is read.
        case closing
    }

    var phase = Phase.greeting(strikes: 0)
    /// Something arrived from it (the hello timeout closes only connections that sent nothing).
    var hasSentAnything = false
    /// Counted among the unauthenticated connections (until welcome or close).
    var countedUnauthenticated = false
    var bucket: TokenBucket
    /// Messages refused in a row for the rate limit.
    var refusedInARow = 0
    var lastPresence: ContinuousClock.Instant?
    var pendingPresence: JSONValue?
    /// Its `joined` reply waits behind the store's pending writes: what the shared log brings
    /// meanwhile goes the same way, so it never arrives before the reply that it follows.
    var awaitingJoined = false

    /// Messages received and not handled yet, bounded in count and bytes (`SyncSettings`).
    var inbox = FIFO<WebSocketMessage>()
    var inboxBytes = 0
    /// Waiting for a hook's answer (hello, join, a deferred check): its next message waits too,
    /// so a connection's messages are handled in the order they were sent.
    var busy = false
    /// In the engine's ready queue.
    var scheduled = false

    init(info: ConnectionInfo, messagesPerSecond: Int, now: ContinuousClock.Instant) {
        self.info = info
        self.bucket = TokenBucket(rate: messagesPerSecond, now: now)
    }

    var isAuthenticated: Bool {
        if case .authenticated = phase { return true }
        return false
    }

    var isClosing: Bool {
        if case .closing = phase { return true }
        return false
    }
}
