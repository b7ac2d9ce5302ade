import TavoloDomain
import TavoloServer
import TavoloStorage
import TavoloTransport

/// The application on an in-memory transport and store.
struct TestServer {
    /// The invitation key of the default server, set so that no key file is written.
    static let invitationSecret = "tests-server-invitation-secret-0123456789"

    let transport: InMemoryTransport
    let store: InMemoryStore
    let task: Task<Void, Never>

    /// The production wiring (`buildApplication`) in open mode, with an in-memory domain store.
    init(settings: ServerSettings = ServerSettings(), store: InMemoryStore = InMemoryStore()) {
        var settings = settings
        settings.authentication = "open"
        settings.invitationSecret = Self.invitationSecret
        self.init(settings: settings, store: store) { [settings] transport in
            // Cannot fail: the secret is given, so nothing is read or written.
            try! await buildApplication(settings: settings, transport: transport, store: store, domain: InMemoryDomainStore())
        }
    }

    /// Only the collaborators given: each feature whose collaborator is nil is off.
    init(
        settings: ServerSettings = ServerSettings(), store: InMemoryStore = InMemoryStore(),
        authenticator: any Authenticator, auditLog: AuditLog? = nil, tables: (any DomainStore)? = nil,
        invitations: InvitationIssuer? = nil
    ) {
        let services = TableServices(authenticator: authenticator, tables: tables, auditLog: auditLog, invitations: invitations)
        self.init(settings: settings, store: store) { transport in
            Application(transport: transport, store: store, services: services, settings: settings)
        }
    }

    private init(
        settings: ServerSettings, store: InMemoryStore, application: @escaping @Sendable (InMemoryTransport) async -> Application
    ) {
        let transport = InMemoryTransport(configuration: settings.transport)
        self.transport = transport
        self.store = store
        task = Task { await application(transport).run() }
    }

    func client(_ replica: String, table: String = "tavolo-1") -> TableClient {
        TableClient(replica: replica, table: table, transport: transport)
    }

    func stop() async {
        transport.finish()
        await task.value
    }
}

/// A seeded generator, so a failing run can be replayed.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
