import TavoloCRDT
import TavoloStorage
import TavoloTransport

/// What hooks may do to the live tables. Called on the engine's loop only.
extension SyncEngine {
    public func send(_ message: ServerMessage, to connection: ConnectionID) {
        transport.send(.text(message.json), to: connection)
    }

    /// Sends messages once every write queued before this call is durable (table events, say).
    public func sendWhenDurable(_ messages: [(ConnectionID, String)]) {
        guard !messages.isEmpty else { return }
        store.afterPendingWrites { [transport] in
            for (id, text) in messages { transport.send(.text(text), to: id) }
        }
    }

    public func connection(_ id: ConnectionID) -> Connection? { connections[id] }

    public var openConnections: some Collection<Connection> { connections.values }

    public func room(_ table: String) -> Room? { rooms[table] }

    /// Closes a connection: nothing more it sends is read.
    public func close(_ connection: Connection, code: CloseCode, reason: String) {
        guard !connection.isClosing else { return }
        connection.phase = .closing
        connection.inbox.removeAll()
        connection.inboxBytes = 0
        leaveRoom(connection)
        transport.close(connection.id, code: code, reason: reason)
    }

    /// Makes edits as the server's own replica (objects the application creates so that two
    /// people never create them concurrently), stores them, and sends them to the members but
    /// `excluded` once durable. Returns false if `edit` threw (nothing is kept then).
    @discardableResult
    public func author(in room: Room, except excluded: ConnectionID? = nil, _ edit: (inout Document) throws -> Void) -> Bool {
        let before = room.document.version
        var edited = room.document
        do {
            try edit(&edited)
        } catch {
            logger.error("cannot author server edits", metadata: ["table.id": "\(room.table)", "error": "\(error)"])
            return false
        }
        room.document = edited
        let count = room.document.operationCount - before.counts.values.reduce(0, +)
        guard count > 0 else { return true }
        let payload = room.document.encodedOperations(since: before)
        append(StoredBatch(table: room.table, author: Room.serverReplica, operationCount: count, payload: payload),
            count: count, to: room, except: excluded)
        return true
    }

}
