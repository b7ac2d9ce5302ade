import Foundation

/// Where tables keep their history: an append-only log of operation batches and
/// snapshots. SQLite (`TavoloSQLite`) is the embedded implementation; a PostgreSQL
/// one can follow for multi-node deployments. The store sees payloads as opaque
/// bytes: it knows nothing of the CRDT encoding.
///
/// Ordering contract: writes (`append`, `saveSnapshot`) become durable in the
/// order they were made, and `onDurable` callbacks run in that order, so a
/// caller that acknowledges in its callback never acknowledges out of order.
public protocol Store: Sendable {
    /// The latest snapshot of a table and every batch logged after it (empty for a new table).
    func load(table: String) async throws(StoreError) -> StoredTable

    /// Queues a batch; `onDurable` runs once it is on disk (or failed), with its log sequence number.
    /// With a `gatherer`, its `runEnded()` follows the callbacks of every run of appends it gathers
    /// (see `DurableRunGatherer`).
    func append(
        _ batch: StoredBatch, gatheredBy gatherer: (any DurableRunGatherer)?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void)

    /// Queues a snapshot. With `upTo`, it holds every batch of the table with a sequence number up to
    /// `upTo`, and perhaps later ones (a snapshot encoded off the writer's and the engine's way
    /// while edits go on: loading replays the later batches again, which is harmless); without,
    /// everything appended for this table before this call. `onDurable` gets the `upTo` recorded.
    func saveSnapshot(
        table: String, payload: [UInt8], upTo: Int64?, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void)

    /// Queues a table event (facilitation, attendance: everything outside the documents);
    /// same ordering and durability as `append`.
    func appendEvent(_ event: StoredEvent, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void)

    /// `appendEvent` of a decision, unless a process other than this one stored a decision for the
    /// table with a sequence number above `sequence`: then nothing is stored and `onDurable` gets
    /// `.conflict`. (Events stored without condition, joins and leaves, never conflict.)
    /// Facilitation decisions made on one node's view of the table use it, so that two nodes
    /// deciding at once cannot both succeed (docs/deployment.md). Checked in the same transaction
    /// as the write. A store only one process writes (SQLite, in memory) just appends.
    func appendEvent(
        _ event: StoredEvent, unlessAnotherNodeWroteAfter sequence: Int64, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void)

    /// The events of one action (a decision may record several), queued together so that they
    /// are written in one transaction, all or none, and with `unlessAnotherNodeWroteAfter`
    /// refused together. `onDurable` runs once per event, in order.
    func appendEvents(
        _ events: [StoredEvent], unlessAnotherNodeWroteAfter sequence: Int64?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void)

    /// Names this process among those writing the store (`StoredEvent.node`); nil when it writes alone.
    var node: String? { get }

    /// The events of a table with a sequence number above `sequence`, in order.
    func events(table: String, after sequence: Int64) async throws(StoreError) -> [StoredEvent]

    /// Runs `body` once every write queued before this call is durable (or has failed).
    func afterPendingWrites(_ body: @escaping @Sendable () -> Void)

    /// Queues the binding of a replica id to the principal that first used it at a table
    /// (kept if one exists); same ordering and durability as `append`. The owners come back in `load`.
    func recordReplica(_ replica: String, principal: String, table: String)

    /// Every batch of a table in log order (history, export, tests).
    func batches(table: String, after sequence: Int64) async throws(StoreError) -> [StoredBatch]

    /// Writes everything queued, then stops accepting writes. Safe to call twice.
    func close() async
}

/// One batch of operations from one author, as received and acknowledged.
public struct StoredBatch: Sendable, Equatable {
    /// Log sequence number; assigned by the store (0 before it is stored).
    public var sequence: Int64
    public var table: String
    /// The replica that made the operations (already checked against its connection).
    public var author: String
    /// How many operations the payload holds.
    public var operationCount: Int
    /// The encoded operations, exactly as they will be replayed.
    public var payload: [UInt8]
    public var receivedAt: Date

    public init(sequence: Int64 = 0, table: String, author: String, operationCount: Int, payload: [UInt8], receivedAt: Date = Date()) {
        self.sequence = sequence
        self.table = table
        self.author = author
        self.operationCount = operationCount
        self.payload = payload
        self.receivedAt = receivedAt
    }
}

/// One table event as stored: JSON text the domain decodes (the store does not interpret it).
public struct StoredEvent: Sendable, Equatable {
    public var sequence: Int64
    public var table: String
    /// Who caused it (principal id, or `server`).
    public var actor: String
    public var payload: [UInt8]
    public var at: Date
    /// The process that stored it (`Store.node`), where several do; nil otherwise.
    public var node: String?

    public init(sequence: Int64 = 0, table: String, actor: String, payload: [UInt8], at: Date, node: String? = nil) {
        self.sequence = sequence
        self.table = table
        self.actor = actor
        self.payload = payload
        self.at = at
        self.node = node
    }
}

/// What loading a table yields: start from the snapshot, then apply the batches in order.
public struct StoredTable: Sendable, Equatable {
    public var snapshot: [UInt8]?
    /// Sequence number of the last batch the snapshot includes (0 without a snapshot).
    public var snapshotSequence: Int64
    public var batches: [StoredBatch]

    /// The sequence number of the last batch the table holds.
    public var lastSequence: Int64 { batches.last?.sequence ?? snapshotSequence }
    /// Replica id → the principal it belongs to at this table.
    public var replicaOwners: [String: String]

    public init(snapshot: [UInt8]? = nil, snapshotSequence: Int64 = 0, batches: [StoredBatch] = [], replicaOwners: [String: String] = [:]) {
        self.snapshot = snapshot
        self.snapshotSequence = snapshotSequence
        self.batches = batches
        self.replicaOwners = replicaOwners
    }
}

/// Why the store could not do what was asked.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case closed
    case io(String)
    /// A conditional write was not made: another process wrote first.
    case conflict(String)

    public var description: String {
        switch self {
        case .closed: "the store is closed"
        case .io(let message): "storage error: \(message)"
        case .conflict(let message): "changed meanwhile: \(message)"
        }
    }
}

extension Store {
    /// Queues a batch that no gatherer waits for.
    public func append(_ batch: StoredBatch, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void) {
        append(batch, gatheredBy: nil, onDurable: onDurable)
    }

    /// Queues a snapshot of everything appended for this table before this call.
    public func saveSnapshot(table: String, payload: [UInt8], onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void) {
        saveSnapshot(table: table, payload: payload, upTo: nil, onDurable: onDurable)
    }

    /// One process writes the store: the condition always holds.
    public func appendEvent(
        _ event: StoredEvent, unlessAnotherNodeWroteAfter sequence: Int64, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        appendEvent(event, onDurable: onDurable)
    }

    public var node: String? { nil }

    /// One by one (a store whose writer may split them into two transactions should queue them at once).
    public func appendEvents(
        _ events: [StoredEvent], unlessAnotherNodeWroteAfter sequence: Int64?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        for event in events {
            if let sequence {
                appendEvent(event, unlessAnotherNodeWroteAfter: sequence, onDurable: onDurable)
            } else {
                appendEvent(event, onDurable: onDurable)
            }
        }
    }

    /// Every event of a table, in order.
    public func events(table: String) async throws(StoreError) -> [StoredEvent] {
        try await events(table: table, after: 0)
    }
}
