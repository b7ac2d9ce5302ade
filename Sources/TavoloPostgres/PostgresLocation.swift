import Foundation
import Logging
import PostgresNIO
import TavoloStorage

/// Where the shared database is: a libpq-style URL
/// (`postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=disable|prefer|require`) and how many
/// connections one node may hold. The password never appears in `description` (logs).
public struct PostgresLocation: Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String?
    public var tls: TLSMode
    /// The most connections this node opens (the pool grows on demand up to it).
    public var poolSize: Int

    public enum TLSMode: String, Sendable {
        /// Plain TCP (a database on the same host or a private network).
        case disable
        /// TLS when the server offers it, plain otherwise (libpq's default).
        case prefer
        /// TLS with a verified certificate, or no connection.
        case require
    }

    public init(url: String, poolSize: Int = 10) throws(StoreError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme), let host = components.host, !host.isEmpty
        else {
            throw .io("not a PostgreSQL URL (postgres://user:password@host:port/database): \(Self.redacted(url))")
        }
        guard poolSize >= 1 else { throw .io("the PostgreSQL pool needs at least one connection") }
        self.host = host
        self.port = components.port ?? 5432
        self.username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? "postgres"
        self.password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? nil : path
        let mode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard let tls = TLSMode(rawValue: mode) else {
            throw .io("sslmode must be disable, prefer or require, not \(mode)")
        }
        self.tls = tls
        self.poolSize = poolSize
    }

    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database ?? "")?sslmode=\(tls.rawValue)"
    }

    /// The URL with its password replaced, for error messages.
    static func redacted(_ url: String) -> String {
        url.replacing(/:[^:@\/]*@/, with: ":***@")
    }

    /// Opens one connection (within `connectTimeout`) and closes it: throws the reason the database
    /// cannot be reached (refused, unknown host, authentication, no such database).
    func probe(logger: Logger) async throws {
        let mode: PostgresConnection.Configuration.TLS = switch tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: mode)
        configuration.options.connectTimeout = .seconds(Int64(Self.connectTimeout.components.seconds))
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        try await connection.close()
    }

    /// How long a connection attempt may take, at startup and when the database restarts: a write
    /// fails within seconds so the engine drops the room and clients resend, rather than holding
    /// acknowledgements for PostgresNIO's default 10 s.
    static let connectTimeout: Duration = .seconds(3)

    var clientConfiguration: PostgresClient.Configuration {
        let mode: PostgresClient.Configuration.TLS = switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: mode)
        // One more than asked: a node's listener (PostgresLogListener) holds one for good.
        configuration.options.maximumConnections = poolSize + 1
        configuration.options.minimumConnections = 0
        configuration.options.connectTimeout = .seconds(Self.connectTimeout.components.seconds)
        return configuration
    }
}
