import TavoloCRDT
import TavoloStorage

/// Opening tables (off the loop), snapshots, unloading, and storage failures.
extension SyncEngine {
    /// What the store holds of a table, decoded off the loop.
    struct LoadedDocument: Sendable {
        var document: Document
        var replicaOwners: [String: String]
        var damagedBatches: [Int64]
        var lastSequence: Int64
    }

    /// Calls `completion` with the table's room once it is open: at once if it is, otherwise after
    /// the store and every hook's `loadTable` have finished, both off the loop.
    func openRoom(_ table: String, _ completion: @escaping (Result<Room, ProtocolError>) -> Void) {
        if let room = rooms[table] { return completion(.success(room)) }
        if opening[table] != nil {
            opening[table]!.append(completion)
            return
        }
        opening[table] = [completion]
        var document: Result<LoadedDocument, StoreError>?
        var hooksLoaded: Result<Void?, ProtocolError>?
        let finish = { [unowned self] in
            guard let document, let hooksLoaded else { return }
            let waiting = opening.removeValue(forKey: table) ?? []
            let outcome: Result<Room, ProtocolError>
            switch (document, hooksLoaded) {
            case (.success(let loaded), .success):
                outcome = .success(roomOpened(table, loaded))
            case (.failure(let error), _):
                logger.error("cannot open table", metadata: ["table.id": "\(table)", "error": "\(error)"])
                outcome = .failure(ProtocolError(.unavailable, "table \(table) cannot be opened now; retry later"))
            case (_, .failure(let error)):
                outcome = .failure(error)
            }
            for completion in waiting { completion(outcome) }
        }
        later({ [store] in await Self.loadDocument(table, from: store) }) { result in
            document = result
            finish()
        }
        ask({ $0.loadTable(table) }) { result in
            hooksLoaded = result
            finish()
        }
    }

    private func roomOpened(_ table: String, _ loaded: LoadedDocument) -> Room {
        for sequence in loaded.damagedBatches {
            // Only validated batches are stored, so this means damage on disk: say so, keep the rest.
            logger.critical("stored batch does not decode", metadata: ["table.id": "\(table)", "store.seq": "\(sequence)"])
        }
        let room = Room(table: table, document: loaded.document)
        room.replicaOwners = loaded.replicaOwners
        room.durableSequence = loaded.lastSequence
        room.readSequence = loaded.lastSequence
        room.emptySince = .now
        rooms[table] = room
        for hook in hooks { hook.tableOpened(room) }
        // Another node may have committed after the load read the log: its notice found no room
        // here, and nothing else would make the room read it until the next commit of the table.
        if settings.sharedLog { logChanged(table) }
        logger.info("table loaded", metadata: ["table.id": "\(table)", "table.ops": "\(room.document.operationCount)"])
        return room
    }

    private static func loadDocument(_ table: String, from store: any Store) async -> Result<LoadedDocument, StoreError> {
        do {
            let stored = try await store.load(table: table)
            var document = try stored.snapshot.map { try Document(decoding: $0, replica: Room.serverReplica) }
                ?? Document(replica: Room.serverReplica)
            // Applied in one pass (one merge per text, not one per batch: see `Operations.append`).
            var gathered = Operations.empty
            var damaged: [Int64] = []
            for batch in stored.batches {
                do {
                    gathered.append(try Operations(decoding: batch.payload))
                } catch {
                    damaged.append(batch.sequence)
                }
            }
            document.apply(gathered)
            return .success(LoadedDocument(
                document: document, replicaOwners: stored.replicaOwners, damagedBatches: damaged, lastSequence: stored.lastSequence))
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(.io("the stored snapshot does not decode: \(error)"))
        }
    }

    /// Periodic work: trailing presence updates, snapshots by time, unloading idle tables, hooks' ticks.
    func tick(now: ContinuousClock.Instant) {
        flushPresence(now: now)
        closeSilentStrangers(now: now)
        retryFailedWrites(now: now)
        for room in rooms.values {
            if let first = room.firstUnsnapshotted, first.duration(to: now) >= .seconds(settings.snapshotEverySeconds),
                room.mayTakeSnapshot(settings)
            {
                snapshot(room)
            }
            if room.members.isEmpty, !room.isStoreDown, let since = room.emptySince,
                since.duration(to: now) >= .seconds(settings.roomIdleSeconds)
            {
                unload(room)
            }
        }
        for hook in hooks { hook.tick(now: now) }
    }

    /// Snapshots the room's document: copied on the loop (a copy-on-write value), encoded off it
    /// (seconds for a large table), recorded as holding every batch durable at the copy.
    func snapshot(_ room: Room) {
        room.operationsSinceSnapshot = 0
        room.firstUnsnapshotted = nil
        room.snapshotInFlight = true
        room.lastSnapshotAt = .now
        let table = room.table, document = room.document
        let upTo = settings.sharedLog ? room.readSequence : room.durableSequence
        later({ document.encodeSnapshot() }) { [store, logger] payload in
            room.snapshotInFlight = false
            store.saveSnapshot(table: table, payload: payload, upTo: upTo) { result in
                if case .failure(let error) = result {
                    logger.error("snapshot failed", metadata: ["table.id": "\(table)", "error": "\(error)"])
                }
            }
        }
    }

    func unload(_ room: Room) {
        if room.operationsSinceSnapshot > 0 { snapshot(room) }
        rooms[room.table] = nil
        for hook in hooks { hook.tableUnloaded(room.table) }
        logger.info("table unloaded", metadata: ["table.id": "\(room.table)"])
    }

    /// A write failed: what is in memory is ahead of the disk. Drop the room so it reloads
    /// from what is durable; its clients reconnect and resend what was not acknowledged.
    func storeFailed(table: String) {
        guard let room = rooms.removeValue(forKey: table) else { return }
        for hook in hooks { hook.tableUnloaded(table) }
        for id in room.members.keys {
            guard let connection = connections[id] else { continue }
            connection.table = nil
            send(.error(ProtocolError(.unavailable, "storage failed; reconnect and resend unacknowledged operations")), to: id)
            close(connection, code: .internalError, reason: "storage failed")
        }
    }
}
