import TavoloTransport

/// Every HTTP endpoint of the application behind one router (docs/api.md): `/healthz`, the
/// administration API, the history API and the public pages (`/pubblico`), each present when given.
///
/// A request goes through `ErrorMiddleware` (every thrown error becomes the documented JSON
/// error), `RequestLimits` (413), the router (404, 405 with `Allow`), then its route's middleware
/// (`Authentication` on every `/api/` route, `Authorization` read once) and its handler.
public struct HTTPRoutes: Sendable {
    let router: Router
    let limits: RequestLimits
    let errors = ErrorMiddleware()

    /// - Parameter maxRequestBodyBytes: larger bodies answer 413 (setting `maxRequestBodyBytes`).
    public init(adminAPI: AdminAPI? = nil, history: HistoryAPI? = nil, maxRequestBodyBytes: Int = 1 << 20) {
        self.init(adminAPI: adminAPI, history: history, publication: nil, maxRequestBodyBytes: maxRequestBodyBytes)
    }

    init(adminAPI: AdminAPI?, history: HistoryAPI?, publication: PublicationPages?, maxRequestBodyBytes: Int) {
        var router = Router()
        HealthEndpoint(startedAt: .now).register(in: &router)
        adminAPI?.register(in: &router)
        history?.register(in: &router)
        publication?.register(in: &router)
        self.router = router
        limits = RequestLimits(maxBodyBytes: maxRequestBodyBytes)
    }

    /// The answer to `request`; `openConnections` is reported by `/healthz`.
    public func handle(_ request: HTTPRequest, openConnections: Int = 0) async -> HTTPResponse {
        var request = APIRequest(request)
        request.openConnections = openConnections
        return await errors.respond(to: request, next: [limits].wrapping(router.respond))
    }
}
