import TavoloCRDT
import TavoloTransport

/// `join` and `leave`: admitting a connection to a table once its hooks agree and it is loaded.
extension SyncEngine {
    func join(_ connection: Connection, table: String, version: [String: Int]) {
        guard let principal = connection.principal else { return }
        guard SyncIdentifier.isValid(table) else {
            send(.error(ProtocolError(.badTable, "table ids are \(SyncIdentifier.rule)")), to: connection.id)
            return
        }
        whileBusy(connection) { finished in
            ask({ $0.authorizeJoin(principal, table: table) }) { [unowned self] authorized in
                if case .failure(let error) = authorized {
                    send(.error(error), to: connection.id)
                    return finished()
                }
                guard !connection.isClosing else { return finished() }
                // Several workers: the table's own worker admits it, with what waits behind this join.
                if handOver(connection, joining: table, version: version) { return finished() }
                enter(connection, table: table, version: version, finished)
            }
        }
    }

    /// Moves an authorized connection from its table (if any) to `table`, once that is open.
    func enter(_ connection: Connection, table: String, version: [String: Int], _ finished: @escaping () -> Void) {
        leaveRoom(connection)
        openRoom(table) { [unowned self] opened in
            defer { finished() }
            guard !connection.isClosing else { return }  // left while the table was loading
            switch opened {
            case .success(let room): admit(connection, to: room, clientVersion: Version(version))
            case .failure(let error): send(.error(error), to: connection.id)
            }
        }
    }

    private func admit(_ connection: Connection, to room: Room, clientVersion: Version) {
        guard let principal = connection.principal, let replica = connection.replica else { return }
        let id = connection.id
        // Checked in memory, recorded through the store's writer: no disk wait on the loop
        // (the join is answered after a write barrier, so the binding is durable by then).
        switch room.replicaOwners[replica] {
        case principal.id?: break
        case .some:
            send(.error(ProtocolError(.replicaTaken, "replica \(replica) belongs to someone else at this table; pick a new one")), to: id)
            return
        case nil:
            room.replicaOwners[replica] = principal.id
            store.recordReplica(replica, principal: principal.id, table: room.table)
        }
        if let previous = room.connection(of: replica), let old = connections[previous] {
            // The same person reconnecting before we noticed the old socket drop.
            leaveRoom(old)
            close(old, code: .policyViolation, reason: "replaced by a newer connection")
        }
        let member = Member(
            connection: id, principal: principal, replica: replica, coalesces: connection.protocolVersion.coalescesOperations)
        let others = room.others(than: id)
        room.members[id] = member
        room.emptySince = nil
        connection.table = room.table
        var extra: [String: JSONValue] = [:]
        for hook in hooks { extra.merge(hook.memberJoined(member, in: room)) { _, new in new } }

        let reply = ServerMessage.joined(
            table: room.table, version: room.document.version.counts,
            payload: syncPayload(room, clientVersion: clientVersion),
            members: presentMembers(of: room, except: replica), extra: extra
        ).json
        let presence = ServerMessage.presence(member.presence).json
        // Other nodes list the newcomer in their own `joined` from now on (not at the first cursor).
        presenceRelay?.publish(table: room.table, message: presence)
        // Everything in the reply must be durable before anyone sees it.
        connection.awaitingJoined = true
        store.afterPendingWrites { [transport, inputs] in
            transport.send(.text(reply), to: id)
            transport.send(.text(presence), to: others)
            inputs.yield(.joinAnswered(id))
        }
    }

    /// Exactly what the client lacks; a snapshot instead when the client has nothing and it is smaller.
    /// The whole-document payload is kept per version: joins of newcomers (and a client that
    /// joins over and over) encode the document once, not once each.
    func syncPayload(_ room: Room, clientVersion: Version) -> ServerMessage.SyncPayload {
        let document = room.document
        guard clientVersion.counts.isEmpty, document.operationCount > 0 else {
            return .operations(document.encodedOperations(since: clientVersion))
        }
        if let cached = room.wholeDocument, cached.version == document.version { return cached.payload }
        let operations = document.encodedOperations(since: clientVersion)
        let snapshot = document.encodeSnapshot()
        let payload: ServerMessage.SyncPayload = snapshot.count < operations.count ? .snapshot(snapshot) : .operations(operations)
        room.wholeDocument = (document.version, payload)
        return payload
    }

    func leaveRoom(_ connection: Connection) {
        connection.pendingPresence = nil  // a cursor of this table must not reach the next one
        guard let table = connection.table, let room = rooms[table] else { return }
        connection.table = nil
        guard let member = room.members.removeValue(forKey: connection.id) else { return }
        let left = ServerMessage.left(replica: member.replica).json
        transport.send(.text(left), to: Array(room.members.keys))
        presenceRelay?.publish(table: table, message: left)
        for hook in hooks { hook.memberLeft(member, in: room) }
        if room.members.isEmpty { room.emptySince = .now }
    }
}
