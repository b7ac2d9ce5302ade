import TavoloTransport

/// A connection moving to the worker that owns the table it joins (`EngineWorkers`), with what the
/// new worker needs to go on as if it had been there from the start.
struct Handover: Sendable {
    let info: ConnectionInfo
    let principal: Principal
    let replica: String
    let protocolVersion: ProtocolVersion
    let bucket: TokenBucket
    let refusedInARow: Int
    let lastPresence: ContinuousClock.Instant?
    /// The `join` that moved it, authorized already: entered first on arrival.
    let table: String
    let version: [String: Int]
    /// What it sent after that `join`, in order.
    let inbox: [WebSocketMessage]
}

/// A connection handed over, kept by the worker it leaves until `departed` is handled.
struct Departure {
    let connection: Connection
    let target: Int
    let table: String
    let version: [String: Int]
}

/// Handing a connection over at `join`. Order is kept in three steps: the router tells the new
/// worker to hold the connection's events (`expecting`) and routes them there from then on; this
/// worker queues `departed` behind every event routed to it before, gathers those into the
/// inbox, and sends the whole connection (`arrived`); the new worker handles the `join`, that
/// inbox, then what it held, in this order.
extension SyncEngine {
    /// Hands an authorized `connection` over if another worker owns `table`. True if the `join` is
    /// not this worker's to finish: handed over, or closed meanwhile (its `closed` event is queued here).
    func handOver(_ connection: Connection, joining table: String, version: [String: Int]) -> Bool {
        guard let shard else { return false }
        let target = shard.workers.owner(of: table)
        guard target != shard.index else { return false }
        leaveRoom(connection)
        guard shard.workers.redirect(connection.id, from: shard.index, to: target) else { return true }
        logger.debug("connection handed over", metadata: ["conn.id": "\(connection.id)", "table.id": "\(table)", "engine.to": "\(target)"])
        connections[connection.id] = nil
        departing[connection.id] = Departure(connection: connection, target: target, table: table, version: version)
        inputs.yield(.departed(connection.id))
        return true
    }

    /// Takes the events of connections in transit: messages routed here before the redirect join
    /// the departing connection's inbox; those that reach the new worker first wait for it there.
    func heldForHandover(_ event: TransportEvent) -> Bool {
        guard shard != nil else { return false }
        let id: ConnectionID
        switch event {
        case .message(let connection, _), .closed(let connection, _): id = connection
        case .opened, .httpRequest: return false
        }
        if let departure = departing[id] {
            // Only messages: a `closed` routed here before the redirect makes it fail.
            if case .message(_, let message) = event {
                departure.connection.inbox.append(message)
                departure.connection.inboxBytes += message.byteCount
            }
            return true
        }
        guard arriving[id] != nil else { return false }
        arriving[id]!.append(event)
        return true
    }

    /// Every event routed here for a departing connection is in its inbox: send it on.
    func passOn(_ id: ConnectionID) {
        guard let shard, let departure = departing.removeValue(forKey: id) else { return }
        let connection = departure.connection
        // `join` is only handled (and handed over) once `hello` set both.
        guard let principal = connection.principal, let replica = connection.replica else { return }
        var inbox: [WebSocketMessage] = []
        while let message = connection.inbox.popFirst() { inbox.append(message) }
        shard.workers.inputs[departure.target].yield(.arrived(Handover(
            info: connection.info, principal: principal, replica: replica, protocolVersion: connection.protocolVersion,
            bucket: connection.bucket,
            refusedInARow: connection.refusedInARow, lastPresence: connection.lastPresence,
            table: departure.table, version: departure.version, inbox: inbox)))
    }

    /// A connection handed over to this worker: joins, then handles what it sent meanwhile.
    func adopt(_ handover: Handover) {
        let held = arriving.removeValue(forKey: handover.info.id) ?? []
        let connection = Connection(info: handover.info, messagesPerSecond: settings.messagesPerSecond, now: .now)
        connection.principal = handover.principal
        connection.replica = handover.replica
        connection.protocolVersion = handover.protocolVersion
        connection.phase = .authenticated
        connection.hasSentAnything = true
        connection.bucket = handover.bucket
        connection.refusedInARow = handover.refusedInARow
        connection.lastPresence = handover.lastPresence
        for message in handover.inbox {
            connection.inbox.append(message)
            connection.inboxBytes += message.byteCount
        }
        connections[connection.id] = connection
        // Authorized by the worker it left.
        whileBusy(connection) { finished in enter(connection, table: handover.table, version: handover.version, finished) }
        for event in held { handle(.transport(event)) }
        schedule(connection)
    }
}
