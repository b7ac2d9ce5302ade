import Logging
import PostgresNIO

/// The fan-out between nodes, database side: one pooled connection LISTENs on
/// `PostgresStore.notifyChannel` and reports which tables another group commit wrote (every node's,
/// this one's too: its own batches come back as duplicates, which is how its read position
/// passes them). What to do is the caller's: the engine reads the new rows itself.
///
/// A notification may be lost while the connection is down (PostgreSQL keeps none for a listener
/// that is not there): after every reconnection `changed(nil)` says "read every table you hold".
public final class PostgresLogListener: Sendable {
    private let pool: PostgresPool
    private let changed: @Sendable (_ table: String?) -> Void

    /// `changed(table)` runs on a PostgresNIO thread for each table of each notice; nil: any table.
    public init(pool: PostgresPool, changed: @escaping @Sendable (_ table: String?) -> Void) {
        self.pool = pool
        self.changed = changed
    }

    /// Listens until the task is cancelled, reconnecting after a second when the database goes away.
    public func run() async {
        var connectedBefore = false
        while !Task.isCancelled {
            do {
                try await pool.client.withConnection { connection in
                    let notifications = try await connection.listen(PostgresStore.notifyChannel)
                    if connectedBefore { changed(nil) }  // notices sent while away are gone: read everything
                    connectedBefore = true
                    for try await notification in notifications {
                        guard let notice = LogNotice(decoding: notification.payload) else { continue }
                        if notice.everything {
                            changed(nil)
                        } else {
                            for table in notice.tables.keys.sorted() { changed(table) }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                pool.logger.warning("listening for other nodes' commits failed; retrying", metadata: ["error": "\(PostgresPool.describe(error))"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
