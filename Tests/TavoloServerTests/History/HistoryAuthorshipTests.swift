import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer

/// Who wrote what, who changed what, and the timeline, on scripted edits by several people.
@Suite struct HistoryAuthorshipTests {
    @Test func authorshipAndDiffNameEveryAuthor() async throws {
        let fixture = try await HistoryFixture()
        let fabio = try await fixture.invited.join("fabio", .facilitator, organisation: "Facilitazione")
        let paola = try await fixture.invited.join("paola", .pa, organisation: "Comune di Budrio")
        let elena = try await fixture.invited.join("elena", .ets, organisation: "Coop Aurora")
        let carlo = try await fixture.invited.join("carlo", .ets, organisation: "Associazione Delta")
        let everyone = [fabio, paola, elena, carlo]
        #expect(try await fixture.act(fabio, ["scheduleSession": ["title": "Seduta"]]) == nil)
        let session = try #require(fixture.session(fabio))
        #expect(try await fixture.act(fabio, ["openSession": ["session": session]]) == nil)
        try await fixture.catchUp(everyone)
        let project = try #require(paola.document.textID("project"))

        try await fixture.edit(paola) { _ = try $0.insertText("Servizi per anziani.", at: 0, in: project) }
        try await fixture.catchUp(everyone)
        let first = try await HistoryFixture.moment()
        try await fixture.edit(elena) { _ = try $0.insertText(" Con trasporto.", at: 20, in: project) }
        try await fixture.catchUp(everyone)
        #expect(try await fixture.act(fabio, ["giveFloor": ["participantID": "invitation:carlo"]]) == nil)
        try await Task.sleep(for: .milliseconds(30))
        try await fixture.edit(carlo) { document in
            _ = try document.deleteText(at: 12, count: 7, in: project)  // "anziani", paola's
            _ = try document.insertText("famiglie", at: 12, in: project)
        }
        #expect(try await fixture.act(fabio, ["releaseFloor": [:]]) == nil)
        try await fixture.catchUp(everyone)
        let last = try await HistoryFixture.moment()
        #expect(paola.document.text(project) == "Servizi per famiglie. Con trasporto.")

        let token = try await fixture.invited.invite("rup", .coordinator, organisation: "Ufficio di Piano")
        let authorship = try #require(await fixture.get("/history/authorship", ["text": "project", "at": "\(last)"], token: token).json as? [String: Any])
        let spans = try #require(authorship["spans"] as? [[String: Any]])
        #expect(spans.map { $0["text"] as! String } == ["Servizi per ", "famiglie", ".", " Con trasporto."])
        #expect(spans.map { ($0["author"] as! [String: Any])["id"] as! String }
            == ["invitation:paola", "invitation:carlo", "invitation:paola", "invitation:elena"])
        #expect((spans[3]["author"] as! [String: Any])["organisation"] as? String == "Coop Aurora")
        let people = try #require(authorship["people"] as? [[String: Any]])
        func share(_ id: String) -> [String: Any]? { people.first { $0["id"] as? String == id } }
        #expect(share("invitation:paola")?["characters"] as? Int == 13)
        #expect(share("invitation:carlo")?["characters"] as? Int == 8)
        #expect(share("invitation:elena")?["characters"] as? Int == 15)
        #expect(share("invitation:fabio")?["characters"] as? Int == 0)
        #expect((share("invitation:carlo")?["spokenSeconds"] as? Double ?? 0) >= 0.03)
        #expect(share("invitation:paola")?["spokenSeconds"] as? Double == 0)
        let organisations = try #require(authorship["organisations"] as? [[String: Any]])
        let delta = organisations.first { $0["organisation"] as? String == "Associazione Delta" }
        #expect(delta?["characters"] as? Int == 8)
        #expect((delta?["spokenSeconds"] as? Double ?? 0) >= 0.03)

        // Earlier, only paola had written.
        let before = try #require(await fixture.get("/history/authorship", ["text": "project", "at": "\(first)"], token: token).json as? [String: Any])
        #expect(before["text"] as? String == "Servizi per anziani.")
        #expect((before["spans"] as? [[String: Any]])?.count == 1)

        let diff = try #require(await fixture.get("/history/diff", ["text": "project", "from": "\(first)", "to": "\(last)"], token: token).json as? [String: Any])
        let parts = try #require(diff["parts"] as? [[String: Any]])
        #expect(parts.map { $0["kind"] as! String } == ["same", "delete", "insert", "same", "insert"])
        #expect(parts.map { $0["text"] as! String } == ["Servizi per ", "anziani", "famiglie", ".", " Con trasporto."])
        #expect(parts.map { ($0["author"] as? [String: Any])?["id"] as? String }
            == [nil, "invitation:carlo", "invitation:carlo", nil, "invitation:elena"])
        // The contract: same + delete read as the text at `from`, same + insert as the text at `to`.
        #expect(parts.filter { $0["kind"] as? String != "insert" }.map { $0["text"] as! String }.joined() == "Servizi per anziani.")
        #expect(parts.filter { $0["kind"] as? String != "delete" }.map { $0["text"] as! String }.joined() == "Servizi per famiglie. Con trasporto.")
        let backwards = await fixture.get("/history/diff", ["text": "project", "from": "\(last)", "to": "\(first)"], token: token)
        #expect(backwards.status == 400)
        await fixture.invited.server.stop()
    }

    @Test func timelineHasFacilitationAndDocumentEvents() async throws {
        let fixture = try await HistoryFixture()
        let fabio = try await fixture.invited.join("fabio", .facilitator)
        let paola = try await fixture.invited.join("paola", .pa, organisation: "Comune di Budrio")
        #expect(try await fixture.act(fabio, ["scheduleSession": ["title": "Seduta uno"]]) == nil)
        let session = try #require(fixture.session(fabio))
        #expect(try await fixture.act(fabio, ["openSession": ["session": session]]) == nil)
        try await fixture.catchUp([fabio, paola])
        guard case .object(let agenda, .list)? = fabio.document.value(forKey: "agenda:\(session)"),
            case .object(let minutes, .map)? = fabio.document.value(forKey: "minutes:\(session)"),
            case .object(let decisions, .list)? = fabio.document.value(forKey: "decisions", in: minutes)
        else { Issue.record("the server did not scaffold the session"); return }
        try await fixture.edit(fabio) { document in
            let item = try document.makeObject(.map, at: 0, in: agenda)
            try document.set("title", to: .string("Bilancio"), in: item)
            try document.set("status", to: .string("todo"), in: item)
        }
        try await fixture.edit(fabio) { document in
            guard case .object(let item, .map) = document.values(in: agenda)[0] else { return }
            try document.set("status", to: .string("current"), in: item)
        }
        #expect(try await fixture.act(paola, ["raiseHand": [:]]) == nil)
        #expect(try await fixture.act(fabio, ["giveFloor": ["participantID": "invitation:paola"]]) == nil)
        #expect(try await fixture.act(fabio, ["releaseFloor": [:]]) == nil)
        #expect(try await fixture.act(fabio, ["createPoll": ["question": "Sede?", "options": ["Budrio", "Molinella"], "multipleChoice": false, "anonymous": true]]) == nil)
        let poll = try #require((fabio.tableState["polls"] as? [[String: Any]])?.first.flatMap { ($0["poll"] as? [String: Any])?["id"] as? String })
        #expect(try await fixture.act(paola, ["vote": ["poll": poll, "choices": [1]]]) == nil)
        #expect(try await fixture.act(fabio, ["closePoll": ["poll": poll]]) == nil)
        #expect(try await fixture.act(fabio, ["showPollResults": ["poll": poll]]) == nil)
        try await fixture.edit(paola) { document in
            let decision = try document.makeObject(.map, at: 0, in: decisions)
            try document.set("text", to: .string("Sede a Molinella"), in: decision)
        }
        #expect(try await fixture.act(fabio, ["closeSession": ["session": session]]) == nil)
        paola.disconnect()
        try await Task.sleep(for: .milliseconds(20))

        let token = try await fixture.invited.invite("rup", .coordinator, organisation: "Ufficio di Piano")
        let answer = await fixture.get("/history/events", ["session": session], token: token)
        let events = try #require((answer.json as? [String: Any])?["events"] as? [[String: Any]])
        let kinds = events.map { $0["kind"] as! String }
        #expect(kinds == [
            "sessionScheduled", "sessionOpened", "agendaItemCurrent", "handRaised", "floorGiven", "floorReleased", "pollCreated",
            "pollClosed", "pollResults", "decisionAdded", "sessionClosed",
        ])
        func event(_ kind: String) -> [String: Any]? { events.first { $0["kind"] as? String == kind } }
        #expect((event("agendaItemCurrent")?["detail"] as? [String: Any])?["title"] as? String == "Bilancio")
        #expect((event("decisionAdded")?["detail"] as? [String: Any])?["text"] as? String == "Sede a Molinella")
        #expect(((event("decisionAdded")?["actor"] as? [String: Any])?["id"] as? String) == "invitation:paola")
        #expect((event("pollResults")?["detail"] as? [String: Any])?["counts"] as? [Int] == [0, 1])
        #expect(((event("floorGiven")?["detail"] as? [String: Any])?["participant"] as? [String: Any])?["name"] as? String == "paola")
        let times = events.map { $0["at"] as! Int64 }
        #expect(times == times.sorted())

        let whole = await fixture.get("/history/events", [:], token: token)
        let all = try #require((whole.json as? [String: Any])?["events"] as? [[String: Any]])
        #expect(all.filter { $0["kind"] as? String == "joined" }.count == 2)
        #expect(all.contains { $0["kind"] as? String == "left" && ($0["actor"] as? [String: Any])?["id"] as? String == "invitation:paola" })
        #expect(await fixture.get("/history/events", ["session": "nessuna"], token: token).status == 400)

        let overview = try #require(await fixture.get("/history", [:], token: token).json as? [String: Any])
        #expect((overview["table"] as? [String: Any])?["id"] as? String == "ambito")
        #expect((overview["sessions"] as? [[String: Any]])?.first?["status"] as? String == "minutes_in_review")
        let paths = (overview["texts"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
        #expect(paths.contains("project") && paths.contains("minutes:\(session)/text"))
        #expect((overview["start"] as! Int64) <= (overview["end"] as! Int64))
        await fixture.invited.server.stop()
    }
}
