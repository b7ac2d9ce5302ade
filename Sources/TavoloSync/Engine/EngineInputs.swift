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
    /// Another process (or this one, through the shared log) committed batches for `table` (nil: any).
    case logChanged(table: String?)
    /// A `presence` or `left` message from a member on another node (`PresenceRelay`).
    case presenceFromOtherNode(table: String, message: String)
    /// Another worker is handing this connection over: hold its events until it `arrived`.
    case expecting(ConnectionID)
    /// Every event routed here for a connection handed over is in its inbox: pass it on.
    case departed(ConnectionID)
    /// A connection handed over by another worker, with what it still had to handle.
    case arrived(Handover)
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

    /// New batches of `table` are in the shared log (nil: perhaps of any table); the rooms holding it
    /// read what is after their `readSequence` and pass it on to their members (`sharedLog`).
    public func logChanged(table: String?) { continuation.yield(.logChanged(table: table)) }

    /// A `presence` or `left` message another node relayed for `table`: sent on to its members here.
    public func presenceFromOtherNode(table: String, message: String) {
        continuation.yield(.presenceFromOtherNode(table: table, message: message))
    }

    public var isStopping: Bool { stopping.load(ordering: .acquiring) }

    func yield(_ input: EngineInput) { continuation.yield(input) }
}
