import Foundation
import TavoloTransport

/// A request as middleware and handlers see it: the transport's request, the parameters its
/// route read from the path, and who sent it once `Authentication` has run.
struct APIRequest: Sendable {
    let http: HTTPRequest
    var parameters = PathParameters()
    var caller: Caller?
    /// WebSocket connections open when the request arrived, as the application counted them (`/healthz`).
    var openConnections = 0

    init(_ http: HTTPRequest) { self.http = http }

    var method: String { http.method }
    var path: String { http.path }
    var query: [String: String] { http.query }

    /// Who sent it; only routes behind `Authentication` have one.
    func authenticatedCaller() throws(HTTPError) -> Caller {
        guard let caller else { throw .unauthorized(BearerCredentials.howToSend) }
        return caller
    }

    /// The JSON body as `T`; a 400 naming what is wrong otherwise.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws(HTTPError) -> T {
        guard http.headers["content-type"]?.lowercased().hasPrefix("application/json") == true else {
            throw .badRequest("send the body as application/json")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(http.body))
        } catch DecodingError.keyNotFound(let key, _) {
            throw .badRequest("missing field '\(key.stringValue)'")
        } catch DecodingError.typeMismatch(_, let context) {
            throw .badRequest("wrong type for field '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
        } catch {
            throw .badRequest("the body is not valid JSON")
        }
    }
}
