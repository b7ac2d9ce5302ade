import Logging
import TavoloDomain
import TavoloExport
import TavoloTransport

/// The one place thrown errors become answers: `{"error": "<what to fix>"}` with the status
/// docs/api.md gives for each kind. It runs outermost, so it sees what every other step throws
/// (the router's 404 and 405 included), and nothing is mapped twice.
struct ErrorMiddleware: Middleware {
    var logger = Logger(label: "tavolo.http")

    /// Never throws: every error has an answer.
    func respond(to request: APIRequest, next: APIHandler) async -> HTTPResponse {
        do {
            return try await next(request)
        } catch is CancellationError {
            // The client went away; this answer reaches nobody.
            return HTTPResponse.problem(499, "the client closed the request")
        } catch {
            let refusal = Self.refusal(for: error) ?? unexpected(error, in: request)
            var response = HTTPResponse.problem(refusal.status, refusal.message)
            response.headers += refusal.headers
            return response
        }
    }

    /// The answer to an error the API knows; nil for anything else.
    static func refusal(for error: any Error) -> HTTPError? {
        switch error {
        case let error as HTTPError:
            error
        case let error as DomainError:
            switch error {
            case .exists: HTTPError(status: 409, message: error.description)
            case .notFound: .notFound(error.description)
            case .invalid: .badRequest(error.description)
            case .storage: .unavailable("storage unavailable; retry")
            }
        case let error as ArchiveError:
            switch error {
            case .notFound: .notFound(error.description)
            case .notApproved, .changedSinceApproval: HTTPError(status: 409, message: error.description)
            case .storage: .unavailable(error.description)
            }
        case let error as ExportError:
            .unavailable(error.description)
        default:
            nil
        }
    }

    /// A bug, not a refusal: logged with the request, answered without details.
    private func unexpected(_ error: any Error, in request: APIRequest) -> HTTPError {
        logger.error("unexpected error answering a request", metadata: [
            "http.method": "\(request.method)", "http.path": "\(request.path)", "error": "\(error)",
        ])
        return HTTPError(status: 500, message: "internal error")
    }
}
