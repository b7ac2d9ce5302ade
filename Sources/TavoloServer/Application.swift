import Logging
import TavoloDomain
import TavoloStorage
import TavoloSync
import TavoloTransport

/// The co-design side of live tables; each feature whose collaborator is nil is off.
public struct TableServices: Sendable {
    /// Who may connect and join (invitations, or open mode).
    public var authenticator: any Authenticator
    /// Registered tables: the server scaffolds their objects and watches for revoked invitations.
    public var tables: (any DomainStore)?
    /// The `audit` message.
    public var auditLog: AuditLog?
    /// The `invite` message.
    public var invitations: InvitationIssuer?

    public init(
        authenticator: any Authenticator = OpenAuthenticator(), tables: (any DomainStore)? = nil, auditLog: AuditLog? = nil,
        invitations: InvitationIssuer? = nil
    ) {
        self.authenticator = authenticator
        self.tables = tables
        self.auditLog = auditLog
        self.invitations = invitations
    }
}

/// Everything above the transport: answers HTTP application paths and runs `/ws` on the live
/// core (`TavoloSync`) with the co-design domain installed as its hooks.
/// Transport- and store-agnostic, so tests drive it through `InMemoryTransport` and `InMemoryStore`.
public struct Application: Sendable {
    let transport: any Transport
    let store: any Store
    let services: TableServices
    let routes: HTTPRoutes
    let settings: ServerSettings
    let logger: Logger
    /// The live core's loops and the router in front of them (`settings.engineWorkers`), created
    /// here so that `stop()` reaches them from any thread.
    private let workers: EngineWorkers
    /// Several nodes: carries presence to members connected elsewhere (docs/deployment.md).
    public var presenceRelay: (any PresenceRelay)?

    public init(
        transport: any Transport, store: any Store, services: TableServices = TableServices(), routes: HTTPRoutes = HTTPRoutes(),
        settings: ServerSettings = ServerSettings(), logger: Logger = Logger(label: "tavolo.server")
    ) {
        self.transport = transport
        self.store = store
        self.services = services
        self.routes = routes
        self.settings = settings
        self.logger = logger
        workers = EngineWorkers(count: settings.engineWorkers)
    }

    /// The hooks of a co-design table, in lifecycle order of concern: who you are, what the table
    /// holds and who may change what, then the messages that act on it.
    private func hooks() -> [any SyncHook] {
        let live = LiveTables()
        var hooks: [any SyncHook] = [
            AuthenticationHook(services.authenticator),
            FacilitationHook(
                live: live, tables: services.tables, store: store, handGrace: Double(settings.handGraceSeconds), logger: logger),
        ]
        if services.authenticator.enforcesRoles {
            hooks.append(PermissionHook(live: live))
            hooks.append(QuotaHook(live: live, quotas: settings.quotas, maxDocumentOperations: settings.sync.maxDocumentOperations))
        }
        hooks.append(AuditHook(live: live, auditLog: services.auditLog))
        hooks.append(InvitationHook(live: live, invitations: services.invitations, tables: services.tables))
        return hooks
    }

    /// Handles events until the transport finishes its event stream or `stop()`, then flushes the store.
    public func run() async {
        if settings.relay { return await runRelay() }
        let forwarder = Task { [transport, workers, routes] in
            for await event in transport.events {
                if case .httpRequest(let request, let responder) = event {
                    // Off the engine's loop: an API call waiting on the database must not delay live edits.
                    // Cancelled when its client goes away: an abandoned export stops and is not recorded.
                    let work = Task { responder.respond(await routes.handle(request, openConnections: transport.openConnectionCount)) }
                    responder.abandonment.onAbandon { work.cancel() }
                } else {
                    workers.route(event)
                }
            }
            workers.finish()
        }
        await workers.run(store: store) { inputs, shard in
            // Each worker has its own hooks: their state is per table, and its tables are its own.
            var logger = self.logger
            if let shard { logger[metadataKey: "engine.worker"] = "\(shard.index)" }
            let engine = SyncEngine(
                transport: transport, store: store, settings: settings.sync, hooks: hooks(), inputs: inputs, shard: shard,
                serverVersion: TavoloVersion.current, logger: logger)
            engine.presenceRelay = presenceRelay
            return engine
        }
        forwarder.cancel()
    }

    /// Stops the live tables at once, even under overload: queued messages are dropped (never
    /// acknowledged, so their senders resend), the store is flushed. Safe to call twice.
    public func stop() { workers.stop() }

    /// Another node committed to the shared log (`store: postgres`): the tables loaded here read
    /// what is new (`batches`, `events` or both). `table` nil: any table (after the notifications
    /// were interrupted). From any thread.
    public func logChanged(table: String?, batches: Bool, events: Bool) {
        workers.logChanged(table: table, batches: batches, events: events)
    }

    /// This node's commit of `table`'s batches up to `sequence` came back as a notice. From any thread.
    public func ownBatchesAnnounced(table: String, sequence: Int64) { workers.ownBatchesAnnounced(table: table, sequence: sequence) }

    /// A `presence` or `left` message relayed by `node` for `table`. From any thread.
    public func presenceFromOtherNode(table: String, node: String, message: String) {
        workers.presenceFromOtherNode(table: table, node: node, message: message)
    }

    /// Another node heard for the first time (`present`), or silent for too long. From any thread.
    public func otherNode(_ node: String, present: Bool) { workers.otherNode(node, present: present) }

    private func runRelay() async {
        var relay = RelayChannels()
        for await event in transport.events {
            if case .httpRequest(let request, let responder) = event {
                Task { [routes, transport] in
                    responder.respond(await routes.handle(request, openConnections: transport.openConnectionCount))
                }
            } else {
                relay.handle(event, transport: transport)
            }
        }
        await store.close()
    }
}
