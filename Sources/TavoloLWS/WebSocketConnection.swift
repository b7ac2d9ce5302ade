import TavoloTransport

/// One outgoing message, encoded once and shared by every recipient.
struct OutgoingMessage {
    let payload: [UInt8]
    let isBinary: Bool
    /// How the send queue admitted it (see `SendQueueBudget`).
    var admission = SendQueueBudget.Admission.normal

    init(_ message: WebSocketMessage) {
        switch message {
        case .text(let text): payload = Array(text.utf8); isBinary = false
        case .binary(let bytes): payload = bytes; isBinary = true
        }
    }
}

/// Service-thread state of one WebSocket connection (a class: its buffers are
/// mutated in place from the dictionary that holds it, never copied).
final class WebSocketConnection {
    let info: ConnectionInfo

    // Outgoing: a bounded FIFO. `head` avoids shifting the array on every write.
    private(set) var queue: [OutgoingMessage] = []
    private var head = 0
    private var budget = SendQueueBudget()
    var queuedBytes: Int { budget.bytes }

    // Incoming: fragments of the message being reassembled.
    var incoming: [UInt8] = []
    var incomingIsBinary = false
    /// When the first byte of the message being reassembled arrived.
    var incomingSince: ContinuousClock.Instant?

    /// Set once a close has been decided; `drainFirst` sends what is queued before closing.
    var pendingClose: (code: CloseCode, reason: String, drainFirst: Bool)?
    /// Close by sending the close frame first and waiting (briefly) for the peer's: a peer
    /// still sending when we close would otherwise get a reset that discards our close frame.
    var lingerOnClose = false
    var closeFrameSent = false
    /// Bytes received after the close was decided (and thrown away).
    var discardedBytes = 0
    /// The close code the peer sent, reported with `.closed`.
    var peerCloseCode: CloseCode?

    init(info: ConnectionInfo) { self.info = info }

    var hasQueuedMessages: Bool { head < queue.count }

    /// Appends unless that would exceed the limits; false means the client is too slow.
    func enqueue(_ message: OutgoingMessage, limits: TransportConfiguration) -> Bool {
        var admitted = message
        admitted.admission = budget.admit(message.payload.count, limits: limits)
        guard admitted.admission != .refused else { return false }
        queue.append(admitted)
        return true
    }

    func dequeue() -> OutgoingMessage? {
        guard head < queue.count else { return nil }
        let message = queue[head]
        head += 1
        budget.release(message.payload.count, message.admission)
        if head == queue.count {
            queue.removeAll(keepingCapacity: queue.capacity <= 64)
            head = 0
        } else if head >= 1024 && head * 2 >= queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return message
    }

    func discardQueue() {
        queue.removeAll()
        head = 0
        budget.reset()
    }
}
