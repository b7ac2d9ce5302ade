import TavoloTransport

/// What finally answers a request, or the rest of the chain as one middleware sees it.
typealias APIHandler = @Sendable (APIRequest) async throws -> HTTPResponse

/// One step around a handler: it may answer itself, refuse by throwing (an `HTTPError`, mapped
/// by `ErrorMiddleware`), or call `next` with the request, changed or not.
protocol Middleware: Sendable {
    func respond(to request: APIRequest, next: APIHandler) async throws -> HTTPResponse
}

extension Array where Element == any Middleware {
    /// `handler` behind these middleware, the first one outermost.
    func wrapping(_ handler: @escaping APIHandler) -> APIHandler {
        reversed().reduce(handler) { next, middleware in
            { request in try await middleware.respond(to: request, next: next) }
        }
    }
}
