import TavoloCRDT
import TavoloStorage
import TavoloTransport

/// `ops`: checking a batch, letting the hooks refuse it, applying it, and acknowledging it once durable.
extension SyncEngine {
    func receiveOperations(_ payload: [UInt8], ref: Int, from connection: Connection) {
        guard let table = connection.table, let room = rooms[table], let member = room.members[connection.id] else {
            send(.error(ProtocolError(.notJoined, "join a table before sending operations", ref: ref)), to: connection.id)
            return
        }
        let operations: Operations
        do {
            operations = try Operations(decoding: payload)
        } catch {
            send(.error(ProtocolError(.malformedOperations, "operations do not decode: \(error)", ref: ref)), to: connection.id)
            return
        }
        if let problem = problem(with: operations, from: member, in: room) {
            send(.error(problem.answering(ref)), to: connection.id)
            return
        }
        whileBusy(connection) { finished in
            ask({ $0.beforeChange(operations, by: member, in: room) }) { [unowned self] verdict in
                defer { finished() }
                // A deferred verdict may come after the member left or the table was dropped.
                guard rooms[table] === room, room.members[connection.id] === member else { return }
                switch verdict {
                case .failure(let error): send(.error(error.answering(ref)), to: connection.id)
                case .success: apply(operations, payload: payload, ref: ref, from: member, in: room)
                }
            }
        }
    }

    /// What is wrong with a batch whatever the application's rules, or nil.
    private func problem(with operations: Operations, from member: Member, in room: Room) -> ProtocolError? {
        guard operations.count <= settings.maxOperationsPerMessage else {
            return ProtocolError(
                .limitExceeded, "at most \(settings.maxOperationsPerMessage) operations per message; split the batch",
                limit: "maxOperationsPerMessage")
        }
        let authors = operations.authors
        guard authors.isSubset(of: [member.replica]) else {
            return ProtocolError(
                .forgedAuthor,
                "operations must carry this connection's replica \(member.replica), not \(authors.sorted().joined(separator: ", "))")
        }
        guard room.document.operationCount + operations.count <= settings.maxDocumentOperations else {
            return ProtocolError(
                .limitExceeded, "table \(room.table) is full (\(settings.maxDocumentOperations) operations)",
                limit: "maxDocumentOperations")
        }
        let missing = room.document.missingDependencies(of: operations)
        guard missing.isEmpty else {
            return ProtocolError(
                .missingDependencies, "operations depend on operations the server does not have; resend from the first missing one",
                missing: missing.map(\.description))
        }
        if let problem = targetProblem(operations, in: room.document) {
            // Replicas would keep such operations as no-ops, stored and sent to everyone for ever
            // although they change nothing (crdt.md §5): refuse them here, before anyone sees them.
            return ProtocolError(.malformedOperations, problem)
        }
        if let operation = room.document.outOfRangeOperation(in: operations) {
            // Every replica would keep it as a no-op (crdt.md §5): the same reasons as above.
            return ProtocolError(
                .malformedOperations,
                "operation \(operation) inserts or deletes outside its text as it was at the operation's parents")
        }
        return nil
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

    private func apply(_ operations: Operations, payload: [UInt8], ref: Int, from member: Member, in room: Room) {
        let id = member.connection
        if room.isStoreDown {
            // Not applied, not acknowledged: the client keeps the edits and sends them again (a
            // duplicate would be acknowledged once "durable", which it would not be now).
            send(.error(ProtocolError(.unavailable, "the database cannot be reached: your edits are kept, sent again shortly", ref: ref)), to: id)
            return
        }
        let result = room.document.apply(operations)
        let ack = ServerMessage.ack(ref: ref, applied: result.applied, duplicates: result.duplicates).json
        guard result.applied > 0 else {
            // Nothing new (a resend after reconnect): acknowledge once what it duplicates is durable.
            store.afterPendingWrites { [transport] in transport.send(.text(ack), to: id) }
            return
        }
        append(StoredBatch(table: room.table, author: member.replica, operationCount: operations.count, payload: payload),
            count: result.applied, to: room, except: id, acknowledging: ack)
        for hook in hooks { hook.afterChange(operations, applied: result.applied, by: member, in: room) }
    }

    /// Stores a batch already applied to `room`; once durable, its author's connection (`excluded`)
    /// gets `ack` and the other members the batch (`Delivery`).
    func append(_ batch: StoredBatch, count: Int, to room: Room, except excluded: ConnectionID?, acknowledging ack: String? = nil) {
        room.operationsSinceSnapshot += count
        if room.firstUnsnapshotted == nil { room.firstUnsnapshotted = .now }
        var delivery = Delivery(
            table: room.table, batch: EncodedBatch(author: batch.author, payload: batch.payload),
            ack: excluded.flatMap { id in ack.map { (id, $0) } }, singly: [], coalescing: [])
        for (id, member) in room.members where id != excluded {
            if member.coalesces { delivery.coalescing.append(id) } else { delivery.singly.append(id) }
        }
        Self.storeBatch(batch, count: count, delivering: delivery, in: store, gatheredBy: deliveries, inputs: inputs)
        if room.operationsSinceSnapshot >= settings.snapshotEveryOperations, room.mayTakeSnapshot(settings) { snapshot(room) }
    }
}
