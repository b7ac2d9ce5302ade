import TavoloTransport

/// Refuses a request body over the limit with 413 (setting `maxRequestBodyBytes`). libwebsockets
/// already stops reading at the limit; this holds the rule for every transport, the in-memory one
/// of the tests included, before any route sees the body.
struct RequestLimits: Middleware {
    /// Largest body in bytes. Default 1 MiB, as `TransportConfiguration.maxRequestBodyBytes`.
    var maxBodyBytes = 1 << 20

    func respond(to request: APIRequest, next: APIHandler) async throws -> HTTPResponse {
        guard request.http.body.count <= maxBodyBytes else { throw HTTPError.payloadTooLarge(limit: maxBodyBytes) }
        return try await next(request)
    }
}
