import Synchronization
import TavoloTransport

/// Work handed from any thread to the service thread.
enum Command {
    case send(OutgoingMessage, [ConnectionID])
    case close(ConnectionID, CloseCode, String)
    case respond(requestID: UInt64, HTTPResponse)
    case shutdown
}

/// A Mutex-guarded queue of commands. Producers append and then wake the service
/// thread with `lws_cancel_service`; it drains everything at once on
/// `LWS_CALLBACK_EVENT_WAIT_CANCELLED` (wake-ups coalesce, so one drain may see many).
final class Inbox: Sendable {
    private let commands = Mutex<[Command]>([])

    /// Returns true if the queue was empty, i.e. the caller must wake the service thread.
    func append(_ command: Command) -> Bool {
        commands.withLock { queue in
            queue.append(command)
            return queue.count == 1
        }
    }

    func drain() -> [Command] {
        commands.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }
}

/// Figures read from any thread.
final class TransportCounters: Sendable {
    let openConnections = Atomic<Int>(0)
    let nextConnectionID = Atomic<UInt64>(1)
    let nextRequestID = Atomic<UInt64>(1)
}
