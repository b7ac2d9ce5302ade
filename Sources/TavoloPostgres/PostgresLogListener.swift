import Logging
import PostgresNIO

/// The fan-out between nodes, database side: one pooled connection LISTENs on
/// `PostgresStore.notifyChannel` and reports which tables each group commit wrote and what
/// (batches, events), telling this node's own commits apart, and on `PostgresPresence.channel`
/// for other nodes' presence. What to do is the caller's: the engine reads the new rows itself.
/// PostgreSQL delivers notifications in commit order, which the engine relies on to move past its
/// own batches without reading them back.
///
/// A notification may be lost while the connection is down (PostgreSQL keeps none for a listener
/// that is not there): after every reconnection `changed(nil)` says "read every table you hold".
/// Other nodes' notifications also show which nodes are alive (`NodeLiveness`): `nodes` hears of
/// one that appears (true) or falls silent (false).
public final class PostgresLogListener: Sendable {
    private let pool: PostgresPool
    private let node: String
    private let changed: @Sendable (_ change: LogChange) -> Void
    private let presence: @Sendable (_ table: String, _ node: String, _ message: String) -> Void
    private let nodes: @Sendable (_ node: String, _ present: Bool) -> Void
    private let liveness = NodeLiveness()

    /// `changed` runs on a PostgresNIO thread for each table of each notice (and with
    /// `LogChange.anything` after a reconnection); `presence` for each message another node relayed
    /// (`node` names this one, to skip its own).
    public init(
        pool: PostgresPool, node: String, changed: @escaping @Sendable (_ change: LogChange) -> Void,
        presence: @escaping @Sendable (_ table: String, _ node: String, _ message: String) -> Void,
        nodes: @escaping @Sendable (_ node: String, _ present: Bool) -> Void
    ) {
        self.pool = pool
        self.node = node
        self.changed = changed
        self.presence = presence
        self.nodes = nodes
    }

    private func heard(_ other: String) {
        if liveness.heard(other) { nodes(other, true) }
    }

    /// Reads both channels until the connection goes away (either sequence ending ends both).
    private func follow(log: PostgresNotificationSequence, presence relayed: PostgresNotificationSequence) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [changed, node, pool] in
                for try await notification in log {
                    pool.timings.noticed()
                    guard let notice = LogNotice(decoding: notification.payload) else { continue }
                    let own = notice.node == node
                    if !own { self.heard(notice.node) }
                    if notice.everything {
                        // Own: the batches are in this node's rooms; they are passed at the next read.
                        if !own { changed(.anything) }
                    } else {
                        for (table, last) in notice.tables.sorted(by: { $0.key < $1.key }) {
                            changed(LogChange(table: table, batch: last.batch, event: last.event, own: own))
                        }
                    }
                }
            }
            group.addTask { [presence, node] in
                for try await notification in relayed {
                    guard let (other, items) = PostgresPresence.decode(notification.payload, ignoring: node) else { continue }
                    self.heard(other)
                    for item in items { presence(item.table, other, item.message) }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Listens until the task is cancelled, reconnecting after a second when the database goes
    /// away; meanwhile reports the nodes that fall silent.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.listen() }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    for other in self.liveness.silent() { self.nodes(other, false) }
                }
            }
        }
    }

    private func listen() async {
        var connectedBefore = false
        while !Task.isCancelled {
            do {
                try await pool.client.withConnection { connection in
                    try await connection.listen(on: PostgresStore.notifyChannel) { log in
                        try await connection.listen(on: PostgresPresence.channel) { relayed in
                            if connectedBefore { changed(.anything) }  // notices sent while away are gone: read everything
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

/// What one notice says of one table (`table` nil: perhaps any table, read them all).
public struct LogChange: Sendable, Equatable {
    public var table: String?
    /// The table's last batch and event sequence in the commit (nil: none of that kind).
    public var batch: Int64?
    public var event: Int64?
    /// Committed by this node.
    public var own: Bool

    public static let anything = LogChange(table: nil, batch: nil, event: nil, own: false)

    public init(table: String?, batch: Int64?, event: Int64?, own: Bool) {
        self.table = table
        self.batch = batch
        self.event = event
        self.own = own
    }
}
