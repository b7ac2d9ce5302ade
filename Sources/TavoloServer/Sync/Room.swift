import TavoloCRDT
import TavoloDomain
import TavoloTransport

/// One open table: its replica of the document and who is connected.
/// Owned by the `SyncEngine` and touched only from its loop.
final class Room {
    let table: String
    var document: Document
    var members: [ConnectionID: MemberPresence] = [:]
    /// Who each connection is, for facilitation.
    var participants: [ConnectionID: Participant] = [:]
    /// Sessions, speaking queue, timers, polls, attendance: rebuilt from the stored events.
    var state = TableState()
    /// Which area each object belongs to, for permissions.
    var areas = DocumentAreas()
    /// Replica id → the principal it belongs to (loaded with the table, extended at joins).
    var replicaOwners: [String: String] = [:]
    /// Registered as a co-design table (not an ad-hoc document): the server scaffolds its objects.
    var isCoDesignTable = false
    var operationsSinceSnapshot = 0
    var firstUnsnapshotted: ContinuousClock.Instant?
    var emptySince: ContinuousClock.Instant?

    /// The server's own replica id; it never authors operations.
    static let serverReplica = "server"

    init(table: String, document: Document) {
        self.table = table
        self.document = document
    }

    func others(than connection: ConnectionID) -> [ConnectionID] {
        members.keys.filter { $0 != connection }
    }

    func connection(of replica: String) -> ConnectionID? {
        members.first { $0.value.replica == replica }?.key
    }
}
