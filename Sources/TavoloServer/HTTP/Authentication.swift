import TavoloTransport

/// Reads `Authorization` once and hands the route's handler its `Caller`; the same refusals on
/// every endpoint (401 with `WWW-Authenticate: Bearer` for a missing, malformed or unknown token).
struct Authentication: Middleware {
    let authenticator: BearerAuthenticator
    let admits: BearerAuthenticator.Admits

    func respond(to request: APIRequest, next: APIHandler) async throws -> HTTPResponse {
        // Without an admin token the administration API is off, whatever the request carries.
        if admits == .administrator, authenticator.adminToken == nil {
            throw HTTPError.forbidden("the administration API is off: set adminToken in the configuration")
        }
        let credentials = try BearerCredentials(authorization: request.http.headers["authorization"])
        var authenticated = request
        authenticated.caller = try await authenticator.caller(presenting: credentials.token, admits: admits)
        return try await next(authenticated)
    }
}
