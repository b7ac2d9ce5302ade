import TavoloCRDT
import TavoloStorage

/// Several processes writing one log (nodes sharing PostgreSQL): when another commit is announced
/// (`EngineInputs.logChanged`), each room holding the table reads, off the loop, the batches after
/// its `readSequence` and applies them; what is new to it goes to its members. Batches this engine
/// wrote come back too and apply as duplicates (nothing sent), which moves `readSequence` past
/// them. The store commits a table's batches in sequence order, so reading "after the last one
/// read" never skips one that commits late.
extension SyncEngine {
    func logChanged(_ table: String?) {
        let targets = table.map { rooms[$0].map { [$0] } ?? [] } ?? Array(rooms.values)
        for room in targets { readLog(room) }
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

    private func applyLogged(_ batches: [StoredBatch], to room: Room) {
        for batch in batches where batch.sequence > room.readSequence {
            room.readSequence = batch.sequence
            let operations: Operations
            do {
                operations = try Operations(decoding: batch.payload)
            } catch {
                logger.critical("stored batch does not decode", metadata: ["table.id": "\(room.table)", "store.seq": "\(batch.sequence)"])
                continue
            }
            let result = room.document.apply(operations)
            guard result.applied > 0 else { continue }
            room.operationsSinceSnapshot += result.applied
            if room.firstUnsnapshotted == nil { room.firstUnsnapshotted = .now }
            let message = ServerMessage.operations(author: batch.author, payload: batch.payload).json
            for id in room.members.keys { transport.send(.text(message), to: id) }
        }
    }
}
