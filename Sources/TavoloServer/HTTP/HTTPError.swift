/// A refusal and the status it answers with; `ErrorMiddleware` turns it into `{"error": message}`
/// (docs/api.md). Handlers and middleware throw it instead of building error responses.
struct HTTPError: Error, Sendable {
    var status: Int
    /// What to fix, for the person reading the body.
    var message: String
    /// Extra headers the status calls for (`WWW-Authenticate` on 401, `Allow` on 405).
    var headers: [(String, String)] = []

    static func badRequest(_ message: String) -> HTTPError { HTTPError(status: 400, message: message) }

    /// 401 with the challenge RFC 9110 §11.6.1 requires.
    static func unauthorized(_ message: String) -> HTTPError {
        HTTPError(status: 401, message: message, headers: [("WWW-Authenticate", "Bearer")])
    }

    static func forbidden(_ message: String) -> HTTPError { HTTPError(status: 403, message: message) }

    static func notFound(_ message: String) -> HTTPError { HTTPError(status: 404, message: message) }

    /// 405 with the `Allow` header RFC 9110 §15.5.6 requires.
    static func methodNotAllowed(_ method: String, path: String, allowed: [String]) -> HTTPError {
        let list = allowed.joined(separator: ", ")
        return HTTPError(
            status: 405, message: "method \(method) not allowed on \(path) (allowed: \(list))", headers: [("Allow", list)])
    }

    static func payloadTooLarge(limit: Int) -> HTTPError {
        HTTPError(status: 413, message: "request body exceeds \(limit) bytes")
    }

    /// 503: the server cannot answer now, and a retry may succeed.
    /// The thing existed but is no more (a revoked or expired invitation).
    static func gone(_ message: String) -> HTTPError { HTTPError(status: 410, message: message) }
    static func unavailable(_ message: String) -> HTTPError { HTTPError(status: 503, message: message) }
}
