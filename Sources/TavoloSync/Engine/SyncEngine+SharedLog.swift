import TavoloCRDT
import TavoloStorage

/// Several processes writing one log (nodes sharing PostgreSQL): when another commit is announced
/// (`EngineInputs.logChanged`), each room holding the table reads, off the loop, the batches after
/// its `readSequence` and applies them; what is new to it goes to its members. Batches this engine
/// wrote come back too and are skipped (`Room.ownSequences`), which moves `readSequence` past
/// them. The store commits a table's batches in sequence order, so reading "after the last one
/// read" never skips one that commits late.
extension SyncEngine {
    func logChanged(_ table: String?) {
        let targets = table.map { rooms[$0].map { [$0] } ?? [] } ?? Array(rooms.values)
        for room in targets {
            readLog(room)
            for hook in hooks { hook.logChanged(in: room) }
        }
    }

    private func readLog(_ room: Room) {
        guard !room.readingLog else {
            room.readAgain = true
            return
        }
        room.readingLog = true
        let table = room.table, after = room.readSequence
        later({ [store] () -> Result<[StoredBatch], StoreError> in
            do throws(StoreError) { return .success(try await store.batches(table: table, after: after)) } catch { return .failure(error) }
        }) { [unowned self] result in
            room.readingLog = false
            // Unloaded (or dropped and reloaded) meanwhile: the new room loaded what it needs.
            guard rooms[table] === room else { return }
            switch result {
            case .success(let batches): applyLogged(batches, to: room)
            case .failure(let error):
                logger.warning("cannot read the shared log", metadata: ["table.id": "\(table)", "error": "\(error)"])
            }
            if room.readAgain {
                room.readAgain = false
                readLog(room)
            }
        }
    }

    /// Applies what other processes wrote in one pass (one merge per text, as a load does, rather
    /// than one per batch), then sends the batches on as they were stored: one `ops` each to v1
    /// members, all of them in one `ops` to v2 members (`Delivery`).
    private func applyLogged(_ batches: [StoredBatch], to room: Room) {
        var gathered = Operations.empty
        var encoded: [EncodedBatch] = []
        for batch in batches where batch.sequence > room.readSequence {
            room.readSequence = batch.sequence
            // Written here: in the document already (one whose `stored` has not arrived yet is
            // applied again, as a duplicate: the same result, more work).
            if room.ownSequences.remove(batch.sequence) != nil { continue }
            do {
                gathered.append(try Operations(decoding: batch.payload))
            } catch {
                logger.critical("stored batch does not decode", metadata: ["table.id": "\(room.table)", "store.seq": "\(batch.sequence)"])
                continue
            }
            encoded.append(EncodedBatch(author: batch.author, payload: batch.payload))
        }
        guard !encoded.isEmpty else { return }
        let result = room.document.apply(gathered)
        // Nothing new (a client resent here what another node had stored): nothing to send.
        guard result.applied > 0 else { return }
        room.operationsSinceSnapshot += result.applied
        if room.firstUnsnapshotted == nil { room.firstUnsnapshotted = .now }
        let singly = room.members.values.filter { !$0.coalesces }.map(\.connection)
        let coalescing = room.members.values.filter(\.coalesces).map(\.connection)
        Delivery.send(
            encoded.map { Delivery(table: room.table, batch: $0, singly: singly, coalescing: coalescing) }, over: transport)
    }
}
