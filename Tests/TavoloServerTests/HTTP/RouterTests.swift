import Testing
import TavoloTransport

@testable import TavoloServer

/// Route patterns, their parameters, and how a path that matches nothing (404) differs from
/// one matched with another method (405).
@Suite struct RouterTests {
    @Test func patternsMatchWholeSegmentsAndReadTheirParameters() throws {
        let minutes: RoutePattern = "/api/tables/\(.table)/sessions/\(.session)/minutes.\(.format)"
        #expect(minutes.description == "/api/tables/:table/sessions/:session/minutes.:format")
        let found = try #require(minutes.match("/api/tables/ambito/sessions/s-1/minutes.pdf"))
        #expect(found[.table] == "ambito" && found[.session] == "s-1" && found[.format] == "pdf")

        // A parameter is never empty, and literals and segment counts must agree.
        for path in [
            "/api/tables//sessions/s-1/minutes.pdf", "/api/tables/ambito/sessions/s-1/minutes.",
            "/api/tables/ambito/sessions/s-1/verbale.pdf", "/api/tables/ambito/sessions/s-1/minutes.pdf/",
            "/api/tables/ambito/sessions/minutes.pdf", "api/tables/ambito/sessions/s-1/minutes.pdf",
        ] {
            #expect(minutes.match(path) == nil, "\(path)")
        }
        let tables: RoutePattern = "/api/tables"
        #expect(tables.match("/api/tables") == PathParameters())
        #expect(tables.match("/api/tables/") == nil && tables.match("/api/Tables") == nil)
    }

    /// Found by the `http` fuzz target: split as Characters, `/` followed by a combining mark was
    /// no separator, so `/sessions//\u{35D}/minutes.x` matched with the session `/\u{35D}`; and
    /// Character equality let a decomposed `é` equal a composed one. Paths are matched as bytes.
    @Test func slashesAndLiteralsAreMatchedAsBytes() throws {
        let minutes: RoutePattern = "/api/tables/\(.table)/sessions/\(.session)/minutes.\(.format)"
        #expect(minutes.match("/api/tables/a/sessions//\u{35D}/minutes.x") == nil)
        let found = try #require(minutes.match("/api/tables/a\u{35D}/sessions/\u{301}s/minutes.pdf"))
        #expect(found[.table] == "a\u{35D}" && found[.session] == "\u{301}s")
        let accented: RoutePattern = "/perch\u{E9}"
        #expect(accented.match("/perch\u{E9}") == PathParameters())
        #expect(accented.match("/perche\u{301}") == nil)
    }

    /// The transport decodes the path once (libwebsockets, or the caller of the in-memory
    /// transport); the router must not decode it again.
    @Test func parametersAreTheTransportsDecodedTextNotDecodedAgain() throws {
        let history: RoutePattern = "/api/tables/\(.table)/history"
        #expect(try #require(history.match("/api/tables/a%2Fb/history"))[.table] == "a%2Fb")
        #expect(try #require(history.match("/api/tables/a b+c/history"))[.table] == "a b+c")
        #expect(try #require(history.match("/api/tables/perché/history"))[.table] == "perché")
    }

    @Test func unknownPathIs404AndAnotherMethodIs405WithAllow() async throws {
        var router = Router()
        router.get("/things") { _ in .json("[]") }
        router.post("/things") { _ in .json("{}", status: 201) }
        router.get("/things/\(.table)/export.\(.format)", head: false) { request in .json(#""\#(request.parameters[.format])""#) }
        router.delete("/things/\(.table)") { _ in .json("{}") }

        func resolved(_ method: String, _ path: String) -> String {
            switch router.resolve(method: method, path: path) {
            case .found(let route, _): "\(route.method) \(route.pattern)"
            case .methodNotAllowed(let allowed): "405 " + allowed.joined(separator: ",")
            case .notFound: "404"
            }
        }
        #expect(resolved("GET", "/things") == "GET /things")
        #expect(resolved("HEAD", "/things") == "GET /things")
        #expect(resolved("POST", "/things") == "POST /things")
        #expect(resolved("PUT", "/things") == "405 GET,HEAD,POST")
        #expect(resolved("GET", "/things/x/export.md") == "GET /things/:table/export.:format")
        #expect(resolved("HEAD", "/things/x/export.md") == "405 GET")
        #expect(resolved("GET", "/things/x") == "405 DELETE")
        #expect(resolved("GET", "/nothing") == "404" && resolved("DELETE", "/things") == "405 GET,HEAD,POST")

        do {
            _ = try await router.respond(to: APIRequest(HTTPRequest(method: "PATCH", path: "/things")))
            Issue.record("PATCH answered")
        } catch let error as HTTPError {
            #expect(error.status == 405 && error.headers.map(\.1) == ["GET, HEAD, POST"])
        }
        let answer = try await router.respond(to: APIRequest(HTTPRequest(method: "GET", path: "/things/x/export.odt")))
        #expect(answer.body == Array(#""odt""#.utf8))
    }

    /// The application's own table: what today's clients and docs/api.md expect of it.
    @Test func theApplicationsRoutes() async throws {
        let fixture = try await HTTPFixture()
        let admin = "Bearer \(HTTPFixture.adminToken)"
        let unknown = await fixture.call("GET", "/api/nothing", authorization: admin)
        #expect(unknown.status == 404 && unknown.errorMessage == "no such endpoint: /api/nothing")
        // Unknown paths and wrong methods are answered before any token is looked at.
        #expect(await fixture.call("GET", "/api/tables/ambito/history/nope", authorization: nil).status == 404)
        let put = await fixture.call("PUT", "/api/tables", authorization: nil)
        #expect(put.status == 405 && put.header("Allow") == "GET, HEAD, POST" && put.errorMessage?.contains("not allowed") == true)
        let write = await fixture.call("POST", "/api/tables/ambito/history", authorization: admin)
        #expect(write.status == 405 && write.header("Allow") == "GET, HEAD")
        for export in ["/api/tables/ambito/sessions/s/minutes.md", "/api/tables/ambito/documents/export.md", "/api/tables/ambito/audit.csv"] {
            let head = await fixture.call("HEAD", export, authorization: admin)
            #expect(head.status == 405 && head.header("Allow") == "GET", "\(export)")
        }
        #expect(await fixture.call("HEAD", "/api/tables/ambito/history", authorization: admin).status == 200)
        #expect(await fixture.call("HEAD", "/api/tables", authorization: admin).status == 200)
        let health = await fixture.routes.handle(HTTPRequest(method: "GET", path: "/healthz"), openConnections: 3)
        #expect(health.status == 200 && String(decoding: health.body, as: UTF8.self).contains(#""openConnections":3"#))
        let postHealth = await fixture.call("POST", "/healthz", authorization: nil)
        #expect(postHealth.status == 405 && postHealth.header("Allow") == "GET, HEAD")
    }
}
