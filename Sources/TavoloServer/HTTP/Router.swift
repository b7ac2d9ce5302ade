import TavoloTransport

/// One endpoint: a method and a path pattern, the middleware around its handler, and the handler.
struct Route: Sendable {
    let method: String
    let pattern: RoutePattern
    /// Whether `HEAD` is answered as `GET` is (the transport then sends no body). Off where
    /// answering has an effect nobody would receive: exports are recorded in the audit log.
    let answersHead: Bool
    let middleware: [any Middleware]
    let handler: APIHandler

    /// The methods it answers, as an `Allow` header lists them.
    var methods: [String] { answersHead ? [method, "HEAD"] : [method] }
}

/// Every endpoint's route, found by path and then by method: a path no route matches is a 404,
/// a path matched with another method a 405 listing the methods it takes (docs/api.md).
struct Router: Sendable {
    private(set) var routes: [Route] = []

    mutating func get(_ pattern: RoutePattern, head: Bool = true, through middleware: [any Middleware] = [], _ handler: @escaping APIHandler) {
        add(Route(method: "GET", pattern: pattern, answersHead: head, middleware: middleware, handler: handler))
    }

    mutating func post(_ pattern: RoutePattern, through middleware: [any Middleware] = [], _ handler: @escaping APIHandler) {
        add(Route(method: "POST", pattern: pattern, answersHead: false, middleware: middleware, handler: handler))
    }

    mutating func put(_ pattern: RoutePattern, through middleware: [any Middleware] = [], _ handler: @escaping APIHandler) {
        add(Route(method: "PUT", pattern: pattern, answersHead: false, middleware: middleware, handler: handler))
    }

    mutating func delete(_ pattern: RoutePattern, through middleware: [any Middleware] = [], _ handler: @escaping APIHandler) {
        add(Route(method: "DELETE", pattern: pattern, answersHead: false, middleware: middleware, handler: handler))
    }

    mutating func add(_ route: Route) {
        precondition(
            !routes.contains { $0.pattern == route.pattern && !Set($0.methods).isDisjoint(with: route.methods) },
            "\(route.method) \(route.pattern) is declared twice")
        routes.append(route)
    }

    enum Resolution {
        case found(Route, PathParameters)
        /// The path exists; these methods are what it takes.
        case methodNotAllowed([String])
        case notFound
    }

    func resolve(method: String, path: String) -> Resolution {
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.pattern.match(path) else { continue }
            if route.methods.contains(method) { return .found(route, parameters) }
            allowed += route.methods.filter { !allowed.contains($0) }
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }

    /// Answers through the matching route and its middleware, or refuses with 404 or 405.
    func respond(to request: APIRequest) async throws -> HTTPResponse {
        switch resolve(method: request.method, path: request.path) {
        case .notFound:
            throw HTTPError.notFound("no such endpoint: \(request.path)")
        case .methodNotAllowed(let allowed):
            throw HTTPError.methodNotAllowed(request.method, path: request.path, allowed: allowed)
        case .found(let route, let parameters):
            var routed = request
            routed.parameters = parameters
            return try await route.middleware.wrapping(route.handler)(routed)
        }
    }
}
