import Foundation
import Synchronization
import TavoloDomain
import TavoloStorage
import TavoloSync
import TavoloTransport

/// Several nodes on one PostgreSQL (`SyncSettings.sharedLog`): the table's facilitation state
/// follows the events other nodes store, and a decision is stored only if no other node stored an
/// event after the state it was decided on, so two facilitators acting at once on two nodes
/// cannot both succeed (docs/deployment.md).
extension FacilitationHook {
    /// Reads the events stored after `eventSequence`, applies other nodes' ones, sends everyone
    /// the new state. One read at a time per table; a notice during a read makes one more.
    func logChanged(in room: Room) {
        guard let table = live[room.table] else { return }
        guard !table.readingEvents else {
            table.readEventsAgain = true
            return
        }
        table.readingEvents = true
        let tableID = table.table, after = table.eventSequence
        engine.later({ [store] () -> [StoredEvent]? in try? await store.events(table: tableID, after: after) }) { [unowned self] events in
            table.readingEvents = false
            guard live[tableID] === table else { return }
            if let events {
                applyOthers(events, to: table)
            } else {
                logger.warning("cannot read other nodes' table events", metadata: ["table.id": "\(tableID)"])
            }
            if table.readEventsAgain, let room = engine.room(tableID) {
                table.readEventsAgain = false
                logChanged(in: room)
            }
        }
    }

    private func applyOthers(_ events: [StoredEvent], to table: LiveTable) {
        var changed = false
        for stored in events where stored.sequence > table.eventSequence {
            table.eventSequence = stored.sequence
            if let node = store.node, stored.node == node { continue }  // ours: in `state` already
            guard let event = try? TableCoding.decoder.decode(TableEvent.self, from: Data(stored.payload)) else {
                logger.critical("stored event does not decode", metadata: ["table.id": "\(table.table)", "store.seq": "\(stored.sequence)"])
                continue
            }
            table.state.apply(event)
            changed = true
        }
        if changed { engine.sendWhenDurable(views(of: table)) }
    }

    /// `record` for a decision on a shared log: applied at once (the requester's node shows it),
    /// stored on condition; `done` and the new state go out once stored. If another node stored an
    /// event first, nothing is kept: the state is rebuilt from the store, everyone gets it, and the
    /// requester gets `wrong_state` (the action was decided on a table that had changed).
    func recordDecision(_ events: [TableEvent], in table: LiveTable, room: Room, actor: String, acknowledging request: (ConnectionID, Int)) {
        guard !events.isEmpty else {
            engine.sendWhenDurable([(request.0, DomainMessage.done(ref: request.1).json)])
            return
        }
        let outcomes = WriteOutcomes(expected: events.count)
        let tableID = table.table, seen = table.eventSequence
        var stored: [StoredEvent] = []
        table.decisionsApplied += 1
        for event in events {
            table.state.apply(event)
            let payload = (try? TableCoding.encoder.encode(event)).map { [UInt8]($0) } ?? []
            stored.append(StoredEvent(table: tableID, actor: actor, payload: payload, at: event.at))
        }
        // All of the decision or none of it: one transaction, one check of the condition.
        store.appendEvents(stored, unlessAnotherNodeWroteAfter: seen) { outcomes.add($0) }
        if table.isCoDesignTable { scaffold.after(events, in: room, except: nil) }
        engine.later({ await outcomes.all() }) { [unowned self] results in
            if results.allSatisfy({ if case .success = $0 { true } else { false } }) {
                var messages = views(of: table)
                messages.append((request.0, DomainMessage.done(ref: request.1).json))
                engine.sendWhenDurable(messages)
            } else if results.contains(where: { if case .failure(.conflict) = $0 { true } else { false } }) {
                engine.send(.error(ProtocolError(.wrongState, "the table changed meanwhile (another facilitator acted first): look again", ref: request.1)), to: request.0)
                resynchronize(table)
            } else {
                engine.inputs.reportStoreFailure(table: tableID)
            }
        }
    }

    /// Rebuilds the state from every stored event (a refused decision was applied in memory). The
    /// events are read once every write queued before is finished, and read again if a decision was
    /// applied meanwhile: a read from before it was stored would drop it from the screens.
    private func resynchronize(_ table: LiveTable) {
        let tableID = table.table, decisions = table.decisionsApplied
        engine.later({ [store] () -> [StoredEvent]? in
            await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in store.afterPendingWrites { finished.resume() } }
            return try? await store.events(table: tableID)
        }) { [unowned self] events in
            guard live[tableID] === table else { return }
            guard let events else {
                engine.inputs.reportStoreFailure(table: tableID)
                return
            }
            guard table.decisionsApplied == decisions else { return resynchronize(table) }
            let data = LoadedTableData(isRegistered: table.isCoDesignTable, title: table.title, events: events)
            table.state = data.state
            table.eventSequence = data.lastSequence
            engine.sendWhenDurable(views(of: table))
        }
    }
}

/// The results of a decision's conditional writes, awaited off the loop by `engine.later`.
final class WriteOutcomes: Sendable {
    private struct State {
        var results: [Result<Int64, StoreError>] = []
        var waiter: CheckedContinuation<[Result<Int64, StoreError>], Never>?
    }
    private let expected: Int
    private let state = Mutex(State())

    init(expected: Int) { self.expected = expected }

    func add(_ result: Result<Int64, StoreError>) {
        let done: (CheckedContinuation<[Result<Int64, StoreError>], Never>, [Result<Int64, StoreError>])? = state.withLock { state in
            state.results.append(result)
            guard state.results.count == expected, let waiter = state.waiter else { return nil }
            state.waiter = nil
            return (waiter, state.results)
        }
        if let (waiter, results) = done { waiter.resume(returning: results) }
    }

    func all() async -> [Result<Int64, StoreError>] {
        await withCheckedContinuation { continuation in
            let ready: [Result<Int64, StoreError>]? = state.withLock { state in
                guard state.results.count < expected else { return state.results }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
