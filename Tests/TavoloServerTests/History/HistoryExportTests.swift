import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer
import TavoloTransport

/// The export endpoints of the history API on a scripted, approved session: the minutes in
/// every text format, a text as it read at a moment, the audit log as CSV, their refusals,
/// and the audit record each export leaves behind.
@Suite struct HistoryExportTests {
    @Test func approvedMinutesTextsAtAMomentAndTheAuditLog() async throws {
        let fixture = try await HistoryFixture()
        let fabio = try await fixture.invited.join("fabio", .facilitator, organisation: "Studio Facilita")
        let paola = try await fixture.invited.join("paola", .pa, organisation: "Comune di Budrio")
        let elena = try await fixture.invited.join("elena", .ets, organisation: "Coop. Il Ponte")
        #expect(try await fixture.act(fabio, ["scheduleSession": ["title": "Prima seduta"]]) == nil)
        let session = try #require(fixture.session(fabio))
        #expect(try await fixture.act(fabio, ["scheduleSession": ["title": "Seconda seduta"]]) == nil)
        let later = try #require(fixture.session(fabio))
        #expect(try await fixture.act(fabio, ["openSession": ["session": session]]) == nil)
        try await fixture.catchUp([fabio, paola, elena])
        try await fixture.edit(fabio) { document in
            _ = try document.insertText("Si decide la sede a Budrio.", at: 0, in: document.textID("minutes:\(session)", "text")!)
            _ = try document.insertText("Centro diurno.", at: 0, in: document.textID("project")!)
        }
        let first = try await HistoryFixture.moment()
        try await fixture.catchUp([fabio, elena])
        try await fixture.edit(elena) { document in
            _ = try document.insertText(" Con trasporto.", at: 14, in: document.textID("project")!)
        }
        #expect(try await fixture.act(fabio, ["closeSession": ["session": session]]) == nil)
        let coordinator = try await fixture.token("t-rup", .coordinator)
        let pa = try await fixture.token("t-pa", .pa)

        // Not approved yet: 409, and nothing recorded.
        let early = await fixture.get("/sessions/\(session)/minutes.md", token: coordinator)
        #expect(early.status == 409, "\(early.json ?? "")")
        // The minutes' text can be taken, but says it is a draft.
        func minutesText(_ query: [String: String] = [:]) async -> String {
            String(decoding: await fixture.get("/documents/export.md", ["text": "minutes:\(session)/text"].merging(query) { $1 }, token: coordinator).response.body, as: UTF8.self)
        }
        let draft = await minutesText()
        #expect(draft.contains("BOZZA: verbale non approvato (verbale in revisione)"), "\(draft)")
        #expect(try await fixture.act(paola, ["approveMinutes": ["session": session]]) == nil)
        #expect(try await fixture.act(elena, ["approveMinutes": ["session": session]]) == nil)

        for format in ["md", "html", "txt", "odt"] {
            let answer = await fixture.get("/sessions/\(session)/minutes.\(format)", token: coordinator)
            #expect(answer.status == 200, "\(format): \(String(decoding: answer.response.body, as: UTF8.self))")
            let disposition = answer.response.headers.first { $0.0 == "Content-Disposition" }?.1 ?? ""
            #expect(disposition.hasPrefix("attachment; filename=\"") && disposition.contains(".\(format)\""), "\(disposition)")
            if format != "odt" {
                let text = String(decoding: answer.response.body, as: UTF8.self)
                for expected in ["Prima seduta", "paola", "Comune di Budrio", "elena", "Si decide la sede a Budrio."] {
                    #expect(text.contains(expected), "\(format) lacks \(expected)")
                }
            } else {
                #expect(answer.response.body.starts(with: Array("PK".utf8)) && answer.response.contentType.contains("opendocument"))
            }
        }
        #expect(await fixture.get("/sessions/\(later)/minutes.md", token: coordinator).status == 409)
        #expect(!(await minutesText()).contains("BOZZA"))
        #expect(await minutesText(["at": "\(first)"]).contains("BOZZA: verbale com'era prima dell'approvazione"))
        #expect(await fixture.get("/sessions/nessuna/minutes.md", token: coordinator).status == 404)
        #expect(await fixture.get("/sessions/\(session)/minutes.docx", token: coordinator).status == 200)
        #expect(await fixture.get("/sessions/\(session)/minutes.rtf", token: coordinator).status == 404)

        // A text as it read at a moment, and now.
        let then = await fixture.get("/documents/export.md", ["text": "project", "at": "\(first)"], token: pa)
        #expect(then.status == 200)
        let thenText = String(decoding: then.response.body, as: UTF8.self)
        #expect(thenText.contains("Centro diurno.") && !thenText.contains("Con trasporto"))
        let now = String(decoding: await fixture.get("/documents/export.txt", ["text": "project"], token: pa).response.body, as: UTF8.self)
        #expect(now.contains("Centro diurno. Con trasporto."))
        #expect(await fixture.get("/documents/export.md", [:], token: pa).status == 400)
        #expect(await fixture.get("/documents/export.md", ["text": "nessuno"], token: pa).status == 404)
        #expect(await fixture.get("/documents/export.md", ["text": "project", "at": "ieri"], token: pa).status == 400)

        // The audit log as CSV shows each export and who took it.
        let csv = await fixture.get("/audit.csv", token: coordinator)
        #expect(csv.status == 200 && csv.response.contentType.hasPrefix("text/csv"))
        let rows = String(decoding: csv.response.body, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(rows.first == "at,actor,action,table,detail")
        #expect(rows.filter { $0.contains(",invitation:t-rup,minutes.exported,ambito,") }.count == 5)
        #expect(rows.contains { $0.contains(",invitation:t-pa,text.exported,ambito,") && $0.contains("\(first)") })
        #expect(rows.contains { $0.contains("minutes.approved") })
        await fixture.invited.server.stop()
    }
}
