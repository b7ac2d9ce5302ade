import Logging
import TavoloCRDT
import TavoloStorage
import TavoloTransport

/// The live core: protocols v1 and v2 on `/ws` (docs/protocol.md) for any document, with the
/// application's rules plugged in as `SyncHook`s.
///
/// Every input passes through one loop, so rooms and connections need no locks. Nothing on
/// the loop waits: hooks defer what waits (`HookResult.later`), the store reports durability
/// through callbacks, and messages wait in bounded per-connection inboxes that the loop works
/// through in turns of a few milliseconds, round robin, so no connection holds up another.
/// Acknowledgements and broadcasts are sent once the store made them durable, so nobody ever
/// hears of an operation a crash could still lose.
public final class SyncEngine {
    public let transport: any Transport
    public let store: any Store
    public let settings: SyncSettings
    public let logger: Logger
    /// The loop's own inputs; store callbacks and hooks' tasks feed it.
    public let inputs: EngineInputs
    let hooks: [any SyncHook]
    let serverVersion: String
    /// Batches made durable, sent once the store's run of callbacks ends (coalesced for protocol v2).
    let deliveries: DurableDeliveries
    /// Several nodes: where this node's presence and `left` messages go, for members elsewhere.
    public var presenceRelay: (any PresenceRelay)?
    /// People on other nodes, by table and replica, open here or not (`SyncEngine+RemotePresence`).
    var remoteMembers: [String: [String: RemoteMember]] = [:]

    var connections: [ConnectionID: Connection] = [:]
    var rooms: [String: Room] = [:]
    /// Tables being opened, with what to do once they are.
    var opening: [String: [(Result<Room, ProtocolError>) -> Void]] = [:]
    /// Connections with messages to handle, in turn order.
    var ready = FIFO<ConnectionID>()
    var proceedQueued = false
    /// Continuations of off-loop work, by ticket.
    var parked: [UInt64: (any Sendable) -> Void] = [:]
    var nextTicket: UInt64 = 0
    /// Several workers: which one this is (nil: the only one, every table is here).
    let shard: EngineShard?
    /// Connections handed over to another worker, until every event queued here for them is passed on.
    var departing: [ConnectionID: Departure] = [:]
    /// Connections being handed over to this worker: their events wait here until they arrive.
    var arriving: [ConnectionID: [TransportEvent]] = [:]
    /// Connections not yet authenticated, in all and by address (shared by the workers), and when
    /// each must have said hello.
    let strangers: StrangerCounts
    var helloDeadlines = FIFO<(ContinuousClock.Instant, ConnectionID)>()

    public init(
        transport: any Transport, store: any Store, settings: SyncSettings = SyncSettings(), hooks: [any SyncHook],
        inputs: EngineInputs = EngineInputs(), shard: EngineShard? = nil, serverVersion: String = "",
        logger: Logger = Logger(label: "tavolo.sync")
    ) {
        self.shard = shard
        self.strangers = shard?.workers.strangers ?? StrangerCounts()
        self.transport = transport
        self.store = store
        self.settings = settings
        self.hooks = hooks
        self.inputs = inputs
        self.deliveries = shard?.workers.deliveries(over: transport) ?? DurableDeliveries(transport: transport)
        self.serverVersion = serverVersion
        self.logger = logger
    }

    /// Handles inputs until `inputs` is stopped or finished, then flushes the store (one worker
    /// of several leaves that to `EngineWorkers`' owner).
    public func run() async {
        for hook in hooks { hook.install(on: self) }
        let ticker = Task { [inputs] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                inputs.yield(.tick)
            }
        }
        for await input in inputs.stream {
            // Checked before the input: `.stop` itself may wait behind a backlog.
            if inputs.isStopping { break }
            handle(input)
            workThroughReady()
        }
        ticker.cancel()
        await shutdown()
    }

    func handle(_ input: EngineInput) {
        switch input {
        case .transport(.opened(let info)):
            guard !inputs.isStopping else { return }
            accept(info)
        // Several workers: a connection in transit between them gets its events in order.
        case .transport(let event) where heldForHandover(event):
            break
        case .transport(.message(let id, let message)):
            guard !inputs.isStopping else { return }
            receive(message, from: id)
        case .transport(.closed(let id, _)):
            guard let connection = connections.removeValue(forKey: id) else { return }
            connection.phase = .closing
            connection.inbox.removeAll()
            connection.inboxBytes = 0
            forgetStranger(connection)
            leaveRoom(connection)
        case .transport(.httpRequest(_, let responder)):
            responder.respond(.json(#"{"error":"not found"}"#, status: 404))
        case .tick:
            tick(now: .now)
        case .resumed(let ticket, let answer):
            parked.removeValue(forKey: ticket)?(answer)
        case .stored(let table, let operations, let sequence):
            if let room = rooms[table] {
                room.durableSequence = max(room.durableSequence, sequence)
                if settings.sharedLog, sequence > room.readSequence { room.ownSequences.insert(sequence) }
            }
            for hook in hooks { hook.afterStore(table: table, operations: operations) }
        case .storeFailed(let table):
            storeFailed(table: table)
        case .writeFailed(let table, let retry):
            writeFailed(table: table, retry: retry)
        case .retryWrites(let table):
            retryWrites(table: table)
        case .writesRetried(let table):
            writesRetried(table: table)
        case .logChanged(let table, let batches, let events):
            logChanged(table, batches: batches, events: events)
        case .ownBatchesAnnounced(let table, let sequence):
            ownBatchesAnnounced(table: table, sequence: sequence)
        case .presenceFromOtherNode(let table, let node, let message):
            presenceFromOtherNode(table: table, node: node, message: message)
        case .otherNode(let node, let present):
            if present { nodeAppeared(node) } else { nodeGone(node) }
        case .expecting(let id):
            arriving[id] = []
        case .departed(let id):
            passOn(id)
        case .arrived(let handover):
            adopt(handover)
        case .joinAnswered(let id):
            connections[id]?.awaitingJoined = false
        case .proceed:
            proceedQueued = false
        case .stop:
            break
        }
    }

    /// Queues a message in its connection's inbox, or closes a connection that sends more than
    /// it may: its inbox is bounded, and so is what it may send before it is authenticated.
    private func receive(_ message: WebSocketMessage, from id: ConnectionID) {
        guard let connection = connections[id], !connection.isClosing else { return }
        let size = message.byteCount
        if !connection.isAuthenticated, size > settings.maxUnauthenticatedMessageBytes {
            refuse(connection, ProtocolError(
                .notAuthenticated, "at most \(settings.maxUnauthenticatedMessageBytes) bytes before hello is answered",
                limit: "maxUnauthenticatedMessageBytes"))
            return
        }
        guard connection.inbox.count < settings.inboundQueueMessages, connection.inboxBytes + size <= settings.inboundQueueBytes
        else {
            refuse(connection, ProtocolError(
                .limitExceeded, "more than \(settings.inboundQueueMessages) messages or \(settings.inboundQueueBytes) bytes waiting",
                limit: "inboundQueue"))
            return
        }
        connection.hasSentAnything = true
        connection.inbox.append(message)
        connection.inboxBytes += size
        schedule(connection)
    }

    func schedule(_ connection: Connection) {
        guard !connection.busy, !connection.scheduled, !connection.isClosing, !connection.inbox.isEmpty else { return }
        connection.scheduled = true
        ready.append(connection.id)
    }

    /// Handles queued messages, one per connection in turn, until none is left or the turn is
    /// over; then lets the network in (`proceed` goes behind what arrived meanwhile).
    func workThroughReady() {
        let deadline = ContinuousClock.now + .milliseconds(settings.turnMilliseconds)
        while !inputs.isStopping, let id = ready.popFirst() {
            guard let connection = connections[id] else { continue }
            connection.scheduled = false
            guard !connection.busy, !connection.isClosing, let message = connection.inbox.popFirst() else { continue }
            connection.inboxBytes -= message.byteCount
            handle(message, from: connection)
            schedule(connection)
            if ContinuousClock.now >= deadline, !ready.isEmpty {
                if !proceedQueued {
                    proceedQueued = true
                    inputs.yield(.proceed)
                }
                return
            }
        }
    }

    /// Sends an error and closes with 1008: the connection broke a limit that protects the others.
    func refuse(_ connection: Connection, _ error: ProtocolError) {
        logger.notice("closing connection", metadata: ["conn.id": "\(connection.id)", "reason": "\(error.message)"])
        send(.error(error), to: connection.id)
        close(connection, code: .policyViolation, reason: error.message)
    }

    /// At shutdown: snapshot what changed (while there is time), then let the store finish every queued write.
    private func shutdown() async {
        for hook in hooks { hook.shutdown() }
        // Snapshots only speed up the next load (the op log is durable): take those that are quick,
        // so that a large table never holds up the exit.
        let deadline = ContinuousClock.now + .milliseconds(500)
        for room in rooms.values
        where room.operationsSinceSnapshot > 0 && room.document.operationCount <= 200_000 && ContinuousClock.now < deadline {
            // The loop has stopped: nothing else waits for this encoding.
            store.saveSnapshot(
                table: room.table, payload: room.document.encodeSnapshot(), upTo: settings.sharedLog ? room.readSequence : nil) { _ in }
        }
        for (id, _) in connections { transport.close(id, code: .goingAway, reason: "server shutting down") }
        // Several workers share the store: whoever runs them closes it once every one has stopped.
        if shard == nil { await store.close() }
    }
}
