import Dispatch
import Foundation
import GRDB
import Logging
import Synchronization
import TavoloStorage

/// The embedded store: one SQLite file in the data directory, through GRDB.
///
/// Appends are group-committed: writes that arrive within `groupCommitWindow`
/// share one transaction (one fsync), on a dedicated writer queue so no Swift
/// concurrency thread ever blocks on the disk. `synchronous=FULL` in WAL mode
/// makes a committed batch survive a crash of the process and of the machine.
public final class SQLiteStore: Store {
    private let database: DatabaseQueue
    private let writer = DispatchQueue(label: "tavolo.store.writer")
    private let pending = Mutex(Pending())
    private let groupCommitWindow: DispatchTimeInterval
    private let logger: Logger

    private struct Pending {
        var writes: [Write] = []
        var flushScheduled = false
        var closed = false
    }

    private enum Write {
        case batch(StoredBatch, (any DurableRunGatherer)?, @Sendable (Result<Int64, StoreError>) -> Void)
        case snapshot(table: String, payload: [UInt8], upTo: Int64?, @Sendable (Result<Int64, StoreError>) -> Void)
        case event(StoredEvent, @Sendable (Result<Int64, StoreError>) -> Void)
        case replica(table: String, replica: String, principal: String)
        case barrier(@Sendable () -> Void)
    }

    /// Opens (creating if needed) `tavolo.sqlite` in `directory` and migrates it.
    public convenience init(directory: String, groupCommitWindow: Duration = .milliseconds(2), logger: Logger = Logger(label: "tavolo.store")) throws(StoreError) {
        self.init(database: try DatabaseFile.open(directory: directory), groupCommitWindow: groupCommitWindow, logger: logger)
    }

    /// Uses an already open database (see `DatabaseFile`).
    public init(database: DatabaseQueue, groupCommitWindow: Duration = .milliseconds(2), logger: Logger = Logger(label: "tavolo.store")) {
        self.database = database
        let microseconds = groupCommitWindow.components.seconds * 1_000_000 + groupCommitWindow.components.attoseconds / 1_000_000_000_000
        self.groupCommitWindow = .microseconds(Int(microseconds))
        self.logger = logger
    }

    public func load(table: String) async throws(StoreError) -> StoredTable {
        do {
            return try await database.read { db in
                let snapshot = try Row.fetchOne(
                    db, sql: "SELECT up_to_seq, payload FROM snapshot WHERE table_id = ? ORDER BY id DESC LIMIT 1",
                    arguments: [table])
                let after: Int64 = snapshot?["up_to_seq"] ?? 0
                let payload: Data? = snapshot?["payload"]
                var owners: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT replica, principal FROM replica WHERE table_id = ?", arguments: [table]) {
                    owners[row["replica"]] = row["principal"]
                }
                return StoredTable(
                    snapshot: payload.map { [UInt8]($0) }, snapshotSequence: after,
                    batches: try Self.fetchBatches(db, table: table, after: after), replicaOwners: owners)
            }
        } catch {
            throw .io("cannot load table \(table): \(error)")
        }
    }

    public func batches(table: String, after sequence: Int64) async throws(StoreError) -> [StoredBatch] {
        do {
            return try await database.read { db in try Self.fetchBatches(db, table: table, after: sequence) }
        } catch {
            throw .io("cannot read the log of \(table): \(error)")
        }
    }

    public func append(
        _ batch: StoredBatch, gatheredBy gatherer: (any DurableRunGatherer)?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        enqueue(.batch(batch, gatherer, onDurable))
    }

    public func saveSnapshot(
        table: String, payload: [UInt8], upTo: Int64?, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        enqueue(.snapshot(table: table, payload: payload, upTo: upTo, onDurable))
    }

    public func appendEvent(_ event: StoredEvent, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void) {
        enqueue(.event(event, onDurable))
    }

    /// Queued at once: the writer takes them into the same transaction. One process writes, so
    /// the condition always holds.
    public func appendEvents(
        _ events: [StoredEvent], unlessAnotherNodeWroteAfter sequence: Int64?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        enqueue(events.map { .event($0, onDurable) })
    }

    public func events(table: String, after sequence: Int64) async throws(StoreError) -> [StoredEvent] {
        do {
            return try await database.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT seq, actor, payload, at FROM table_event WHERE table_id = ? AND seq > ? ORDER BY seq",
                    arguments: [table, sequence]
                ).map { row in
                    StoredEvent(
                        sequence: row["seq"], table: table, actor: row["actor"], payload: [UInt8](row["payload"] as Data),
                        at: Date(timeIntervalSince1970: row["at"]))
                }
            }
        } catch {
            throw .io("cannot read the events of \(table): \(error)")
        }
    }

    public func afterPendingWrites(_ body: @escaping @Sendable () -> Void) {
        enqueue(.barrier(body))
    }

    public func recordReplica(_ replica: String, principal: String, table: String) {
        enqueue(.replica(table: table, replica: replica, principal: principal))
    }

    public func close() async {
        pending.withLock { $0.closed = true }
        // Runs after every flush already queued on the writer, so nothing acknowledged is left behind.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            writer.async { [self] in
                flush()
                done.resume()
            }
        }
    }

    private func enqueue(_ write: Write) { enqueue([write]) }

    private func enqueue(_ writes: [Write]) {
        let accepted: Bool = pending.withLock { state in
            guard !state.closed else { return false }
            state.writes.append(contentsOf: writes)
            if !state.flushScheduled {
                state.flushScheduled = true
                writer.asyncAfter(deadline: .now() + groupCommitWindow) { [self] in flush() }
            }
            return true
        }
        guard !accepted else { return }
        for write in writes {
            switch write {
            case .batch(_, let gatherer, let done):
                done(.failure(.closed))
                gatherer?.runEnded()
            case .snapshot(_, _, _, let done), .event(_, let done): done(.failure(.closed))
            case .barrier(let body): body()
            case .replica: break
            }
        }
    }

    /// On the writer queue: one transaction for everything that arrived in the window.
    private func flush() {
        let writes: [Write] = pending.withLock { state in
            state.flushScheduled = false
            defer { state.writes.removeAll(keepingCapacity: true) }
            return state.writes
        }
        guard !writes.isEmpty else { return }
        let outcome: Result<[Int64], StoreError>
        do {
            outcome = .success(try database.write { db in try writes.map { try Self.insert($0, db) } })
        } catch {
            logger.error("group commit failed", metadata: ["store.writes": "\(writes.count)", "error": "\(error)"])
            outcome = .failure(.io("\(error)"))
        }
        var runs = DurableRuns()
        for (index, write) in writes.enumerated() {
            let result = outcome.map { $0[index] }
            switch write {
            case .batch(_, let gatherer, let done):
                runs.next(gatheredBy: gatherer)
                done(result)
            case .snapshot(_, _, _, let done), .event(_, let done):
                runs.next(gatheredBy: nil)
                done(result)
            case .barrier(let body):
                runs.next(gatheredBy: nil)
                body()
            case .replica: break
            }
        }
        runs.finish()
    }

    private static func insert(_ write: Write, _ db: Database) throws -> Int64 {
        switch write {
        case .batch(let batch, _, _):
            try db.execute(
                sql: """
                    INSERT INTO op_batch (table_id, author, op_count, payload, received_at) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [batch.table, batch.author, batch.operationCount, Data(batch.payload), batch.receivedAt.timeIntervalSince1970])
            return db.lastInsertedRowID
        case .snapshot(let table, let payload, let given, _):
            // Everything appended for this table before the snapshot was asked for is in this or an earlier transaction.
            let upTo = try given ?? Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM op_batch WHERE table_id = ?", arguments: [table]) ?? 0
            try db.execute(
                sql: "INSERT INTO snapshot (table_id, up_to_seq, payload, taken_at) VALUES (?, ?, ?, ?)",
                arguments: [table, upTo, Data(payload), Date().timeIntervalSince1970])
            // Snapshots are caches of the log; the log itself is the record and is never pruned.
            try db.execute(
                sql: """
                    DELETE FROM snapshot WHERE table_id = ? AND id NOT IN
                      (SELECT id FROM snapshot WHERE table_id = ? ORDER BY id DESC LIMIT 2)
                    """,
                arguments: [table, table])
            return upTo
        case .event(let event, _):
            try db.execute(
                sql: "INSERT INTO table_event (table_id, actor, payload, at) VALUES (?, ?, ?, ?)",
                arguments: [event.table, event.actor, Data(event.payload), event.at.timeIntervalSince1970])
            return db.lastInsertedRowID
        case .replica(let table, let replica, let principal):
            // The first principal keeps the id; a later claim by another is refused before it gets here.
            try db.execute(
                sql: "INSERT OR IGNORE INTO replica (table_id, replica, principal, first_seen) VALUES (?, ?, ?, ?)",
                arguments: [table, replica, principal, Date().timeIntervalSince1970])
            return 0
        case .barrier:
            return 0
        }
    }

    private static func fetchBatches(_ db: Database, table: String, after: Int64) throws -> [StoredBatch] {
        try Row.fetchAll(
            db,
            sql: "SELECT seq, author, op_count, payload, received_at FROM op_batch WHERE table_id = ? AND seq > ? ORDER BY seq",
            arguments: [table, after]
        ).map { row in
            StoredBatch(
                sequence: row["seq"], table: table, author: row["author"], operationCount: row["op_count"],
                payload: [UInt8](row["payload"] as Data), receivedAt: Date(timeIntervalSince1970: row["received_at"]))
        }
    }
}
