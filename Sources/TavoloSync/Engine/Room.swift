import TavoloCRDT
import TavoloTransport

/// One open table: its replica of the document and who is connected.
/// Owned by the `SyncEngine` and touched only on its loop.
public final class Room {
    public let table: String
    /// The server's replica of the table's document. It changes by members' operations and,
    /// for the objects the application creates itself, by `SyncEngine.author` as `serverReplica`.
    public internal(set) var document: Document
    public internal(set) var members: [ConnectionID: Member] = [:]
    /// Replica id → the principal it belongs to (loaded with the table, extended at joins).
    var replicaOwners: [String: String] = [:]
    var operationsSinceSnapshot = 0
    /// The highest log sequence number known durable: every batch up to it is in `document`.
    var durableSequence: Int64 = 0
    /// The shared log (`SyncSettings.sharedLog`) read up to here: every batch of the table up to it,
    /// whichever process wrote it, is in `document`. What a snapshot may claim on a shared log.
    var readSequence: Int64 = 0
    /// A read of the shared log is under way; `readAgain`: another notice came meanwhile.
    var readingLog = false
    var readAgain = false
    /// Sequence numbers of batches this engine wrote and has not yet read back: skipped unread
    /// (they are in `document` already). Only with a shared log.
    var ownSequences: Set<Int64> = []
    /// The store refused a write of this table (`SyncEngine+StoreOutage`): the room serves from
    /// memory, refuses operations, and tries `unstored` again until the store takes them.
    public internal(set) var isStoreDown = false
    var unstored: [@Sendable () -> Void] = []
    var retryingWrites = false
    var lastWriteRetry: ContinuousClock.Instant?
    /// A snapshot is being encoded off the loop; the next waits for it.
    var snapshotInFlight = false
    var lastSnapshotAt: ContinuousClock.Instant?
    var firstUnsnapshotted: ContinuousClock.Instant?
    var emptySince: ContinuousClock.Instant?
    /// What a client that has nothing is sent, at the version it was made for.
    var wholeDocument: (version: Version, payload: ServerMessage.SyncPayload)?

    /// The replica id of operations the server authors (through `SyncEngine.author`); no client may use it.
    public static let serverReplica = "server"

    init(table: String, document: Document) {
        self.table = table
        self.document = document
    }

    public func others(than connection: ConnectionID) -> [ConnectionID] {
        members.keys.filter { $0 != connection }
    }

    /// The principal a replica id belongs to at this table.
    public func owner(of replica: String) -> String? { replicaOwners[replica] }

    func connection(of replica: String) -> ConnectionID? {
        members.first { $0.value.replica == replica }?.key
    }
}

/// Someone at a table: one connection's principal and presence.
public final class Member {
    public let connection: ConnectionID
    public let principal: Principal
    public let replica: String
    public internal(set) var presence: MemberPresence
    /// Gets the batches it is owed at one moment in one `ops` message (protocol v2).
    let coalesces: Bool

    init(connection: ConnectionID, principal: Principal, replica: String, coalesces: Bool) {
        self.connection = connection
        self.principal = principal
        self.replica = replica
        self.coalesces = coalesces
        self.presence = MemberPresence(
            replica: replica, name: principal.name, organisation: principal.organisation, role: principal.role)
    }
}

extension Room {
    /// At most one snapshot at a time, and none sooner than `minimumSecondsBetweenSnapshots` after
    /// the last: a table receiving batches of 10,000 operations must not be snapshotted per message.
    func mayTakeSnapshot(_ settings: SyncSettings) -> Bool {
        // A snapshot taken while writes fail would claim operations the log does not hold yet.
        guard !snapshotInFlight, !isStoreDown else { return false }
        guard let last = lastSnapshotAt else { return true }
        return last.duration(to: .now) >= .seconds(settings.minimumSecondsBetweenSnapshots)
    }
}
