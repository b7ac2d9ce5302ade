import Logging
import TavoloDomain
import TavoloStorage
import TavoloTransport

/// The production wiring of everything above the transport and the stores, from settings alone:
/// `tavolo serve` passes libwebsockets and SQLite, the tests and benchmarks in-memory ones.
/// The invitation key comes from `settings.invitationSecret`, or is made once in the data folder;
/// the administration key likewise (`AdminKey`).
public func buildApplication(
    settings: ServerSettings, transport: any Transport, store: any Store, domain: any DomainStore,
    logger: Logger = Logger(label: "tavolo.server")
) async throws -> Application {
    let secret = try InvitationTokens.secret(configured: settings.invitationSecret, dataDirectory: settings.dataDirectory)
    let tokens = await InvitationTokens(secret: secret)
    let authenticator: any Authenticator =
        settings.authentication == "invitations" ? InvitationAuthenticator(tokens: tokens, domain: domain) : OpenAuthenticator()
    let adminToken = try AdminKey.resolve(settings: settings)
    let auditLog = AuditLog(domain: domain, store: store)
    let services = TableServices(
        authenticator: authenticator, tables: domain, auditLog: auditLog,
        invitations: InvitationIssuer(domain: domain, tokens: tokens, publicURL: settings.publicURL))
    let routes = HTTPRoutes(
        adminAPI: AdminAPI(domain: domain, audit: auditLog, store: store, tokens: tokens, adminToken: adminToken, publicURL: settings.publicURL),
        history: HistoryAPI(store: store, domain: domain, tokens: tokens, adminToken: adminToken),
        publication: PublicationPages(store: store, domain: domain),
        maxRequestBodyBytes: settings.transport.maxRequestBodyBytes)
    return Application(transport: transport, store: store, services: services, routes: routes, settings: settings, logger: logger)
}
