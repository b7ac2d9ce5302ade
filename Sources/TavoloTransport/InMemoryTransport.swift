import Synchronization

/// A transport without sockets, for tests of everything above the network.
///
/// It enforces the same limits as the real one: the bounded outgoing queue
/// (a client that does not read is closed with 1008) and the maximum message size (1009).
public final class InMemoryTransport: Transport {
    public let configuration: TransportConfiguration
    public let events: AsyncStream<TransportEvent>
    private let continuation: AsyncStream<TransportEvent>.Continuation
    private let clients = Mutex<[ConnectionID: InMemoryClient]>([:])
    private let nextID = Atomic<UInt64>(1)

    public init(configuration: TransportConfiguration = TransportConfiguration()) {
        self.configuration = configuration
        (events, continuation) = AsyncStream.makeStream(of: TransportEvent.self)
    }

    /// Opens a connection as a client would; refused like the real transport if the origin is not allowed.
    public func connect(
        path: String = "/ws", query: [String: String] = [:], origin: String? = nil, subprotocol: String? = "tavolo.v1"
    ) throws(InMemoryConnectError) -> InMemoryClient {
        guard configuration.allowsOrigin(origin, host: "localhost") else { throw .forbiddenOrigin }
        guard path == "/ws" else { throw .notFound }
        let id = ConnectionID(nextID.wrappingAdd(1, ordering: .relaxed).oldValue)
        let client = InMemoryClient(id: id, transport: self)
        clients.withLock { $0[id] = client }
        continuation.yield(.opened(ConnectionInfo(id: id, path: path, query: query, subprotocol: subprotocol, origin: origin, remoteAddress: "memory")))
        return client
    }

    /// Sends an HTTP request to the application and waits for its answer.
    public func request(_ request: HTTPRequest) async -> HTTPResponse {
        guard configuration.isApplicationPath(request.path) else {
            return HTTPResponse(status: 404, body: Array("not found".utf8))
        }
        return await withCheckedContinuation { (waiter: CheckedContinuation<HTTPResponse, Never>) in
            let once = Mutex<CheckedContinuation<HTTPResponse, Never>?>(waiter)
            continuation.yield(.httpRequest(request, HTTPResponder { response in
                once.withLock { pending in
                    pending?.resume(returning: response)
                    pending = nil
                }
            }))
        }
    }

    public func send(_ message: WebSocketMessage, to connection: ConnectionID) {
        guard let client = clients.withLock({ $0[connection] }) else { return }
        if !client.enqueue(message, limits: configuration) {
            close(connection, code: .policyViolation, reason: "slow consumer: outgoing queue full")
        }
    }

    public func close(_ connection: ConnectionID, code: CloseCode, reason: String) {
        guard let client = clients.withLock({ $0.removeValue(forKey: connection) }) else { return }
        client.markClosed(code: code, reason: reason)
        continuation.yield(.closed(connection, code))
    }

    public var openConnectionCount: Int { clients.withLock { $0.count } }

    /// Ends the event stream, as a shutdown does.
    public func finish() {
        for id in clients.withLock({ Array($0.keys) }) { close(id, code: .goingAway, reason: "server shutting down") }
        continuation.finish()
    }

    fileprivate func receive(_ message: WebSocketMessage, from client: InMemoryClient) {
        guard message.byteCount <= configuration.maxMessageBytes else {
            close(client.id, code: .messageTooBig, reason: "message exceeds \(configuration.maxMessageBytes) bytes")
            return
        }
        guard clients.withLock({ $0[client.id] != nil }) else { return }
        continuation.yield(.message(client.id, message))
    }
}

/// Why an in-memory connection was refused.
public enum InMemoryConnectError: Error, Equatable {
    case forbiddenOrigin
    case notFound
}

/// The client end of an in-memory connection.
public final class InMemoryClient: Sendable {
    public let id: ConnectionID
    private unowned let transport: InMemoryTransport
    private let state = Mutex(State())

    private struct State {
        var queue: [(message: WebSocketMessage, admission: SendQueueBudget.Admission)] = []
        var head = 0
        var budget = SendQueueBudget()
        var waiter: CheckedContinuation<WebSocketMessage?, Never>?
        var closed: (code: CloseCode, reason: String)?
    }

    fileprivate init(id: ConnectionID, transport: InMemoryTransport) {
        self.id = id
        self.transport = transport
    }

    /// Sends a message to the server.
    public func send(_ message: WebSocketMessage) { transport.receive(message, from: self) }

    /// Closes from the client side.
    public func close() { transport.close(id, code: .normal, reason: "") }

    /// The next message from the server, or nil once the connection has closed and the queue is drained.
    public func receive() async -> WebSocketMessage? {
        await withCheckedContinuation { waiter in
            let ready: WebSocketMessage?? = state.withLock { state in
                if state.head < state.queue.count {
                    let (message, admission) = state.queue[state.head]
                    state.head += 1
                    state.budget.release(message.byteCount, admission)
                    if state.head == state.queue.count { state.queue.removeAll(keepingCapacity: true); state.head = 0 }
                    return .some(message)
                }
                if state.closed != nil { return .some(nil) }
                state.waiter = waiter
                return .none
            }
            if let ready { waiter.resume(returning: ready) }
        }
    }

    /// The close code and reason, once closed.
    public var closeStatus: (code: CloseCode, reason: String)? { state.withLock { $0.closed } }

    /// Messages received but not yet read.
    public var pendingCount: Int { state.withLock { $0.queue.count - $0.head } }

    /// Returns false when the bounded queue is full.
    fileprivate func enqueue(_ message: WebSocketMessage, limits: TransportConfiguration) -> Bool {
        let (accepted, waiter): (Bool, CheckedContinuation<WebSocketMessage?, Never>?) = state.withLock { state in
            guard state.closed == nil else { return (true, nil) }
            if let waiter = state.waiter {
                state.waiter = nil
                return (true, waiter)
            }
            let admission = state.budget.admit(message.byteCount, limits: limits)
            guard admission != .refused else { return (false, nil) }
            state.queue.append((message, admission))
            return (true, nil)
        }
        waiter?.resume(returning: message)
        return accepted
    }

    fileprivate func markClosed(code: CloseCode, reason: String) {
        let waiter = state.withLock { state in
            state.closed = (code, reason)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }
}
