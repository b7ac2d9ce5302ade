import Foundation
import TavoloCRDT
import TavoloStorage
import TavoloTransport

extension SyncEngine {
    func receiveOperations(_ payload: [UInt8], ref: Int, from id: ConnectionID) {
        guard let state = connections[id], let replica = state.replica, let table = state.table, let room = rooms[table] else {
            send(.error(ProtocolError(.notJoined, "join a table before sending operations", ref: ref)), to: id)
            return
        }
        let operations: Operations
        do {
            operations = try Operations(decoding: payload)
        } catch {
            send(.error(ProtocolError(.malformedOperations, "operations do not decode: \(error)", ref: ref)), to: id)
            return
        }
        guard operations.count <= settings.maxOperationsPerMessage else {
            send(.error(ProtocolError(
                .limitExceeded, "at most \(settings.maxOperationsPerMessage) operations per message; split the batch",
                ref: ref, limit: "maxOperationsPerMessage")), to: id)
            return
        }
        let authors = operations.authors
        guard authors.isSubset(of: [replica]) else {
            send(.error(ProtocolError(
                .forgedAuthor, "operations must carry this connection's replica \(replica), not \(authors.sorted().joined(separator: ", "))",
                ref: ref)), to: id)
            return
        }
        guard room.document.operationCount + operations.count <= settings.maxDocumentOperations else {
            send(.error(ProtocolError(
                .limitExceeded, "table \(table) is full (\(settings.maxDocumentOperations) operations)", ref: ref,
                limit: "maxDocumentOperations")), to: id)
            return
        }
        let missing = room.document.missingDependencies(of: operations)
        guard missing.isEmpty else {
            send(.error(ProtocolError(
                .missingDependencies, "operations depend on operations the server does not have; resend from the first missing one",
                ref: ref, missing: missing.map(\.description))), to: id)
            return
        }
        if let problem = targetProblem(operations, in: room.document) {
            // Replicas would keep such operations as no-ops, and relaying them breaks decoding
            // for every peer: refuse them here, before anyone else sees them.
            send(.error(ProtocolError(.malformedOperations, problem, ref: ref)), to: id)
            return
        }
        if authenticator.enforcesRoles, let refusal = permissionRefusal(operations, in: room, from: id) {
            send(.error(ProtocolError(.forbidden, refusal, ref: ref)), to: id)
            return
        }
        let result = room.document.apply(operations)
        let ack = ServerMessage.ack(ref: ref, applied: result.applied, duplicates: result.duplicates).json
        guard result.applied > 0 else {
            // Nothing new (a resend after reconnect): acknowledge once what it duplicates is durable.
            store.afterPendingWrites { [transport] in transport.send(.text(ack), to: id) }
            return
        }
        room.operationsSinceSnapshot += result.applied
        if room.firstUnsnapshotted == nil { room.firstUnsnapshotted = .now }
        let recipients = room.others(than: id)
        let broadcast = ServerMessage.operations(author: replica, payload: payload).json
        let batch = StoredBatch(table: table, author: replica, operationCount: operations.count, payload: payload)
        store.append(batch) { [transport, feedback] outcome in
            switch outcome {
            case .success:
                transport.send(.text(ack), to: id)
                transport.send(.text(broadcast), to: recipients)
            case .failure:
                feedback.yield(.storeFailed(table: table))
            }
        }
        if room.operationsSinceSnapshot >= settings.snapshotEveryOperations { snapshot(room) }
    }

    /// Why the targets of `operations` are impossible (missing object, or the wrong kind), or nil.
    private func targetProblem(_ operations: Operations, in document: Document) -> String? {
        var created: [ObjectID: ObjectKind] = [:]
        for target in operations.targets {
            let kind = target.object == .root ? ObjectKind.map : (created[target.object] ?? document.kind(of: target.object))
            guard let kind else { return "an operation targets \(target.object), which does not exist" }
            guard kind == target.expectedKind else {
                return "an operation for a \(target.expectedKind) targets \(target.object), which is a \(kind)"
            }
            if let new = target.createdObject, let newKind = target.createdKind { created[new] = newKind }
        }
        return nil
    }

    /// Why `operations` may not be applied for this connection's participant, or nil if they may.
    private func permissionRefusal(_ operations: Operations, in room: Room, from id: ConnectionID) -> String? {
        guard let participant = room.participants[id] else { return "not a participant of this table" }
        for area in room.areas.areas(of: operations, in: room.document) {
            guard let area else { return "operations target an object outside this table's shared objects" }
            if case .refused(let why) = EditPolicy.decide(area: area, participant: participant, state: room.state) {
                return "\(why) (\(area))"
            }
        }
        return nil
    }

    func receivePresence(_ state: JSONValue, from id: ConnectionID) {
        guard connections[id]?.table != nil else {
            send(.error(ProtocolError(.notJoined, "join a table before sending presence")), to: id)
            return
        }
        let size = (try? JSONEncoder().encode(state).count) ?? Int.max
        guard size <= settings.maxPresenceBytes else {
            send(.error(ProtocolError(.limitExceeded, "presence state over \(settings.maxPresenceBytes) bytes", limit: "maxPresenceBytes")), to: id)
            return
        }
        connections[id]?.pendingPresence = state
        flushPresence(of: id, now: .now)
    }

    func flushPresence(now: ContinuousClock.Instant) {
        for (id, state) in connections where state.pendingPresence != nil { flushPresence(of: id, now: now) }
    }

    /// Forwards the latest presence state unless one was forwarded less than the interval ago.
    private func flushPresence(of id: ConnectionID, now: ContinuousClock.Instant) {
        guard let state = connections[id], let pending = state.pendingPresence, let table = state.table,
            let room = rooms[table], var member = room.members[id]
        else { return }
        if let last = state.lastPresence, last.duration(to: now) < .milliseconds(settings.presenceIntervalMilliseconds) { return }
        member.state = pending
        room.members[id] = member
        connections[id]?.pendingPresence = nil
        connections[id]?.lastPresence = now
        transport.send(.text(ServerMessage.presence(member).json), to: room.others(than: id))
    }
}
