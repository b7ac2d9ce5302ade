import Synchronization
import TavoloTransport

/// Everything the engine's loop reacts to.
enum EngineInput: Sendable {
    case transport(TransportEvent)
    case tick
    /// Off-loop work finished; its continuation is parked under `ticket`.
    case resumed(ticket: UInt64, answer: any Sendable)
    /// A batch of `table` with this many new operations is durable, with this sequence number.
    case stored(table: String, operations: Int, sequence: Int64)
    case storeFailed(table: String)
    /// A write for `table` failed; `retry` makes it again (`SyncEngine+StoreOutage`).
    case writeFailed(table: String, retry: @Sendable () -> Void)
    /// Every write queued before is finished: try the room's failed writes again.
    case retryWrites(table: String)
    /// The retried writes are finished (those that failed again are back in the room).
    case writesRetried(table: String)
    /// Another process committed to the shared log for `table` (nil: any): batches, events or both.
    case logChanged(table: String?, batches: Bool, events: Bool)
    /// This process's commit with `table`'s batches up to `sequence` was announced on the shared log.
    case ownBatchesAnnounced(table: String, sequence: Int64)
    /// A `presence` or `left` message from a member on `node` (`PresenceRelay`).
    case presenceFromOtherNode(table: String, node: String, message: String)
    /// Another node was heard for the first time (true), or fell silent (false).
    case otherNode(String, present: Bool)
    /// Another worker is handing this connection over: hold its events until it `arrived`.
    case expecting(ConnectionID)
    /// Every event routed here for a connection handed over is in its inbox: pass it on.
    case departed(ConnectionID)
    /// A connection handed over by another worker, with what it still had to handle.
    case arrived(Handover)
    /// A connection's `joined` reply was sent (`Connection.awaitingJoined`).
    case joinAnswered(ConnectionID)
    /// The loop gave the network its turn; go on with queued messages.
    case proceed
    case stop
}

/// The way into the engine's loop, from any thread: transport events, off-loop answers, stop.
public final class EngineInputs: Sendable {
    let stream: AsyncStream<EngineInput>
    private let continuation: AsyncStream<EngineInput>.Continuation
    private let stopping = Atomic<Bool>(false)

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: EngineInput.self)
    }

    public func transport(_ event: TransportEvent) { continuation.yield(.transport(event)) }

    /// Stops the loop at the next input: queued messages are dropped (their senders never got
    /// an acknowledgement, so they resend after reconnecting), writes are flushed.
    public func stop() {
        stopping.store(true, ordering: .releasing)
        continuation.yield(.stop)
    }

    /// No more inputs (the transport ended): the loop finishes what is queued and stops.
    public func finish() { continuation.finish() }

    /// A write for `table` failed (from a store callback): the table is dropped and reloaded from what is durable.
    public func reportStoreFailure(table: String) { continuation.yield(.storeFailed(table: table)) }

    /// A write for `table` failed (from a store callback) and `retry` makes it again: the room stays
    /// open, serving from memory and refusing edits, and tries the write again until it is stored.
    public func reportWriteFailure(table: String, retry: @escaping @Sendable () -> Void) {
        continuation.yield(.writeFailed(table: table, retry: retry))
    }

    /// Another node committed to the shared log for `table` (nil: perhaps any table): new batches
    /// (the rooms holding it read what is after their `readSequence` and pass it on to their
    /// members), new table events (the hooks read them), or both (`sharedLog`).
    public func logChanged(table: String?, batches: Bool = true, events: Bool = true) {
        continuation.yield(.logChanged(table: table, batches: batches, events: events))
    }

    /// This node's own commit of `table`'s batches up to `sequence` came back through the shared
    /// log's notices. Notices arrive in commit order, so every other node's earlier batch of the
    /// table has been announced before it: the room can move past its own without reading them.
    public func ownBatchesAnnounced(table: String, sequence: Int64) {
        continuation.yield(.ownBatchesAnnounced(table: table, sequence: sequence))
    }

    /// A `presence` or `left` message `node` relayed for `table`: sent on to its members here, and
    /// the people on other nodes kept for `joined`.
    public func presenceFromOtherNode(table: String, node: String, message: String) {
        continuation.yield(.presenceFromOtherNode(table: table, node: node, message: message))
    }

    /// Another node was heard for the first time (`present`: it is told who is here), or fell
    /// silent (its people are gone: `left` to the members here).
    public func otherNode(_ node: String, present: Bool) { continuation.yield(.otherNode(node, present: present)) }

    public var isStopping: Bool { stopping.load(ordering: .acquiring) }

    func yield(_ input: EngineInput) { continuation.yield(input) }
}
