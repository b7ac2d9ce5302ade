import Logging
import TavoloTransport

/// Everything above the transport: answers HTTP application paths and runs `/ws`.
/// Transport-agnostic, so tests drive it through `InMemoryTransport`.
public struct Application: Sendable {
    let transport: any Transport
    let logger: Logger
    let health: HealthEndpoint

    public init(transport: any Transport, logger: Logger = Logger(label: "tavolo.server")) {
        self.transport = transport
        self.logger = logger
        self.health = HealthEndpoint(startedAt: .now)
    }

    /// Handles events until the transport finishes its event stream (at shutdown).
    public func run() async {
        var relay = RelayChannels()
        for await event in transport.events {
            switch event {
            case .opened(let info):
                relay.join(info)
                logger.debug("connection opened", metadata: ["conn.id": "\(info.id)", "conn.remote": "\(info.remoteAddress)"])
            case .message(let id, let message):
                transport.send(message, to: relay.recipients(of: id))
            case .closed(let id, let code):
                relay.leave(id)
                logger.debug("connection closed", metadata: ["conn.id": "\(id)", "close.code": "\(code?.description ?? "-")"])
            case .httpRequest(let request, let responder):
                responder.respond(route(request))
            }
        }
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        switch request.path {
        case "/healthz":
            health.response(to: request, openConnections: transport.openConnectionCount)
        default:
            .json(#"{"error":"not found"}"#, status: 404)
        }
    }
}
