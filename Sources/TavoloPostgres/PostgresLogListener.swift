import Logging
import PostgresNIO

/// The fan-out between nodes, database side: one pooled connection LISTENs on
/// `PostgresStore.notifyChannel` and reports which tables another group commit wrote (every node's,
/// this one's too: the engine skips its own batches by sequence number), and on
/// `PostgresPresence.channel` for other nodes' presence. What to do is the caller's: the engine
/// reads the new rows itself.
///
/// A notification may be lost while the connection is down (PostgreSQL keeps none for a listener
/// that is not there): after every reconnection `changed(nil)` says "read every table you hold".
public final class PostgresLogListener: Sendable {
    private let pool: PostgresPool
    private let node: String
    private let changed: @Sendable (_ table: String?) -> Void
    private let presence: @Sendable (_ table: String, _ message: String) -> Void

    /// `changed(table)` runs on a PostgresNIO thread for each table of each notice (nil: any table);
    /// `presence` for each message another node relayed (`node` names this one, to skip its own).
    public init(
        pool: PostgresPool, node: String, changed: @escaping @Sendable (_ table: String?) -> Void,
        presence: @escaping @Sendable (_ table: String, _ message: String) -> Void
    ) {
        self.pool = pool
        self.node = node
        self.changed = changed
        self.presence = presence
    }

    /// Reads both channels until the connection goes away (either sequence ending ends both).
    private func follow(log: PostgresNotificationSequence, presence relayed: PostgresNotificationSequence) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [changed] in
                for try await notification in log {
                    guard let notice = LogNotice(decoding: notification.payload) else { continue }
                    if notice.everything {
                        changed(nil)
                    } else {
                        for table in notice.tables.keys.sorted() { changed(table) }
                    }
                }
            }
            group.addTask { [presence, node] in
                for try await notification in relayed {
                    for item in PostgresPresence.decode(notification.payload, ignoring: node) ?? [] {
                        presence(item.table, item.message)
                    }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Listens until the task is cancelled, reconnecting after a second when the database goes away.
    public func run() async {
        var connectedBefore = false
        while !Task.isCancelled {
            do {
                try await pool.client.withConnection { connection in
                    try await connection.listen(on: PostgresStore.notifyChannel) { log in
                        try await connection.listen(on: PostgresPresence.channel) { relayed in
                            if connectedBefore { changed(nil) }  // notices sent while away are gone: read everything
                            connectedBefore = true
                            try await follow(log: log, presence: relayed)
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                pool.logger.warning(
                    "listening for other nodes failed; retrying", metadata: ["error": "\(PostgresPool.describe(error))"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
