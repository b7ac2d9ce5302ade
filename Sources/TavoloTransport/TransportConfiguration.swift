/// Limits and policies every transport enforces the same way.
public struct TransportConfiguration: Sendable, Equatable {
    /// Address to listen on. Default `127.0.0.1`: only this machine, until an operator opens it up.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one. Default 8080.
    public var port: Int = 8080
    /// Folder served as static files under `/`. Default `./web`.
    public var webRoot: String = "./web"
    /// Largest incoming WebSocket message in bytes; bigger ones close with 1009. Default 1 MiB.
    public var maxMessageBytes: Int = 1 << 20
    /// Largest HTTP request head (request line and headers) the server reads, in bytes: one whose
    /// headers add up to more answers 431. Default 8 KiB. Heads past four times this are dropped
    /// unread (libwebsockets' header buffer).
    public var maxHeaderBytes: Int = 8 << 10
    /// Largest HTTP request body in bytes; bigger ones answer 413. Default 1 MiB.
    public var maxRequestBodyBytes: Int = 1 << 20
    /// Application requests with a body must carry an `Authorization` header: one without it is
    /// answered 401 before its body is read, so strangers cannot make the server buffer bodies.
    /// Default true (every application endpoint that takes a body requires a token).
    public var bodiesRequireAuthorization: Bool = true
    /// Messages that may wait to be sent to one connection before it is closed as too slow (1008). Default 4096.
    public var sendQueueMessages: Int = 4096
    /// Bytes that may wait to be sent to one connection before it is closed as too slow (1008). Default 16 MiB.
    public var sendQueueBytes: Int = 16 << 20
    /// One message larger than `sendQueueBytes` may still wait alone (a join to a large table), up to
    /// this many bytes; what follows it is counted as if it were not there. Default 256 MiB.
    public var maxSingleMessageBytes: Int = 256 << 20
    /// Seconds without traffic before the server pings. Default 30.
    public var pingIntervalSeconds: Int = 30
    /// Seconds one incoming message may take from its first byte to its last; a slower one (a
    /// frame dripped a byte at a time to hold memory and a socket) closes with 1008. Default 10.
    public var messageTimeoutSeconds: Int = 10
    /// Seconds without any valid traffic (pong included) before the connection is dropped. Default 75.
    public var idleTimeoutSeconds: Int = 75
    /// Origins allowed to open WebSockets. Empty (default): same origin as the Host header, or no
    /// Origin at all (non-browser clients). `*` allows any origin.
    public var allowedOrigins: [String] = []
    /// Offer permessage-deflate to clients that ask for it. Default true.
    public var permessageDeflate: Bool = true
    /// The service thread's event loop: `.epoll` (libev's epoll backend through lws's libev plugin,
    /// on a loop Tavolo owns and whose lws timers it services itself; the default: about 25 % less
    /// CPU per delivery with thousands of connections) or `.poll` (lws's built-in `poll()`, which
    /// scans every socket on every wake-up).
    public var eventLoop: EventLoop = .epoll
    /// PEM certificate for TLS; TLS is on when this and `tlsPrivateKey` are set. Default none.
    public var tlsCertificate: String? = nil
    /// PEM private key for TLS. Default none.
    public var tlsPrivateKey: String? = nil
    /// Paths answered by the application (`TransportEvent.httpRequest`) rather than as files:
    /// exact matches, or prefixes when they end in `/`.
    public var applicationPaths: [String] = ["/healthz", "/api/", "/pubblico", "/pubblico/"]

    public init() {}

    /// How the service thread waits for its sockets.
    public enum EventLoop: String, Sendable, Equatable, CaseIterable {
        case epoll
        case poll
    }

    /// True if `path` belongs to the application rather than to the static files.
    public func isApplicationPath(_ path: String) -> Bool {
        applicationPaths.contains { $0.hasSuffix("/") ? path.hasPrefix($0) : path == $0 }
    }

    /// The origin policy described on `allowedOrigins`.
    public func allowsOrigin(_ origin: String?, host: String?) -> Bool {
        guard let origin, !origin.isEmpty else { return true }
        if allowedOrigins.contains("*") || allowedOrigins.contains(origin) { return true }
        guard allowedOrigins.isEmpty, let host else { return false }
        let withoutScheme = origin.split(separator: "://", maxSplits: 1).last.map(String.init) ?? origin
        return withoutScheme.lowercased() == host.lowercased()
    }
}
