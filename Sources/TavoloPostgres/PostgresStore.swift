import Foundation
import Logging
import PostgresNIO
import Synchronization
import TavoloStorage

/// The shared store: the op log, snapshots, replicas and table events in PostgreSQL, for
/// deployments with several nodes.
///
/// Same contract as `SQLiteStore`, and the same shape: writes queue without waiting, and one
/// writer task commits whatever arrived within `groupCommitWindow` in one transaction, then runs
/// the callbacks in order. Nothing ever waits on the network on the caller's thread, so the
/// engine's loop never awaits the database; acknowledgements go out from the callbacks, after
/// COMMIT returned.
///
/// Each group commit takes the `log_lock` row of every table it writes (in table order, so two
/// nodes never deadlock) before it allocates sequence numbers, and sends one `NOTIFY` on
/// `notifyChannel` naming the tables and their new last sequence (see `LogNotice`).
public final class PostgresStore: Store {
    private let pool: PostgresPool
    private let pending = Mutex(Pending())
    private let groupCommitWindow: Duration
    private let nodeID: String
    private var logger: Logger { pool.logger }

    /// The channel every group commit notifies (docs/deployment.md).
    public static let notifyChannel = "tavolo_log"

    private struct Pending {
        var writes: [Write] = []
        var writerRunning = false
        var closed = false
        var idle: [CheckedContinuation<Void, Never>] = []
    }

    enum Write: Sendable {
        case batch(StoredBatch, (any DurableRunGatherer)?, @Sendable (Result<Int64, StoreError>) -> Void)
        case snapshot(table: String, payload: [UInt8], upTo: Int64?, @Sendable (Result<Int64, StoreError>) -> Void)
        /// With `unlessAfter`: only if no other node stored an event of the table after that sequence.
        case event(StoredEvent, unlessAfter: Int64?, @Sendable (Result<Int64, StoreError>) -> Void)
        case replica(table: String, replica: String, principal: String)
        case barrier(@Sendable () -> Void)

        var table: String? {
            switch self {
            case .batch(let batch, _, _): batch.table
            case .event(let event, _, _): event.table
            case .snapshot(let table, _, _, _): table
            case .replica, .barrier: nil
            }
        }
    }

    /// `node` names this process in notifications, so it can ignore its own.
    public init(pool: PostgresPool, node: String = UUID().uuidString, groupCommitWindow: Duration = .milliseconds(2)) {
        self.pool = pool
        self.nodeID = node
        self.groupCommitWindow = groupCommitWindow
    }

    public func load(table: String) async throws(StoreError) -> StoredTable {
        do {
            let client = pool.client
            var snapshot: [UInt8]?
            var after: Int64 = 0
            let rows = try await client.query(
                "SELECT up_to_seq, payload FROM snapshot WHERE table_id = \(table) ORDER BY id DESC LIMIT 1", logger: logger)
            for try await (upTo, payload) in rows.decode((Int64, ByteBuffer).self) {
                after = upTo
                snapshot = Array(payload.readableBytesView)
            }
            var owners: [String: String] = [:]
            for try await (replica, principal) in try await client.query(
                "SELECT replica, principal FROM replica WHERE table_id = \(table)", logger: logger
            ).decode((String, String).self) {
                owners[replica] = principal
            }
            let batches = try await Self.fetchBatches(client, table: table, after: after, logger: logger)
            return StoredTable(snapshot: snapshot, snapshotSequence: after, batches: batches, replicaOwners: owners)
        } catch {
            throw .io("cannot load table \(table): \(PostgresPool.describe(error))")
        }
    }

    public func batches(table: String, after sequence: Int64) async throws(StoreError) -> [StoredBatch] {
        do {
            let started = ContinuousClock.now
            let batches = try await Self.fetchBatches(pool.client, table: table, after: sequence, logger: logger)
            pool.timings.read(rows: batches.count, in: ContinuousClock.now - started)
            return batches
        } catch {
            throw .io("cannot read the log of \(table): \(PostgresPool.describe(error))")
        }
    }

    public func events(table: String, after sequence: Int64) async throws(StoreError) -> [StoredEvent] {
        do {
            var events: [StoredEvent] = []
            let rows = try await pool.client.query(
                "SELECT seq, actor, payload, at, node FROM table_event WHERE table_id = \(table) AND seq > \(sequence) ORDER BY seq",
                logger: logger)
            for try await (seq, actor, payload, at, node) in rows.decode((Int64, String, ByteBuffer, Double, String?).self) {
                events.append(StoredEvent(
                    sequence: seq, table: table, actor: actor, payload: Array(payload.readableBytesView),
                    at: Date(timeIntervalSince1970: at), node: node))
            }
            return events
        } catch {
            throw .io("cannot read the events of \(table): \(PostgresPool.describe(error))")
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
        enqueue(.event(event, unlessAfter: nil, onDurable))
    }

    public func appendEvent(
        _ event: StoredEvent, unlessAnotherNodeWroteAfter sequence: Int64, onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        enqueue(.event(event, unlessAfter: sequence, onDurable))
    }

    /// Queued at once, so the writer takes them into the same group commit: one transaction, and
    /// the condition checked once for all of them.
    public func appendEvents(
        _ events: [StoredEvent], unlessAnotherNodeWroteAfter sequence: Int64?,
        onDurable: @escaping @Sendable (Result<Int64, StoreError>) -> Void
    ) {
        enqueue(events.map { .event($0, unlessAfter: sequence, onDurable) })
    }

    public var node: String? { nodeID }

    public func afterPendingWrites(_ body: @escaping @Sendable () -> Void) {
        enqueue(.barrier(body))
    }

    public func recordReplica(_ replica: String, principal: String, table: String) {
        enqueue(.replica(table: table, replica: replica, principal: principal))
    }

    /// Commits everything queued, then refuses writes. Does not close the pool (the domain store shares it).
    public func close() async {
        let wait: Bool = pending.withLock { state in
            state.closed = true
            return state.writerRunning
        }
        guard wait else { return }
        await withCheckedContinuation { continuation in
            let already: Bool = pending.withLock { state in
                guard state.writerRunning else { return true }
                state.idle.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }

    private func enqueue(_ write: Write) { enqueue([write]) }

    private func enqueue(_ writes: [Write]) {
        let start: Bool? = pending.withLock { state in
            guard !state.closed else { return nil }
            state.writes.append(contentsOf: writes)
            guard !state.writerRunning else { return false }
            state.writerRunning = true
            return true
        }
        switch start {
        case true?: Task { await drain() }
        case false?: break
        case nil:
            for write in writes {
                switch write {
                case .batch(_, let gatherer, let done):
                    done(.failure(.closed))
                    gatherer?.runEnded()
                case .snapshot(_, _, _, let done), .event(_, _, let done): done(.failure(.closed))
                case .barrier(let body): body()
                case .replica: break
                }
            }
        }
    }

    /// The one writer: waits a window so writes gather, then commits group after group until
    /// nothing is queued. Callbacks of a group run before the next group starts.
    private func drain() async {
        try? await Task.sleep(for: groupCommitWindow)
        while true {
            let writes: [Write] = pending.withLock { state in
                defer { state.writes.removeAll(keepingCapacity: true) }
                return state.writes
            }
            if writes.isEmpty {
                let waiting: [CheckedContinuation<Void, Never>]? = pending.withLock { state in
                    // Something may have arrived between the two locks: go round again.
                    guard state.writes.isEmpty else { return nil }
                    state.writerRunning = false
                    defer { state.idle.removeAll() }
                    return state.idle
                }
                guard let waiting else { continue }
                for continuation in waiting { continuation.resume() }
                return
            }
            let outcome: Result<[Result<Int64, StoreError>], StoreError>
            let started = ContinuousClock.now
            if writes.allSatisfy({ if case .barrier = $0 { true } else { false } }) {
                // Only barriers: every write queued before them is finished (groups run one after
                // the other), so there is nothing to commit; no transaction, no wait for a connection.
                for case .barrier(let body) in writes { body() }
                continue
            }
            do {
                outcome = .success(try await commit(writes))
                pool.timings.committed(writes: writes.count, in: ContinuousClock.now - started)
            } catch {
                logger.error("group commit failed", metadata: ["store.writes": "\(writes.count)", "error": "\(PostgresPool.describe(error))"])
                outcome = .failure(.io(PostgresPool.describe(error)))
            }
            var runs = DurableRuns()
            for (index, write) in writes.enumerated() {
                let result = outcome.flatMap { $0[index] }
                switch write {
                case .batch(_, let gatherer, let done):
                    runs.next(gatheredBy: gatherer)
                    done(result)
                case .snapshot(_, _, _, let done), .event(_, _, let done):
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
    }

    /// How long a group commit waits for a connection before it fails. PostgresNIO's pool keeps a
    /// request waiting for up to a minute while the database is unreachable; the rooms whose writes
    /// fail serve from memory and try again (`SyncEngine+StoreOutage`), and joins, answered after
    /// the writes queued before them, must not wait that long.
    static let connectionWait: Duration = .seconds(3)

    /// One transaction: lock the tables' log rows, insert, notify once. Fails if no connection
    /// comes within `connectionWait`, without waiting for the pool to give the request up: the
    /// writer goes on (a connection that comes later finds the attempt abandoned and writes
    /// nothing). Once connected it runs to the end (a transaction cut short after COMMIT was sent
    /// could be stored although reported failed).
    private func commit(_ writes: [Write]) async throws -> [Result<Int64, StoreError>] {
        let attempt = CommitAttempt()
        let watchdog = TaskHolder()
        defer { watchdog.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = ResumeOnce(continuation)
            let work = Task { [pool, nodeID, logger] in
                do {
                    outcome.resume(.success(try await PostgresTransaction.run(pool.client, logger: logger) { connection in
                        guard attempt.connect() else { throw StoreError.io("the attempt was given up") }
                        return try await Self.insert(writes, node: nodeID, on: connection, logger: logger)
                    }))
                } catch {
                    outcome.resume(.failure(error))
                }
            }
            watchdog.hold(Task {
                try await Task.sleep(for: Self.connectionWait)
                guard attempt.abandon() else { return }
                work.cancel()
                outcome.resume(.failure(StoreError.io("no connection to the database within \(Self.connectionWait)")))
            })
        }
    }

    /// The inserts of one group commit, inside a transaction the caller opened (tests hold one open
    /// to force a late commit). Batches and events go in one multi-row INSERT each (a few round
    /// trips per group, whatever its size), with sequence numbers taken from the table's counter
    /// once the log rows are locked, in the order the writes were queued.
    static func insert(
        _ writes: [Write], node: String, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Result<Int64, StoreError>] {
        let tables = Array(Set(writes.compactMap(\.table))).sorted()
        if !tables.isEmpty {
            try await lockLogs(of: tables, on: connection, logger: logger)
        }
        var results = [Int64](repeating: 0, count: writes.count)
        var last: [String: LogNotice.Last] = [:]

        // A snapshot without `upTo` holds what was appended before it was asked for: the log's
        // last sequence before this group, or a batch of this group queued ahead of it.
        var lastBefore: [String: Int64] = [:]
        for case .snapshot(let table, _, nil, _) in writes where lastBefore[table] == nil {
            for try await value in try await connection.query(
                "SELECT COALESCE(MAX(seq), 0) FROM op_batch WHERE table_id = \(table)", logger: logger
            ).decode(Int64.self) { lastBefore[table] = value }
        }

        let batchIndices = writes.indices.filter { if case .batch = writes[$0] { true } else { false } }
        if !batchIndices.isEmpty {
            let sequences = try await allocate(batchIndices.count, in: "op_batch", on: connection, logger: logger)
            var (tableIDs, authors, counts, payloads, times) = ([String](), [String](), [Int64](), [ByteBuffer](), [Double]())
            for (index, sequence) in zip(batchIndices, sequences) {
                guard case .batch(let batch, _, _) = writes[index] else { continue }
                tableIDs.append(batch.table)
                authors.append(batch.author)
                counts.append(Int64(batch.operationCount))
                payloads.append(ByteBuffer(bytes: batch.payload))
                times.append(batch.receivedAt.timeIntervalSince1970)
                results[index] = sequence
                last[batch.table, default: .init()].batch = sequence
            }
            try await connection.query(
                """
                INSERT INTO op_batch (seq, table_id, author, op_count, payload, received_at)
                SELECT * FROM unnest(\(sequences)::int8[], \(tableIDs)::text[], \(authors)::text[], \(counts)::int8[],
                  \(payloads)::bytea[], \(times)::float8[])
                """, logger: logger)
        }

        // Conditional events: refused (and not stored) if another node stored an event of the table
        // after the sequence the decision saw. The table's log row is locked: nobody adds one now.
        var refused: Set<Int> = []
        var othersLast: [String: Int64] = [:]
        for case (let index, .event(let event, let condition?, _)) in writes.enumerated() {
            if othersLast[event.table] == nil {
                for try await value in try await connection.query(
                    """
                    SELECT COALESCE(MAX(seq), 0) FROM table_event
                    WHERE table_id = \(event.table) AND decision AND node IS DISTINCT FROM \(node)
                    """, logger: logger
                ).decode(Int64.self) { othersLast[event.table] = value }
            }
            if othersLast[event.table, default: 0] > condition { refused.insert(index) }
        }

        let eventIndices = writes.indices.filter { index in
            if case .event = writes[index] { !refused.contains(index) } else { false }
        }
        if !eventIndices.isEmpty {
            let sequences = try await allocate(eventIndices.count, in: "table_event", on: connection, logger: logger)
            var (tableIDs, actors, payloads, times, decisions) = ([String](), [String](), [ByteBuffer](), [Double](), [Bool]())
            for (index, sequence) in zip(eventIndices, sequences) {
                guard case .event(let event, let condition, _) = writes[index] else { continue }
                decisions.append(condition != nil)
                tableIDs.append(event.table)
                actors.append(event.actor)
                payloads.append(ByteBuffer(bytes: event.payload))
                times.append(event.at.timeIntervalSince1970)
                results[index] = sequence
                last[event.table, default: .init()].event = sequence
            }
            try await connection.query(
                """
                INSERT INTO table_event (seq, table_id, actor, payload, at, decision, node)
                SELECT *, \(node) FROM unnest(\(sequences)::int8[], \(tableIDs)::text[], \(actors)::text[], \(payloads)::bytea[],
                  \(times)::float8[], \(decisions)::bool[])
                """, logger: logger)
        }

        for (index, write) in writes.enumerated() {
            switch write {
            case .snapshot(let table, let payload, let given, _):
                var upTo = given ?? lastBefore[table] ?? 0
                if given == nil {
                    for earlier in 0..<index {
                        if case .batch(let batch, _, _) = writes[earlier], batch.table == table { upTo = max(upTo, results[earlier]) }
                    }
                }
                try await connection.query(
                    """
                    INSERT INTO snapshot (table_id, up_to_seq, payload, taken_at)
                    VALUES (\(table), \(upTo), \(ByteBuffer(bytes: payload)), \(Date().timeIntervalSince1970))
                    """, logger: logger)
                // Snapshots are caches of the log; the log itself is the record and is never pruned.
                try await connection.query(
                    """
                    DELETE FROM snapshot WHERE table_id = \(table) AND id NOT IN
                      (SELECT id FROM snapshot WHERE table_id = \(table) ORDER BY id DESC LIMIT 2)
                    """, logger: logger)
                results[index] = upTo
            case .replica(let table, let replica, let principal):
                try await connection.query(
                    """
                    INSERT INTO replica (table_id, replica, principal, first_seen)
                    VALUES (\(table), \(replica), \(principal), \(Date().timeIntervalSince1970)) ON CONFLICT DO NOTHING
                    """, logger: logger)
            case .batch, .event, .barrier:
                break
            }
        }
        if !last.isEmpty {
            let payload = LogNotice(node: node, tables: last).encoded()
            try await connection.query("SELECT pg_notify(\(notifyChannel), \(payload))", logger: logger)
        }
        return results.enumerated().map { index, sequence in
            refused.contains(index) ? .failure(.conflict("another node changed the table first")) : .success(sequence)
        }
    }

    /// `count` new values of a log table's `seq` counter, ascending.
    private static func allocate(_ count: Int, in table: String, on connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        var values: [Int64] = []
        values.reserveCapacity(count)
        let rows = try await connection.query(
            """
            SELECT nextval(pg_get_serial_sequence(\(table), 'seq')) AS value FROM generate_series(1, \(Int64(count))) ORDER BY value
            """, logger: logger)
        for try await value in rows.decode(Int64.self) { values.append(value) }
        guard values.count == count else { throw StoreError.io("allocated \(values.count) of \(count) sequence numbers") }
        return values
    }

    /// Takes each table's `log_lock` row until COMMIT, in table order: sequence numbers of a table are
    /// allocated, and become visible, one transaction after the other.
    static func lockLogs(of tables: [String], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO log_lock (table_id) SELECT t FROM unnest(\(tables)::text[]) AS t ORDER BY t
            ON CONFLICT (table_id) DO UPDATE SET table_id = excluded.table_id
            """, logger: logger)
    }

    private static func fetchBatches(_ client: PostgresClient, table: String, after: Int64, logger: Logger) async throws -> [StoredBatch] {
        var batches: [StoredBatch] = []
        let rows = try await client.query(
            """
            SELECT seq, author, op_count, payload, received_at FROM op_batch
            WHERE table_id = \(table) AND seq > \(after) ORDER BY seq
            """, logger: logger)
        for try await (seq, author, count, payload, at) in rows.decode((Int64, String, Int64, ByteBuffer, Double).self) {
            batches.append(StoredBatch(
                sequence: seq, table: table, author: author, operationCount: Int(count), payload: Array(payload.readableBytesView),
                receivedAt: Date(timeIntervalSince1970: at)))
        }
        return batches
    }
}

/// One group commit's race between getting a connection and giving up waiting for one.
private final class CommitAttempt: Sendable {
    private let state = Mutex<(connected: Bool, abandoned: Bool)>((false, false))
    /// True if the attempt may go on (not given up).
    func connect() -> Bool {
        state.withLock { state in
            if state.abandoned { return false }
            state.connected = true
            return true
        }
    }
    /// True if it was given up now (no connection yet).
    func abandon() -> Bool {
        state.withLock { state in
            if state.connected { return false }
            state.abandoned = true
            return true
        }
    }
}

/// Resumes a continuation once, whichever side comes first.
private final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>
    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }
    func resume(_ result: Result<T, any Error>) { continuation.withLock { $0.take() }?.resume(with: result) }
}

/// The watchdog task of one commit, cancelled once the commit is decided.
private final class TaskHolder: Sendable {
    private let task = Mutex<Task<Void, any Error>?>(nil)
    func hold(_ held: Task<Void, any Error>) { task.withLock { $0 = held } }
    func cancel() { task.withLock { $0 }?.cancel() }
}
