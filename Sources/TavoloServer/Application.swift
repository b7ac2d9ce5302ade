import Logging
import TavoloDomain
import TavoloStorage
import TavoloTransport

/// Everything above the transport: answers HTTP application paths and runs `/ws`.
/// Transport- and store-agnostic, so tests drive it through `InMemoryTransport` and `InMemoryStore`.
public struct Application: Sendable {
    let transport: any Transport
    let store: any Store
    let authenticator: any Authenticator
    let settings: ServerSettings
    let adminAPI: AdminAPI?
    let history: HistoryAPI?
    let auditLog: AuditLog?
    let tables: (any DomainStore)?
    let invitations: InvitationIssuer?
    let logger: Logger
    let health: HealthEndpoint

    public init(
        transport: any Transport, store: any Store, authenticator: any Authenticator = OpenAuthenticator(),
        adminAPI: AdminAPI? = nil, history: HistoryAPI? = nil, auditLog: AuditLog? = nil, tables: (any DomainStore)? = nil,
        invitations: InvitationIssuer? = nil, settings: ServerSettings = ServerSettings(),
        logger: Logger = Logger(label: "tavolo.server")
    ) {
        self.invitations = invitations
        self.auditLog = auditLog
        self.tables = tables
        self.transport = transport
        self.store = store
        self.authenticator = authenticator
        self.adminAPI = adminAPI
        self.history = history
        self.settings = settings
        self.logger = logger
        self.health = HealthEndpoint(startedAt: .now)
    }

    /// Handles events until the transport finishes its event stream (at shutdown), then flushes the store.
    public func run() async {
        let (inputs, feed) = AsyncStream.makeStream(of: EngineInput.self)
        let forwarder = Task { [transport] in
            for await event in transport.events { feed.yield(.transport(event)) }
            feed.finish()
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                feed.yield(.tick)
            }
        }
        let engine = SyncEngine(
            transport: transport, store: store, authenticator: authenticator, auditLog: auditLog, tables: tables,
            invitations: invitations, settings: settings.sync, logger: logger, feedback: feed)
        var relay = RelayChannels()
        for await input in inputs {
            switch input {
            case .transport(.httpRequest(let request, let responder)):
                // Off the engine's task: an API call waiting on the database must not delay live edits.
                Task { [self] in responder.respond(await route(request)) }
            case .transport(let event) where settings.relay:
                relay.handle(event, transport: transport)
            case .transport(.opened(let info)):
                engine.opened(info)
            case .transport(.message(let id, let message)):
                await engine.received(message, from: id)
            case .transport(.closed(let id, _)):
                engine.closed(id)
            case .tick:
                engine.tick(now: .now)
            case .storeFailed(let table):
                engine.storeFailed(table: table)
            case .revoked(let principals):
                engine.revoked(principals)
            }
        }
        ticker.cancel()
        forwarder.cancel()
        await engine.shutdown()
    }

    private func route(_ request: HTTPRequest) async -> HTTPResponse {
        if request.path == "/healthz" {
            return health.response(to: request, openConnections: transport.openConnectionCount)
        }
        if let history, HistoryAPI.handles(request.path) {
            return await history.handle(request)
        }
        if request.path.hasPrefix("/api/"), let adminAPI {
            return await adminAPI.handle(request)
        }
        return .json(#"{"error":"not found"}"#, status: 404)
    }
}
