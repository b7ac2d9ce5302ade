import TavoloCRDT
import TavoloStorage

/// Several processes writing one log (nodes sharing PostgreSQL): when another commit is announced
/// (`EngineInputs.logChanged`), each room holding the table reads, off the loop, the batches after
/// its `readSequence` and applies them; what is new to it goes to its members. Batches this engine
/// wrote come back in those reads too and are skipped (`Room.ownSequences`). The store commits a
/// table's batches in sequence order, so reading "after the last one read" never skips one that
/// commits late.
extension SyncEngine {
    /// `batches`/`events`: what the notice says changed (a notice naming only events costs no read
    /// of the log, and one naming only batches no read of the events).
    func logChanged(_ table: String?, batches: Bool = true, events: Bool = true) {
        let targets = table.map { rooms[$0].map { [$0] } ?? [] } ?? Array(rooms.values)
        for room in targets {
            if batches { readLog(room) }
            if events { for hook in hooks { hook.logChanged(in: room) } }
        }
    }

    /// This engine's own commit, up to `sequence`, announced on the shared log. Notices arrive in
    /// commit order, so every other node's batch of the table below `sequence` was announced
    /// before: with no read under way, all of them are read, and the room moves past its own
    /// batches without fetching them back. A read under way, or a sequence this room did not
    /// write (the room was reloaded meanwhile), or a `stored` not yet arrived: read, as for
    /// another node's commit.
    func ownBatchesAnnounced(table: String, sequence: Int64) {
        guard let room = rooms[table], sequence > room.readSequence else { return }
        if !room.readingLog, room.ownSequences.contains(sequence) {
            room.readSequence = sequence
            room.ownSequences = room.ownSequences.filter { $0 > sequence }
        } else {
            readLog(room)
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
            // Written here: in the document already.
            if room.ownSequences.remove(batch.sequence) != nil { continue }
            do {
                let operations = try Operations(decoding: batch.payload)
                // Held already (this node's own batch whose `stored` has not reached the loop yet,
                // or a resend another node stored too): its members have it, never send it twice.
                if room.document.version.includes(Version(operations.reach)) { continue }
                gathered.append(operations)
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
        // A member whose `joined` (built before these) is not sent yet gets them after it.
        let waiting = room.members.values.filter { connections[$0.connection]?.awaitingJoined == true }
        let now = room.members.values.filter { connections[$0.connection]?.awaitingJoined != true }
        Delivery.send(deliveries(of: encoded, to: now, in: room), over: transport)
        if !waiting.isEmpty {
            let later = deliveries(of: encoded, to: waiting, in: room)
            store.afterPendingWrites { [transport] in Delivery.send(later, over: transport) }
        }
    }

    /// One `Delivery` per batch: v1 members get it singly, v2 members coalesced.
    private func deliveries(of encoded: [EncodedBatch], to members: [Member], in room: Room) -> [Delivery] {
        let singly = members.filter { !$0.coalesces }.map(\.connection)
        let coalescing = members.filter(\.coalesces).map(\.connection)
        return encoded.map { Delivery(table: room.table, batch: $0, singly: singly, coalescing: coalescing) }
    }
}
