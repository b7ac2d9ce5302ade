import TavoloTransport

/// Reading one message and handing it to the step that answers it.
extension SyncEngine {
    func handle(_ message: WebSocketMessage, from connection: Connection) {
        // Every message costs a token, also one that does not parse; a connection refused
        // `4 × messagesPerSecond` times in a row is closed rather than answered for ever.
        let withinRate = connection.bucket.take(now: .now)
        connection.refusedInARow = withinRate ? 0 : connection.refusedInARow + 1
        if connection.refusedInARow > 4 * settings.messagesPerSecond {
            refuse(connection, ProtocolError(
                .limitExceeded, "kept sending over \(settings.messagesPerSecond) messages per second", limit: "messagesPerSecond"))
            return
        }
        let decoded: ClientMessage
        do throws(ProtocolError) {
            guard case .text(let text) = message else {
                throw ProtocolError(.badMessage, "protocol v1 uses JSON text frames")
            }
            decoded = try ClientMessage.read(text, limits: settings.messageLimits)
        } catch {
            if case .greeting = connection.phase {
                greetingStrike(connection, error)
            } else {
                send(.error(error), to: connection.id)
            }
            return
        }
        if case .greeting = connection.phase, !decoded.isHello {
            greetingStrike(connection, ProtocolError(.notAuthenticated, "send hello first", ref: decoded.ref))
            return
        }
        guard withinRate else {
            send(.error(ProtocolError(
                .limitExceeded, "more than \(settings.messagesPerSecond) messages per second; slow down and resend",
                ref: decoded.ref, limit: "messagesPerSecond")), to: connection.id)
            return
        }
        switch decoded {
        case .hello(let hello): greet(connection, hello)
        case .join(let table, let version): join(connection, table: table, version: version)
        case .operations(let ref, let payload): receiveOperations(payload, ref: ref, from: connection)
        case .presence(let state): receivePresence(state, from: connection)
        case .leave: leaveRoom(connection)
        case .custom(let type, let ref, let fields): receiveCustom(ClientMessage.Fields(type: type, values: fields), ref: ref, from: connection)
        }
    }

    /// Before `hello` one message is answered; the next closes the connection (1008).
    private func greetingStrike(_ connection: Connection, _ error: ProtocolError) {
        guard case .greeting(let strikes) = connection.phase, strikes == 0 else {
            refuse(connection, ProtocolError(.notAuthenticated, "\(error.message); closing: only hello is accepted before hello", ref: error.ref))
            return
        }
        connection.phase = .greeting(strikes: 1)
        send(.error(error), to: connection.id)
    }

    private func receiveCustom(_ fields: ClientMessage.Fields, ref: Int?, from connection: Connection) {
        let room = connection.table.flatMap { rooms[$0] }
        let member = room?.members[connection.id]
        for hook in hooks {
            guard let result = hook.message(fields, ref: ref, from: connection, member: member, in: room) else { continue }
            whileBusy(connection) { finished in
                settle(result) { [unowned self] outcome in
                    if case .failure(let error) = outcome { send(.error(error.answering(ref)), to: connection.id) }
                    finished()
                }
            }
            return
        }
        send(.error(ProtocolError(.unknownType, "unknown message type '\(fields.type)'", ref: ref)), to: connection.id)
    }
}

extension ClientMessage {
    var isHello: Bool {
        if case .hello = self { return true }
        return false
    }

    /// The `ref` of a message that has one.
    var ref: Int? {
        switch self {
        case .operations(let ref, _): ref
        case .custom(_, let ref, _): ref
        default: nil
        }
    }
}
