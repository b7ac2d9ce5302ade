import Foundation
import Logging
import TavoloDomain
import TavoloPostgres
import TavoloServer
import TavoloSQLite
import TavoloStorage
import TavoloSync

/// The deployment's stores as the settings choose them (`store: sqlite | postgres`): the op log and
/// the domain records always live together, in the SQLite file of the data folder or in the
/// shared PostgreSQL database. Every command opens them here, so none writes to the wrong one.
struct Stores: Sendable {
    let store: any Store
    let domain: any DomainStore
    /// The SQLite file or the PostgreSQL location (never with its password).
    let description: String
    private let release: @Sendable () async -> Void

    /// `node` names this process in the database's notifications (several nodes: docs/deployment.md).
    static func open(_ settings: ServerSettings, node: String = ProcessInfo.processInfo.hostName + ":\(getpid())") async throws(StoreError) -> Stores {
        switch settings.store {
        case "postgres":
            guard let url = settings.postgresURL else { throw .io("store is postgres but postgresURL is not set") }
            let location = try PostgresLocation(url: url, poolSize: settings.postgresPoolSize)
            let pool = try await PostgresPool.open(location, logger: Logger(label: "tavolo.postgres"))
            return Stores(
                store: PostgresStore(pool: pool, node: node), domain: PostgresDomainStore(pool: pool), description: "\(location)",
                release: { await pool.close() }, shared: (pool, node))
        default:
            let database = try DatabaseFile.open(directory: settings.dataDirectory)
            return Stores(
                store: SQLiteStore(database: database), domain: SQLiteDomainStore(database: database),
                description: settings.dataDirectory + "/tavolo.sqlite", release: {}, shared: nil)
        }
    }

    /// The shared database and this node's name in it (nil with SQLite).
    private let shared: (pool: PostgresPool, node: String)?

    private init(
        store: any Store, domain: any DomainStore, description: String, release: @escaping @Sendable () async -> Void,
        shared: (pool: PostgresPool, node: String)?
    ) {
        self.store = store
        self.domain = domain
        self.description = description
        self.release = release
        self.shared = shared
    }

    /// Whether other processes write the same log (the engine then reads back what they commit).
    var isShared: Bool { shared != nil }

    /// With PostgreSQL: listens for every node's commits and presence (`changed`, `presence`:
    /// table, node, message) and which nodes are alive (`nodes`), and sends this node's presence
    /// out through the returned relay, until the task is cancelled. Nil with SQLite (one node).
    func followOtherNodes(
        changed: @escaping @Sendable (LogChange) -> Void, presence: @escaping @Sendable (String, String, String) -> Void,
        nodes: @escaping @Sendable (String, Bool) -> Void
    ) -> (relay: any PresenceRelay, task: Task<Void, Never>)? {
        guard let (pool, node) = shared else { return nil }
        let listener = PostgresLogListener(pool: pool, node: node, changed: changed, presence: presence, nodes: nodes)
        let outgoing = PostgresPresence(pool: pool, node: node)
        let task = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await listener.run() }
                group.addTask { await outgoing.run() }
                group.addTask { await pool.reportTimings() }
            }
        }
        return (NotifiedPresence(outgoing: outgoing), task)
    }

    /// Writes everything queued, then closes the connections.
    func close() async {
        await store.close()
        await release()
    }
}

/// The engine's presence relay, carried by PostgreSQL notifications.
private struct NotifiedPresence: PresenceRelay {
    let outgoing: PostgresPresence
    func publish(table: String, message: String) { outgoing.publish(table: table, message: message) }
}
