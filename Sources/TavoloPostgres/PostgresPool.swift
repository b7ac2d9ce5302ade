import Logging
import PostgresNIO
import TavoloStorage

/// One node's connections to the shared database: a PostgresNIO client running in its own task,
/// with the schema brought up to date. Shared by the op-log store and the domain store, as the
/// SQLite file's queue is.
public final class PostgresPool: Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// The group commits, reads of other nodes' batches and notices of this node (`reportTimings`).
    let timings = PostgresTimings()
    private let running: Task<Void, Never>

    /// Connects, migrates, and fails with a message an administrator can act on if the
    /// database cannot be reached or migrated.
    public static func open(_ location: PostgresLocation, logger: Logger = Logger(label: "tavolo.postgres")) async throws(StoreError) -> PostgresPool {
        // The pooled client retries a refused connection for about a minute before a query fails;
        // one direct connection first says at once why the database cannot be reached.
        do {
            try await location.probe(logger: logger)
        } catch {
            throw .io("cannot reach the PostgreSQL database \(location): \(PostgresPool.describe(error))")
        }
        let pool = PostgresPool(location: location, logger: logger)
        do {
            let applied = try await PostgresSchema.migrate(pool.client, logger: logger)
            if !applied.isEmpty { logger.notice("database migrated", metadata: ["migrations": "\(applied)"]) }
        } catch {
            await pool.close()
            throw .io("cannot open the PostgreSQL database \(location): \(PostgresPool.describe(error))")
        }
        return pool
    }

    private init(location: PostgresLocation, logger: Logger) {
        self.location = location
        self.logger = logger
        // PostgresNIO's own background chatter (a lease racing the pool's start, each reconnect
        // attempt) stays out of the log; failures reach ours through the stores' errors.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: background)
        self.client = client
        running = Task { await client.run() }
    }

    /// Logs the shared log's timings every 10 s while there is activity, until cancelled.
    public func reportTimings() async { await timings.run(logger: logger) }

    /// Closes every connection (after the stores have flushed: call their `close` first).
    public func close() async {
        running.cancel()
        await running.value
    }

    /// Runs one SQL statement as is (administration, `migrate-store`, tests); fails with the server's message.
    public func execute(_ sql: String) async throws(StoreError) {
        do {
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw .io(PostgresPool.describe(error))
        }
    }

    /// The rows of one query whose columns are all text (cast with `::text`), NULL as nil: for checks.
    public func rows(_ sql: String) async throws(StoreError) -> [[String?]] {
        do {
            var rows: [[String?]] = []
            for try await row in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
                rows.append(try row.map { cell in try cell.decode(String?.self) })
            }
            return rows
        } catch {
            throw .io(PostgresPool.describe(error))
        }
    }

    /// A database error in words, with PostgreSQL's own message and SQLSTATE (PostgresNIO's
    /// plain description hides them to keep queries out of logs; ours carry no secrets).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return "\(message) (SQLSTATE \(error.serverInfo?[.sqlState] ?? "?"))"
            }
            // A connection that failed carries why (refused, unknown host, timed out).
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// The SQLSTATE of a server error (23505 is a unique violation).
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}
