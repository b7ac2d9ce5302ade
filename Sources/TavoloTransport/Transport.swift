/// The seam between the network and everything above it.
///
/// Implementations: `LWSTransport` (libwebsockets, real sockets) and
/// `InMemoryTransport` (tests). The engine above consumes `events` in order and
/// answers through `send` and `close`, which are safe to call from any thread
/// or task and never block on the network.
public protocol Transport: Sendable {
    /// Everything that happens on the network, in arrival order per connection.
    var events: AsyncStream<TransportEvent> { get }

    /// Queues a message for one connection; dropped silently if it has closed.
    func send(_ message: WebSocketMessage, to connection: ConnectionID)

    /// Queues one message for many connections, sharing its payload.
    func send(_ message: WebSocketMessage, to connections: [ConnectionID])

    /// Starts a close handshake with the given code and reason.
    func close(_ connection: ConnectionID, code: CloseCode, reason: String)

    /// Number of open WebSocket connections.
    var openConnectionCount: Int { get }
}

extension Transport {
    public func send(_ message: WebSocketMessage, to connections: [ConnectionID]) {
        for connection in connections { send(message, to: connection) }
    }
}

/// One thing that happened on the network.
public enum TransportEvent: Sendable {
    /// A WebSocket handshake completed.
    case opened(ConnectionInfo)
    /// A whole (reassembled) message arrived.
    case message(ConnectionID, WebSocketMessage)
    /// The connection is gone; nothing more will be delivered for it.
    case closed(ConnectionID, CloseCode?)
    /// An HTTP request for an application path; answer it through the responder exactly once.
    case httpRequest(HTTPRequest, HTTPResponder)
}
