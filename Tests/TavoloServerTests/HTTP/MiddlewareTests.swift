import Synchronization
import Testing
import TavoloDomain
import TavoloExport
import TavoloTransport

@testable import TavoloServer

/// The chain: middleware run outermost first, errors become answers in one place, bodies over
/// the limit are refused before routing, and every API route is authenticated exactly once.
@Suite struct MiddlewareTests {
    final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// Notes its name on the way in and out, and what it saw thrown.
    struct Spy: Middleware {
        let name: String
        let log: Log

        func respond(to request: APIRequest, next: APIHandler) async throws -> HTTPResponse {
            log.append("in \(name)")
            do {
                let response = try await next(request)
                log.append("out \(name) \(response.status)")
                return response
            } catch {
                log.append("threw through \(name)")
                throw error
            }
        }
    }

    @Test func middlewareRunsOutermostFirstAndErrorsAreMappedOnce() async throws {
        let log = Log()
        let handler: APIHandler = { _ in throw DomainError.exists("table ambito") }
        let chain = [Spy(name: "a", log: log), Spy(name: "b", log: log)].wrapping(handler)
        let response = await ErrorMiddleware().respond(to: APIRequest(HTTPRequest(method: "POST", path: "/")), next: chain)
        #expect(response.status == 409 && response.errorMessage == "table ambito already exists")
        // Nothing inside turned the error into a response: both saw it thrown.
        #expect(log.all == ["in a", "in b", "threw through b", "threw through a"])
    }

    @Test func everyKnownErrorHasItsDocumentedStatus() {
        let cases: [(any Error, Int)] = [
            (HTTPError.badRequest("at: …"), 400), (HTTPError.unauthorized("x"), 401), (HTTPError.forbidden("x"), 403),
            (DomainError.notFound("table x"), 404), (DomainError.invalid("days"), 400), (DomainError.exists("x"), 409),
            (DomainError.storage("disk"), 503), (ArchiveError.notFound("session s"), 404),
            (ArchiveError.notApproved(session: "s", status: "live"), 409), (ArchiveError.changedSinceApproval(session: "s"), 409),
            (ArchiveError.storage("x"), 503), (ExportError.busy, 503),
        ]
        for (error, status) in cases {
            #expect(ErrorMiddleware.refusal(for: error)?.status == status, "\(error)")
        }
        struct Unexpected: Error {}
        #expect(ErrorMiddleware.refusal(for: Unexpected()) == nil)
    }

    @Test func anUnexpectedErrorIsA500WithoutDetails() async {
        struct Secret: Error {}
        let response = await ErrorMiddleware().respond(to: APIRequest(HTTPRequest(method: "GET", path: "/"))) { _ in throw Secret() }
        #expect(response.status == 500 && response.errorMessage == "internal error")
        #expect(response.contentType.hasPrefix("application/json"))
    }

    @Test func aBodyOverTheLimitIs413BeforeAnyRoute() async throws {
        let fixture = try await HTTPFixture(maxRequestBodyBytes: 1024)
        let big = #"{"id":"big","title":""# + String(repeating: "x", count: 2048) + #""}"#
        let answer = await fixture.call("POST", "/api/tables", authorization: "Bearer \(HTTPFixture.adminToken)", body: big)
        #expect(answer.status == 413 && answer.errorMessage == "request body exceeds 1024 bytes")
        #expect(await fixture.domain.table("big") == nil)
    }

    /// Every `/api/` route carries exactly one `Authentication`, and `/healthz` none.
    @Test func everyAPIRouteAuthenticatesOnce() async throws {
        let routes = try await HTTPFixture().routes.router.routes
        #expect(routes.count == 24)
        for route in routes {
            let authentications = route.middleware.filter { $0 is Authentication }.count
            let expected = route.pattern.description.hasPrefix("/api/") ? 1 : 0
            #expect(authentications == expected, "\(route.method) \(route.pattern)")
        }
    }

    @Test func authenticationRunsOnceAndHandsTheCallerOn() async throws {
        let fixture = try await HTTPFixture()
        let token = try await fixture.invitation("rup", .coordinator)
        let seen = Log()
        let authentication = Authentication(
            authenticator: BearerAuthenticator(adminToken: HTTPFixture.adminToken, tokens: fixture.tokens, domain: fixture.domain),
            admits: .administratorOrMember)
        let handler: APIHandler = { request in
            seen.append("\(request.caller.map { "\($0)" } ?? "nobody")")
            return .json("{}")
        }
        let log = Log()
        let chain = [Spy(name: "outer", log: log), authentication].wrapping(handler)
        let request = APIRequest(HTTPRequest(method: "GET", path: "/", headers: ["authorization": "Bearer \(token)"]))
        #expect(try await chain(request).status == 200)
        #expect(seen.all == ["\(Caller.member(table: "ambito", role: .coordinator, invitation: "rup"))"])
        #expect(log.all == ["in outer", "out outer 200"])
    }
}
