import TavoloTransport
import TavoloSync

/// Everything `tavolo serve` can be told. The defaults let it run with no configuration at all.
public struct ServerSettings: Sendable, Equatable {
    /// Network limits and policies (host, port, web root, TLS, …).
    public var transport = TransportConfiguration()
    /// Where tables, op logs and snapshots are kept. Default `./data`.
    public var dataDirectory = "./data"
    /// Where tables and their history are kept: `sqlite` (one file in `dataDirectory`, one node) or
    /// `postgres` (a shared PostgreSQL database at `postgresURL`, several nodes; docs/deployment.md).
    /// Default `sqlite`. Keys and secrets stay in `dataDirectory` either way.
    public var store = "sqlite"
    /// The PostgreSQL database, with `store: postgres`: `postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…`.
    public var postgresURL: String? = nil
    /// Most connections one node opens to PostgreSQL. Default 10.
    public var postgresPoolSize = 10
    /// Log level: trace, debug, info, notice, warning, error or critical. Default `info`.
    public var logLevel = "info"
    /// Live-table limits and timings.
    public var sync = SyncSettings()
    /// What one member may add to a table.
    public var quotas = QuotaSettings()
    /// Seconds a raised hand is kept while its owner is disconnected (a flaky phone keeps its
    /// turn); after that it is dropped, with an event. Default 120.
    public var handGraceSeconds = 120
    /// Engine loops the live tables are sharded over, each table on one of them (by a hash of
    /// its id; docs/deployment.md, "Engine workers"). Default 1: one loop, as it always was.
    public var engineWorkers = 1
    /// Relay mode: `/ws` echoes and broadcasts per `?channel=` instead of serving tables
    /// (transport tests, Autobahn, benchmarks). Default false.
    public var relay = false
    /// Who may join: `invitations` (a signed, unexpired, unrevoked invitation token; roles
    /// enforced) or `open` (anyone, by the name and role they claim, nothing enforced: for
    /// development, tests and benchmarks). Default `invitations`.
    public var authentication = "invitations"
    /// HMAC key for invitation tokens; when unset, `dataDirectory/invitation.key` is made once.
    public var invitationSecret: String? = nil
    /// Bearer token of the administration API (`/api/`). Unset: made once in
    /// `dataDirectory/admin.key` when tables are joined by invitation; empty: the API is off.
    public var adminToken: String? = nil
    /// Base of invitation links. Default `http://127.0.0.1:8080`.
    public var publicURL = "http://127.0.0.1:8080"

    public init() {}
}
