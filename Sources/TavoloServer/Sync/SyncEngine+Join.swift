import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloStorage
import TavoloTransport

extension SyncEngine {
    func join(_ table: String, version: [String: Int], from id: ConnectionID) async {
        guard let state = connections[id], let principal = state.principal, let replica = state.replica else {
            send(.error(ProtocolError(.notAuthenticated, "send hello before join")), to: id)
            return
        }
        guard Identifier.isValid(table) else {
            send(.error(ProtocolError(.badTable, "table ids are 1-64 characters of A-Z a-z 0-9 _ -")), to: id)
            return
        }
        guard await authenticator.mayJoin(principal, table: table) else {
            send(.error(ProtocolError(.unauthorized, "not invited to table \(table)")), to: id)
            return
        }
        leaveRoom(id)
        let room: Room
        do {
            room = try await openRoom(table)
        } catch {
            logger.error("cannot open table", metadata: ["table.id": "\(table)", "error": "\(error)"])
            send(.error(ProtocolError(.unavailable, "table \(table) cannot be opened now; retry later")), to: id)
            return
        }
        guard connections[id] != nil else { return }  // left while the table was loading
        // Checked in memory, recorded through the store's writer: no disk wait on the engine's task
        // (the join is answered after a write barrier, so the binding is durable by then).
        switch room.replicaOwners[replica] {
        case principal.id?: break
        case .some:
            send(.error(ProtocolError(.replicaTaken, "replica \(replica) belongs to someone else at this table; pick a new one")), to: id)
            return
        case nil:
            room.replicaOwners[replica] = principal.id
            store.recordReplica(replica, principal: principal.id, table: table)
        }
        if let previous = room.connection(of: replica) {
            // The same person reconnecting before we noticed the old socket drop.
            leaveRoom(previous)
            transport.close(previous, code: .policyViolation, reason: "replaced by a newer connection")
        }
        let member = MemberPresence(
            replica: replica, name: principal.name, organisation: principal.organisation, role: principal.role, state: .null)
        let others = room.others(than: id)
        room.members[id] = member
        room.emptySince = nil
        connections[id]?.table = table
        let participant = participant(for: principal)
        let arriving = !room.participants.values.contains { $0.id == participant.id }
        room.participants[id] = participant
        if arriving { record([.joined(participant, at: Date())], in: room, actor: participant.id, except: id) }

        let reply = ServerMessage.joined(
            table: table, version: room.document.version.counts, payload: syncPayload(room.document, clientVersion: Version(version)),
            members: room.members.filter { $0.key != id }.map(\.value), state: TableStateView(room.state, for: participant))
        let replyText = reply.json
        let presence = ServerMessage.presence(member).json
        // Everything in the reply must be durable before anyone sees it.
        store.afterPendingWrites { [transport] in
            transport.send(.text(replyText), to: id)
            transport.send(.text(presence), to: others)
        }
    }

    /// Exactly what the client lacks; a snapshot instead when the client has nothing and it is smaller.
    func syncPayload(_ document: Document, clientVersion: Version) -> ServerMessage.SyncPayload {
        let operations = document.encodedOperations(since: clientVersion)
        guard clientVersion.counts.isEmpty, document.operationCount > 0 else { return .operations(operations) }
        let snapshot = document.encodeSnapshot()
        return snapshot.count < operations.count ? .snapshot(snapshot) : .operations(operations)
    }

    func openRoom(_ table: String) async throws -> Room {
        if let room = rooms[table] { return room }
        let stored = try await store.load(table: table)
        var document = try stored.snapshot.map { try Document(decoding: $0, replica: Room.serverReplica) }
            ?? Document(replica: Room.serverReplica)
        // Applied in one pass (one merge per text, not one per batch: see `Operations.append`).
        var gathered = Operations.empty
        for batch in stored.batches {
            do {
                gathered.append(try Operations(decoding: batch.payload))
            } catch {
                // Only validated batches are stored, so this means damage on disk: say so, keep the rest.
                logger.critical("stored batch does not decode", metadata: ["table.id": "\(table)", "store.seq": "\(batch.sequence)"])
            }
        }
        document.apply(gathered)
        let events = try await store.events(table: table)
        let registered = try await tables?.table(table) != nil
        if let room = rooms[table] { return room }  // another join loaded it meanwhile
        let room = Room(table: table, document: document)
        room.replicaOwners = stored.replicaOwners
        room.emptySince = .now
        room.isCoDesignTable = registered
        rooms[table] = room
        replayEvents(events, into: room)
        if registered { scaffoldTable(room) }
        logger.info("table loaded", metadata: ["table.id": "\(table)", "table.ops": "\(document.operationCount)"])
        return room
    }

    func leaveRoom(_ id: ConnectionID) {
        guard let table = connections[id]?.table, let room = rooms[table] else { return }
        connections[id]?.table = nil
        guard let member = room.members.removeValue(forKey: id) else { return }
        transport.send(.text(ServerMessage.left(replica: member.replica).json), to: Array(room.members.keys))
        if let participant = room.participants.removeValue(forKey: id),
            !room.participants.values.contains(where: { $0.id == participant.id })
        {
            record([.left(participantID: participant.id, at: Date())], in: room, actor: participant.id)
        }
        if room.members.isEmpty { room.emptySince = .now }
    }
}
