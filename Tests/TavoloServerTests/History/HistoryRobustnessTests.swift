import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer
import TavoloStorage
import TavoloTransport

/// What review found: concurrent first requests, a clock that stepped back, moments beyond
/// what a date can hold, HEAD on exports, a lower-case scheme, unknown paths.
@Suite struct HistoryRobustnessTests {
    /// Eight requests at once on a cold cache (as after a restart) must not apply the stored
    /// batches twice: the decision would show twice on the timeline.
    @Test func concurrentFirstRequestsApplyEachBatchOnce() async throws {
        let fixture = try await HistoryFixture()
        let fabio = try await fixture.invited.join("fabio", .facilitator)
        #expect(try await fixture.act(fabio, ["scheduleSession": ["title": "Seduta uno"]]) == nil)
        let session = try #require(fixture.session(fabio))
        #expect(try await fixture.act(fabio, ["openSession": ["session": session]]) == nil)
        try await fixture.catchUp([fabio])
        guard case .object(let minutes, .map)? = fabio.document.value(forKey: "minutes:\(session)"),
            case .object(let decisions, .list)? = fabio.document.value(forKey: "decisions", in: minutes)
        else { Issue.record("no minutes scaffold"); return }
        try await fixture.edit(fabio) { document in
            let decision = try document.makeObject(.map, at: 0, in: decisions)
            try document.set("text", to: .string("Sede a Molinella"), in: decision)
        }
        let token = try await fixture.token("t-rup", .coordinator)
        for _ in 0..<5 {
            let api = HistoryAPI(
                store: fixture.invited.server.store, domain: fixture.invited.domain, tokens: fixture.invited.tokens,
                adminToken: HistoryFixture.adminToken)
            let request = HTTPRequest(method: "GET", path: "/api/tables/ambito/history/events", headers: ["authorization": "Bearer \(token)"])
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { _ = await api.handle(request) } }
            }
            let answer = await api.handle(request)
            let events = (try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any])?["events"] as? [[String: Any]] ?? []
            #expect(events.filter { $0["kind"] as? String == "decisionAdded" }.count == 1)
        }
        await fixture.invited.server.stop()
    }

    @Test func aSessionClosedBeforeItOpenedByAClockThatSteppedBack() async throws {
        let fixture = try await HistoryFixture()
        let store = fixture.invited.server.store
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let t = Date()
        for event in [TableEvent.sessionScheduled(session: "s1", title: "S", at: t), .sessionOpened(session: "s1", at: t + 10), .sessionClosed(session: "s1", at: t)] {
            store.appendEvent(StoredEvent(table: "ambito", actor: "x", payload: Array(try encoder.encode(event)), at: event.at)) { _ in }
        }
        await withCheckedContinuation { done in store.afterPendingWrites { done.resume() } }
        let answer = await fixture.get("/history/events", ["session": "s1"], token: try await fixture.token("t-rup", .coordinator))
        #expect(answer.status == 200)
        await fixture.invited.server.stop()
    }

    @Test func requestsAtTheEdges() async throws {
        let fixture = try await HistoryFixture()
        let facilitator = try await fixture.invited.join("fabio", .facilitator)  // opens the table: `project` exists
        try await fixture.catchUp([facilitator])
        let token = try await fixture.token("t-pa", .pa)
        // A moment beyond what a date holds is a 400, not a crash.
        let huge = await fixture.get("/documents/export.md", ["text": "project", "at": "\(Int64.max)"], token: token)
        #expect(huge.status == 400)
        #expect(await fixture.get("/history/state", ["at": "8640000000000001"], token: token).status == 400)
        #expect(await fixture.get("/history/state", ["at": "8640000000000000"], token: token).status == 200)
        // HEAD would make (and record) an export nobody receives.
        func call(_ method: String, _ path: String, _ authorization: String) async -> HTTPResponse {
            await fixture.api.handle(HTTPRequest(method: method, path: "/api/tables/ambito" + path, query: ["text": "project"], headers: ["authorization": authorization]))
        }
        let head = await call("HEAD", "/documents/export.md", "Bearer \(token)")
        #expect(head.status == 405 && head.headers.contains { $0.0 == "Allow" && $0.1 == "GET" })
        #expect(await call("HEAD", "/history", "Bearer \(token)").status == 200)
        // The scheme is case-insensitive.
        #expect(await call("GET", "/history", "bearer \(token)").status == 200)
        // Beside the administration API, unknown paths under the history API are a 404, not the admin
        // API's 401; `/audit` and `/invitations` stay the administration API's (admin token only).
        let admin = AdminAPI(
            domain: fixture.invited.domain, tokens: fixture.invited.tokens, adminToken: HistoryFixture.adminToken, publicURL: "https://tavolo.example.org")
        let both = HTTPRoutes(adminAPI: admin, history: fixture.api)
        func routed(_ path: String) async -> Int {
            await both.handle(HTTPRequest(method: "GET", path: "/api/tables/ambito" + path, headers: ["authorization": "Bearer \(token)"])).status
        }
        for path in ["/history/nope", "/documents/export."] { #expect(await routed(path) == 404, "\(path)") }
        for path in ["/audit", "/invitations"] { #expect(await routed(path) == 401, "\(path)") }
        #expect(await call("GET", "/history/nope", "Bearer \(token)").status == 404)
        await fixture.invited.server.stop()
    }
}
