import Synchronization

/// An HTTP request the transport hands to the application (static files never are).
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// Decoded path without the query.
    public var path: String
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
        body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// The application's answer to an `HTTPRequest`.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    /// Extra headers; names as they should appear on the wire.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// A JSON response from already-encoded UTF-8 text.
    public static func json(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(
            status: status, contentType: "application/json; charset=utf-8",
            headers: [("Cache-Control", "no-store")], body: Array(text.utf8))
    }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.contentType == rhs.contentType && lhs.body == rhs.body
            && lhs.headers.map { "\($0.0):\($0.1)" } == rhs.headers.map { "\($0.0):\($0.1)" }
    }
}

/// Answers one `HTTPRequest`. Calling it more than once has no further effect.
public struct HTTPResponder: Sendable {
    private let deliver: @Sendable (HTTPResponse) -> Void
    /// Tells whether the client went away before its answer: work for it should stop.
    public let abandonment: RequestAbandonment

    public init(abandonment: RequestAbandonment = RequestAbandonment(), _ deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        self.abandonment = abandonment
        self.deliver = deliver
    }

    public func respond(_ response: HTTPResponse) { deliver(response) }
}

/// Set by the transport when a request's client disconnects before its answer is out.
public final class RequestAbandonment: Sendable {
    private let state = Mutex<(abandoned: Bool, handlers: [@Sendable () -> Void])>((false, []))

    public init() {}

    public var isAbandoned: Bool { state.withLock { $0.abandoned } }

    /// Runs `handler` when the request is abandoned (at once if it already is).
    public func onAbandon(_ handler: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.abandoned { return true }
            state.handlers.append(handler)
            return false
        }
        if now { handler() }
    }

    /// The client went away (the transport calls this).
    public func abandon() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.abandoned else { return [] }
            state.abandoned = true
            defer { state.handlers = [] }
            return state.handlers
        }
        for handler in handlers { handler() }
    }
}
