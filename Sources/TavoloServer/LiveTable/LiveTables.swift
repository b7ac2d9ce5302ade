import Foundation
import TavoloDomain
import TavoloStorage
import TavoloSync
import TavoloTransport

/// The co-design side of one open table: its facilitation state, who each connection is,
/// and which area each object belongs to. Shared by the domain's hooks, on the engine's loop.
final class LiveTable {
    let table: String
    /// Registered as a co-design table (not an ad-hoc document): the server scaffolds its objects.
    let isCoDesignTable: Bool
    /// The title people see (the registered table's), sent in `joined`.
    var title: String?
    /// Sessions, speaking queue, timers, polls, attendance: rebuilt from the stored events.
    var state = TableState()
    /// Who each connection is, for facilitation and permissions.
    var participants: [ConnectionID: Participant] = [:]
    /// Which area each object belongs to, for permissions.
    var areas = DocumentAreas()
    /// The last stored event read into `state` (from the load, then from the shared log).
    var eventSequence: Int64 = 0
    /// A read of other nodes' events is under way; `readEventsAgain`: another notice came meanwhile.
    var readingEvents = false
    var readEventsAgain = false
    /// Decisions applied in memory so far: a rebuild from the store read before the latest of them
    /// was stored would drop it (`resynchronize`).
    var decisionsApplied = 0

    init(table: String, isCoDesignTable: Bool) {
        self.table = table
        self.isCoDesignTable = isCoDesignTable
    }
}

/// Every open table's `LiveTable`, filled by `FacilitationHook` and read by the other domain hooks.
final class LiveTables {
    var tables: [String: LiveTable] = [:]
    /// What `loadTable` read off the loop, until the room opens.
    var loaded: [String: LoadedTableData] = [:]

    subscript(table: String) -> LiveTable? { tables[table] }

    /// The participant behind a member of a table, if it is one.
    func participant(_ connection: ConnectionID, at table: String) -> Participant? {
        tables[table]?.participants[connection]
    }
}

/// A table's domain data, read and replayed off the loop before the table opens.
struct LoadedTableData: Sendable {
    var isRegistered: Bool
    /// The registered table's title (nil for a table that is only a document).
    var title: String?
    /// The state the stored events build.
    var state: TableState
    /// When the last event was recorded (whoever was present then left at that moment).
    var lastEventAt: Date?
    /// Sequence numbers of stored events that do not decode.
    var damaged: [Int64]
    /// The last event's sequence number (0 without events).
    var lastSequence: Int64

    /// Replays stored events (decoding each: seconds for a long history, so never on the loop).
    init(isRegistered: Bool, title: String?, events: [StoredEvent]) {
        self.isRegistered = isRegistered
        self.title = title
        state = TableState()
        damaged = []
        for event in events {
            guard let decoded = try? TableCoding.decoder.decode(TableEvent.self, from: Data(event.payload)) else {
                damaged.append(event.sequence)
                continue
            }
            state.apply(decoded)
        }
        lastEventAt = events.last?.at
        lastSequence = events.last?.sequence ?? 0
    }
}
