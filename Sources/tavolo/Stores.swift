import Foundation
import Logging
import TavoloDomain
import TavoloPostgres
import TavoloServer
import TavoloSQLite
import TavoloStorage

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
                release: { await pool.close() }, listen: { changed in PostgresLogListener(pool: pool, changed: changed) })
        default:
            let database = try DatabaseFile.open(directory: settings.dataDirectory)
            return Stores(
                store: SQLiteStore(database: database), domain: SQLiteDomainStore(database: database),
                description: settings.dataDirectory + "/tavolo.sqlite", release: {}, listen: nil)
        }
    }

    private let listen: (@Sendable (@escaping @Sendable (String?) -> Void) -> PostgresLogListener)?

    private init(
        store: any Store, domain: any DomainStore, description: String, release: @escaping @Sendable () async -> Void,
        listen: (@Sendable (@escaping @Sendable (String?) -> Void) -> PostgresLogListener)?
    ) {
        self.store = store
        self.domain = domain
        self.description = description
        self.release = release
        self.listen = listen
    }

    /// Whether other processes write the same log (the engine then reads back what they commit).
    var isShared: Bool { listen != nil }

    /// With PostgreSQL: listens for every node's commits and tells `changed` which tables moved, until
    /// the returned task is cancelled. Nil with SQLite (one node).
    func followOtherNodes(_ changed: @escaping @Sendable (String?) -> Void) -> Task<Void, Never>? {
        guard let listener = listen?(changed) else { return nil }
        return Task { await listener.run() }
    }

    /// Writes everything queued, then closes the connections.
    func close() async {
        await store.close()
        await release()
    }
}
