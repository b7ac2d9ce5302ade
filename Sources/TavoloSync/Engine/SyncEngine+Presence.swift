import TavoloTransport

/// `presence`: forwarded at most every `presenceIntervalMilliseconds` per person, latest wins.
extension SyncEngine {
    func receivePresence(_ state: JSONValue, from connection: Connection) {
        guard connection.table != nil else {
            send(.error(ProtocolError(.notJoined, "join a table before sending presence")), to: connection.id)
            return
        }
        guard JSONWriter.write(state).utf8.count <= settings.maxPresenceBytes else {
            send(.error(ProtocolError(.limitExceeded, "presence state over \(settings.maxPresenceBytes) bytes", limit: "maxPresenceBytes")),
                to: connection.id)
            return
        }
        connection.pendingPresence = state
        flushPresence(of: connection, now: .now)
    }

    func flushPresence(now: ContinuousClock.Instant) {
        for connection in connections.values where connection.pendingPresence != nil { flushPresence(of: connection, now: now) }
    }

    private func flushPresence(of connection: Connection, now: ContinuousClock.Instant) {
        guard let pending = connection.pendingPresence, let table = connection.table, let room = rooms[table],
            let member = room.members[connection.id]
        else { return }
        if let last = connection.lastPresence, last.duration(to: now) < .milliseconds(settings.presenceIntervalMilliseconds) { return }
        member.presence.state = pending
        connection.pendingPresence = nil
        connection.lastPresence = now
        let message = ServerMessage.presence(member.presence).json
        transport.send(.text(message), to: room.others(than: connection.id))
        presenceRelay?.publish(table: table, message: message)
    }
}
