import Foundation
import GRDB
import PostgresNIO
import Testing
import TavoloDomain
import TavoloPostgres
import TavoloSQLite
import TavoloStorage

/// The stores every contract test runs against. PostgreSQL needs a server: scripts/test.sh starts
/// one and sets `TAVOLO_TEST_POSTGRES_URL`; without it the PostgreSQL half is skipped on a
/// developer's machine and FAILS under CI=true, so a green CI always means both stores passed.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let postgresURLVariable = "TAVOLO_TEST_POSTGRES_URL"

    /// The test server's URL; nil (and a recorded failure under CI=true) when there is none.
    static func postgresURL() -> String? {
        guard let url = ProcessInfo.processInfo.environment[postgresURLVariable], !url.isEmpty else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("\(postgresURLVariable) is not set: the PostgreSQL half of the store contract did not run")
            }
            return nil
        }
        return url
    }

    /// A fresh, empty deployment of this kind; nil when PostgreSQL is not available here (recorded as
    /// a failure under CI).
    func open() async throws -> OpenedStores? {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-contract-\(UUID().uuidString)").path
            return try SQLiteDeployment(directory: directory).open()
        case .postgres:
            guard let url = Self.postgresURL() else { return nil }
            return try await PostgresDeployment(database: try await TestDatabase.create(baseURL: url)).open()
        }
    }
}

/// One deployment's stores as a test sees them, with raw SQL on the same database.
struct OpenedStores: Sendable {
    let store: any Store
    let domain: any DomainStore
    /// Runs a statement directly (to prove the database itself refuses what the stores never do).
    let execute: @Sendable (String) async throws -> Void
    /// Closes everything; `reopen` gives new stores on the same data.
    let close: @Sendable () async -> Void
    let deployment: any Deployment

    func reopen() async throws -> OpenedStores {
        await close()
        return try await deployment.open()
    }
}

protocol Deployment: Sendable {
    func open() async throws -> OpenedStores
}

struct SQLiteDeployment: Deployment {
    let directory: String

    func open() throws -> OpenedStores {
        let database = try DatabaseFile.open(directory: directory)
        let store = SQLiteStore(database: database)
        return OpenedStores(
            store: store, domain: SQLiteDomainStore(database: database),
            execute: { sql in try await database.write { db in try db.execute(sql: sql) } },
            close: { await store.close() }, deployment: self)
    }
}

struct PostgresDeployment: Deployment {
    let database: String

    func open() async throws -> OpenedStores {
        let pool = try await PostgresPool.open(try PostgresLocation(url: database, poolSize: 4))
        let store = PostgresStore(pool: pool)
        return OpenedStores(
            store: store, domain: PostgresDomainStore(pool: pool),
            execute: { sql in try await pool.execute(sql) },
            close: {
                await store.close()
                await pool.close()
            }, deployment: self)
    }
}

/// A new database on the test server for each test, so tests run in parallel on empty data.
enum TestDatabase {
    static func create(baseURL: String) async throws -> String {
        let name = "contract_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try await PostgresPool.open(try PostgresLocation(url: baseURL, poolSize: 1))
        try await admin.execute("CREATE DATABASE \(name)")
        await admin.close()
        guard var components = URLComponents(string: baseURL) else { throw StoreError.io("bad URL \(baseURL)") }
        components.path = "/" + name
        return components.string ?? baseURL
    }
}

// MARK: callbacks as async calls

extension Store {
    func appending(_ batch: StoredBatch) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in append(batch) { continuation.resume(with: $0) } }
    }

    func appendingEvent(_ event: StoredEvent) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in appendEvent(event) { continuation.resume(with: $0) } }
    }

    func snapshotting(table: String, payload: [UInt8]) async throws -> Int64 {
        try await withCheckedThrowingContinuation { continuation in
            saveSnapshot(table: table, payload: payload) { continuation.resume(with: $0) }
        }
    }

    func pendingWritesDone() async {
        await withCheckedContinuation { continuation in afterPendingWrites { continuation.resume() } }
    }
}
