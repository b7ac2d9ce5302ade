import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer
import TavoloStorage
import TavoloTransport

/// Reconstructing the documents at a moment gives exactly what the clients saw at that moment.
@Suite struct HistoryReplayTests {
    @Test func documentsAtAMomentEqualWhatClientsSawThen() async throws {
        let fixture = try await HistoryFixture()
        let fabio = try await fixture.invited.join("fabio", .facilitator)
        let paola = try await fixture.invited.join("paola", .pa, organisation: "Comune di Budrio")
        let elena = try await fixture.invited.join("elena", .ets, organisation: "Coop Aurora")
        let carlo = try await fixture.invited.join("carlo", .ets, organisation: "Associazione Delta")
        let everyone = [fabio, paola, elena, carlo]
        #expect(try await fixture.act(fabio, ["scheduleSession": ["title": "Prima seduta"]]) == nil)
        let session = try #require(fixture.session(fabio))
        #expect(try await fixture.act(fabio, ["openSession": ["session": session]]) == nil)
        try await fixture.catchUp(everyone)
        let project = try #require(fabio.document.textID("project"))
        let minutes = try #require(fabio.document.textID("minutes:\(session)", "text"))
        let goals = try #require(elena.document.textID("proposal:Coop Aurora", "goals"))

        // Each step: some people type (sometimes concurrently), everyone catches up, and we note
        // what everyone sees at a moment between this step and the next.
        var seen: [(at: Int64, node: Node, project: String, minutes: String, goals: String)] = []
        func note() async throws {
            try await fixture.catchUp(everyone)
            let views = Set(everyone.map { $0.document.node() })
            #expect(views.count == 1)
            seen.append((try await HistoryFixture.moment(), fabio.document.node(), fabio.document.text(project),
                         fabio.document.text(minutes), fabio.document.text(goals)))
        }
        try await note()
        try await fixture.edit(paola) { _ = try $0.insertText("Il servizio copre quindici comuni.", at: 0, in: project) }
        try await note()
        // Concurrent: two people type into the same text before seeing each other.
        try paola.edit { _ = try $0.insertText(" Trasporto incluso.", at: $0.textLength(project), in: project) }
        try carlo.edit { _ = try $0.insertText("Bozza: ", at: 0, in: project) }
        paola.flush()
        carlo.flush()
        try await fixture.edit(elena) { _ = try $0.insertText("Ridurre l'isolamento degli anziani.", at: 0, in: goals) }
        try await note()
        try await fixture.edit(fabio) { _ = try $0.insertText("Presenti tutti. ", at: 0, in: minutes) }
        try await fixture.edit(carlo) { _ = try $0.deleteText(at: 0, count: 7, in: project) }
        try await note()
        try await fixture.edit(paola) { document in
            _ = try document.insertText("Si decide la sede.", at: document.textLength(minutes), in: minutes)
        }
        try await note()

        let token = try await fixture.invited.invite("rup", .coordinator, organisation: "Ufficio di Piano")
        for moment in seen {
            let state = await fixture.get("/history/state", ["at": "\(moment.at)"], token: token)
            #expect(state.status == 200)
            let body = try #require(state.json as? [String: Any])
            let documents = try #require(body["documents"] as? [String: Any])
            #expect(documents["project"] as? String == moment.project)
            #expect((documents["minutes:\(session)"] as? [String: Any])?["text"] as? String == moment.minutes)
            #expect((documents["proposal:Coop Aurora"] as? [String: Any])?["goals"] as? String == moment.goals)
            #expect(try Self.canonical(Self.json(moment.node)) == Self.canonical(documents))
            for (path, expected) in [("project", moment.project), ("minutes:\(session)/text", moment.minutes), ("proposal:Coop Aurora/goals", moment.goals)] {
                let authorship = await fixture.get("/history/authorship", ["text": path, "at": "\(moment.at)"], token: token)
                let answer = try #require(authorship.json as? [String: Any])
                #expect(answer["text"] as? String == expected)
                let spans = try #require(answer["spans"] as? [[String: Any]])
                #expect(spans.map { $0["text"] as! String }.joined() == expected)
            }
        }
        // Before anything was typed, and one area only.
        let early = await fixture.get("/history/state", ["at": "\(seen[0].at)", "area": "project"], token: token)
        #expect((early.json as? [String: Any])?["documents"] as? [String: String] == ["project": ""])
        #expect(((early.json as? [String: Any])?["table"] as? [String: Any])?["sessions"] != nil)
        await fixture.invited.server.stop()
    }

    static func canonical(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The client's document as the API renders it: texts as strings, maps, lists, scalars.
    static func json(_ node: Node) -> Any {
        switch node {
        case .map(let entries): return entries.mapValues(json) as [String: Any]
        case .list(let items): return items.map(json)
        case .text(let text): return text
        case .value(let value):
            switch value {
            case .null, .object: return NSNull()
            case .bool(let flag): return flag
            case .int(let number): return number
            case .double(let number): return number
            case .string(let text): return text
            }
        }
    }

    /// Every moment reads right around the version checkpoints (one every 256 batches): the
    /// batch just before a checkpoint once crashed the version lookup.
    @Test func momentsAroundVersionCheckpoints() async throws {
        let fixture = try await HistoryFixture()
        let store = fixture.invited.server.store
        var writer = Document(replica: "scrivano")
        let notes = try writer.makeObject(.text, at: "appunti")
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var sent = Version()
        for i in 0..<600 {
            if i > 0 { _ = try writer.insertText("a", at: writer.textLength(notes), in: notes) }
            let operations = writer.operations(from: sent, to: writer.version)
            sent = writer.version
            store.append(StoredBatch(
                table: fixture.invited.table, author: "scrivano", operationCount: operations.count, payload: operations.encoded(),
                receivedAt: start.addingTimeInterval(Double(i) / 1000))) { _ in }
        }
        await withCheckedContinuation { done in store.afterPendingWrites { done.resume() } }
        let admin = HistoryFixture.adminToken
        // Also through an API that keeps whole documents every 100 batches, so that jumps start
        // from a checkpoint: the answers must not change.
        let strided = HistoryAPI(
            store: store, domain: fixture.invited.domain, tokens: fixture.invited.tokens, adminToken: admin, checkpointStride: 100)
        func both(_ path: String, _ query: [String: String]) async -> Any? {
            let request = HTTPRequest(
                method: "GET", path: "/api/tables/\(fixture.invited.table)" + path, query: query, headers: ["authorization": "Bearer \(admin)"])
            let plain = await fixture.api.handle(request), cached = await strided.handle(request)
            #expect(plain.status == 200 && plain.body == cached.body, "\(path) \(query)")
            return try? JSONSerialization.jsonObject(with: Data(plain.body))
        }
        let moment = { (i: Int) in "\(Int64(start.timeIntervalSince1970 * 1000) + Int64(i))" }
        for (from, to) in [(0, 599), (99, 100), (150, 420), (199, 599), (300, 300)] {
            let diff = await both("/history/diff", ["text": "appunti", "from": moment(from), "to": moment(to)])
            let parts = (diff as? [String: Any])?["parts"] as? [[String: Any]] ?? []
            #expect(parts.filter { $0["kind"] as? String == "insert" }.map { ($0["text"] as? String ?? "") }.joined().count == to - from)
        }
        for i in [0, 99, 100, 101, 199, 350, 599, 450, 50] {
            _ = await both("/history/authorship", ["text": "appunti", "at": moment(i)])
        }
        for i in [0, 1, 254, 255, 256, 257, 510, 511, 512, 513, 599] {
            let at = "\(Int64(start.timeIntervalSince1970 * 1000) + Int64(i))"
            let state = await fixture.get("/history/state", ["at": at, "area": "appunti"], token: admin)
            #expect(state.status == 200, "batch \(i): \(state.status)")
            let text = ((state.json as? [String: Any])?["documents"] as? [String: Any])?["appunti"] as? String
            #expect(text == String(repeating: "a", count: i), "batch \(i)")
            let authorship = await fixture.get("/history/authorship", ["text": "appunti", "at": at], token: admin)
            #expect(authorship.status == 200 && (authorship.json as? [String: Any])?["text"] as? String == text, "batch \(i)")
            let diff = await fixture.get("/history/diff", ["text": "appunti", "from": "0", "to": at], token: admin)
            #expect(diff.status == 200, "batch \(i)")
        }
        await fixture.invited.server.stop()
    }
}
