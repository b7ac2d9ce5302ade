import Foundation
import Logging
import Synchronization
import TavoloCRDT
import TavoloDomain
import TavoloStorage
import TavoloSync
import TavoloTransport

/// The co-design table on the live core: loads a table's events and registration, rebuilds its
/// facilitation state, records who joins and leaves, carries out `action`s, and sends everyone
/// their view of the state once the events are durable.
final class FacilitationHook: SyncHook {
    let live: LiveTables
    let tables: (any DomainStore)?
    let store: any Store
    /// How long a raised hand outlives its owner's connection.
    let handGrace: TimeInterval
    let logger: Logger
    unowned var engine: SyncEngine!
    let scaffold: Scaffold

    init(live: LiveTables, tables: (any DomainStore)?, store: any Store, handGrace: TimeInterval = 120, logger: Logger) {
        self.live = live
        self.tables = tables
        self.store = store
        self.handGrace = handGrace
        self.logger = logger
        self.scaffold = Scaffold()
    }

    func install(on engine: SyncEngine) {
        self.engine = engine
        scaffold.engine = engine
    }

    func loadTable(_ table: String) -> HookResult<Void> {
        .later(Deferred({ [store, tables] () -> Result<LoadedTableData, StoreError> in
            do {
                let events = try await store.events(table: table)
                let registered = try await tables?.table(table)
                return .success(LoadedTableData(isRegistered: registered != nil, title: registered?.title, events: events))
            } catch let error as StoreError {
                return .failure(error)
            } catch {
                return .failure(.io("\(error)"))
            }
        }) { [unowned self] result in
            switch result {
            case .success(let data):
                live.loaded[table] = data
                return .proceed
            case .failure(let error):
                logger.error("cannot load table events", metadata: ["table.id": "\(table)", "error": "\(error)"])
                return .refused(ProtocolError(.unavailable, "table \(table) cannot be opened now; retry later"))
            }
        })
    }

    func tableOpened(_ room: Room) {
        let data = live.loaded.removeValue(forKey: room.table) ?? LoadedTableData(isRegistered: false, title: nil, events: [])
        let table = LiveTable(table: room.table, isCoDesignTable: data.isRegistered)
        table.title = data.title
        table.eventSequence = data.lastSequence
        live.tables[room.table] = table
        replay(data, into: table, room: room)
        if table.isCoDesignTable { scaffold.table(room) }
    }

    func tableUnloaded(_ table: String) {
        live.tables[table] = nil
    }

    func memberJoined(_ member: Member, in room: Room) -> [String: JSONValue] {
        guard let table = live[room.table] else { return [:] }
        let participant = Participant(member.principal)
        let arriving = !table.participants.values.contains { $0.id == participant.id }
        table.participants[member.connection] = participant
        if arriving { record([.joined(participant, at: Date())], in: table, room: room, actor: participant.id, except: member.connection) }
        return [
            "state": TableCoding.json(TableStateView(table.state, for: participant)),
            "title": .string(table.title ?? room.table),
        ]
    }

    /// Drops the raised hands of people away for longer than the grace period.
    func tick(now: ContinuousClock.Instant) {
        let date = Date()
        for table in live.tables.values where !table.state.hands.isEmpty {
            let dropped = table.state.handsToDrop(at: date, grace: handGrace)
            guard !dropped.isEmpty, let room = engine.room(table.table) else { continue }
            record(dropped, in: table, room: room, actor: "server")
        }
    }

    func memberLeft(_ member: Member, in room: Room) {
        guard let table = live[room.table], let participant = table.participants.removeValue(forKey: member.connection) else { return }
        if !table.participants.values.contains(where: { $0.id == participant.id }) {
            record([.left(participantID: participant.id, at: Date())], in: table, room: room, actor: participant.id)
        }
    }

    func message(
        _ fields: ClientMessage.Fields, ref: Int?, from connection: Connection, member: Member?, in room: Room?
    ) -> HookResult<Void>? {
        guard fields.type == "action" else { return nil }
        let action: FacilitationAction
        let ref: Int
        do throws(ProtocolError) {
            ref = try fields.required("ref", \.integer)
            let raw = try fields.required("action", { $0 })
            do {
                action = try TableCoding.decoder.decode(FacilitationAction.self, from: Data(JSONWriter.write(raw).utf8))
            } catch {
                throw ProtocolError(.badMessage, "action not understood (docs/protocol.md lists the actions)")
            }
        } catch {
            return .refused(error)
        }
        guard let room, let table = live[room.table], let participant = table.participants[connection.id] else {
            return .refused(ProtocolError(.notJoined, "join a table before acting on it"))
        }
        guard !room.isStoreDown else {
            // A decision must be stored before it counts: none while the database is away.
            return .refused(ProtocolError(.unavailable, "the database cannot be reached: try again shortly"))
        }
        let events: [TableEvent]
        do {
            events = try table.state.decide(
                action, by: participant, at: Date(), newID: { UUID().uuidString.lowercased() },
                contentHash: { MinutesContent.hash(of: room.document, session: $0) })
        } catch {
            let code: ProtocolError.Code =
                switch error.code {
                case .forbidden: .forbidden
                case .invalid: .invalidAction
                case .notFound: .notFound
                case .wrongState: .wrongState
                }
            return .refused(ProtocolError(code, error.message))
        }
        if engine.settings.sharedLog {
            recordDecision(events, in: table, room: room, actor: participant.id, acknowledging: (connection.id, ref))
        } else {
            record(events, in: table, room: room, actor: participant.id, acknowledging: (connection.id, ref))
        }
        return .proceed
    }

    /// Applies events, stores them, and once they are durable sends everyone the new state
    /// (each their own view) and the requester its `done`.
    func record(
        _ events: [TableEvent], in table: LiveTable, room: Room, actor: String,
        acknowledging request: (ConnectionID, Int)? = nil, except excluded: ConnectionID? = nil
    ) {
        let inputs = engine.inputs, tableID = table.table
        var stored: [StoredEvent] = []
        for event in events {
            table.state.apply(event)
            let payload = (try? TableCoding.encoder.encode(event)).map { [UInt8]($0) } ?? []
            stored.append(StoredEvent(table: tableID, actor: actor, payload: payload, at: event.at))
        }
        Self.storeEvents(stored, in: store, inputs: inputs)
        var messages = events.isEmpty ? [] : views(of: table, except: excluded)
        if table.isCoDesignTable { scaffold.after(events, in: room, except: excluded) }
        if let (id, ref) = request { messages.append((id, DomainMessage.done(ref: ref).json)) }
        engine.sendWhenDurable(messages)
    }

    /// Stores the events of one action (already applied to the state) in one transaction; if it
    /// fails, the room writes them again until the store takes them
    /// (`EngineInputs.reportWriteFailure`), so a join or a leave recorded while the database is
    /// away is not lost and does not close the table.
    static func storeEvents(_ events: [StoredEvent], in store: any Store, inputs: EngineInputs) {
        guard let table = events.first?.table else { return }
        let once = OnceFlag()
        store.appendEvents(events, unlessAnotherNodeWroteAfter: nil) { result in
            // All or none failed (one transaction): retry them together, once.
            guard case .failure(let error) = result, error != .closed, once.first() else { return }
            inputs.reportWriteFailure(table: table) { Self.storeEvents(events, in: store, inputs: inputs) }
        }
    }

    /// Everyone's view of the table's state.
    func views(of table: LiveTable, except excluded: ConnectionID? = nil) -> [(ConnectionID, String)] {
        var messages: [(ConnectionID, String)] = []
        // Views differ only in polls (who may see counts, one's own vote): without polls one
        // encoding serves everyone, which is what joins, leaves and the queue produce.
        var shared: String?
        for (id, participant) in table.participants where id != excluded {
            if table.state.polls.isEmpty, let shared {
                messages.append((id, shared))
                continue
            }
            let text = DomainMessage.table(TableStateView(table.state, for: participant)).json
            if table.state.polls.isEmpty { shared = text }
            messages.append((id, text))
        }
        return messages
    }

    /// Installs the state rebuilt from the stored events. Whoever was present when the server
    /// stopped is marked as having left at the last recorded moment.
    private func replay(_ data: LoadedTableData, into table: LiveTable, room: Room) {
        for sequence in data.damaged {
            logger.critical("stored event does not decode", metadata: ["table.id": "\(table.table)", "store.seq": "\(sequence)"])
        }
        table.state = data.state
        // On a shared log the people present may be on other nodes: nobody is marked gone here.
        guard !engine.settings.sharedLog, let last = data.lastEventAt, !table.state.present.isEmpty else { return }
        record(table.state.present.keys.sorted().map { TableEvent.left(participantID: $0, at: last) }, in: table, room: room, actor: "server")
    }
}

extension Participant {
    init(_ principal: Principal) {
        self.init(
            id: principal.id, name: principal.name, organisation: principal.organisation,
            role: Role(rawValue: principal.role) ?? .coordinator)
    }
}

/// True the first time `first()` is asked, false after (from any thread).
final class OnceFlag: Sendable {
    private let taken = Atomic<Bool>(false)
    func first() -> Bool { !taken.exchange(true, ordering: .relaxed) }
}
