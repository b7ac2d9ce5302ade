import Foundation
import Testing
import TavoloDomain

/// The document layout: its key round trips, and the fixture the browser reads.
@Suite struct TableLayoutTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("web/table/layout.json")

    @Test("web/table/layout.json is TableLayout.fixtureJSON (TAVOLO_WRITE_LAYOUT=1 rewrites it)")
    func fixtureMatches() throws {
        if ProcessInfo.processInfo.environment["TAVOLO_WRITE_LAYOUT"] == "1" {
            try TableLayout.fixtureJSON.write(to: Self.fixture, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: Self.fixture, encoding: .utf8)
        #expect(
            committed == TableLayout.fixtureJSON,
            "web/table/layout.json differs from TableLayout: rewrite it with TAVOLO_WRITE_LAYOUT=1, then update web/table/layout.js and run node --test web/table/tests/layout.test.js")
    }

    @Test func fixtureNamesTheLayout() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(TableLayout.fixtureJSON.utf8)) as? [String: Any])
        let roots = try #require(json["roots"] as? [String: [String: String]])
        #expect(roots["project"] == ["kind": "text", "key": "project"])
        #expect(roots["comments"] == ["kind": "list", "key": "comments"])
        #expect(roots["agenda"] == ["kind": "list", "prefix": "agenda:", "per": "session"])
        #expect(roots["minutes"] == ["kind": "map", "prefix": "minutes:", "per": "session"])
        #expect(roots["proposal"] == ["kind": "map", "prefix": "proposal:", "per": "organisation"])
        let minutes = try #require(json["minutes"] as? [String: Any])
        #expect(minutes["text"] as? String == "text")
        let lists = try #require(minutes["lists"] as? [[String: Any]])
        #expect(lists.map { $0["key"] as? String } == ["decisions", "openPoints", "actions"])
        #expect(lists.map { $0["itemFields"] as? [String] } == [["text"], ["text"], ["what", "who", "due"]])
        let proposal = try #require(json["proposal"] as? [String: Any])
        #expect(proposal["organisation"] as? String == "organisation")
        #expect(proposal["sections"] as? [String] == ["goals", "activities", "resources", "cofinancing", "partners"])
    }

    @Test func keysAreTheWireLayout() {
        #expect(TableLayout.agendaKey(session: "s1") == "agenda:s1")
        #expect(TableLayout.minutesKey(session: "s1") == "minutes:s1")
        #expect(TableLayout.proposalKey(organisation: "Coop. Il Ponte") == "proposal:Coop. Il Ponte")
        #expect(TableArea(rootKey: "project") == .project)
        #expect(TableArea(rootKey: "comments") == .comments)
    }

    @Test(arguments: [
        TableArea.project, .comments,
        .agenda(session: "s1"), .agenda(session: "a1B2-c_3"), .agenda(session: ""),
        .minutes(session: "s1"), .minutes(session: "x:y"),
        .proposal(organisation: "Coop. Il Ponte"), .proposal(organisation: "A:B"), .proposal(organisation: "Coop: la rete / Ovest"),
        .proposal(organisation: " spazi  "), .proposal(organisation: "Società è più"), .proposal(organisation: "proposal:x"),
        .other("projects"), .other("Project"), .other("agenda"), .other("minutes"), .other("proposal"), .other(""), .other("notes:1"),
    ])
    func areaRoundTrips(_ area: TableArea) {
        #expect(TableArea(rootKey: area.rootKey) == area)
    }

    @Test func argumentIsEverythingAfterTheFirstColon() {
        #expect(TableArea(rootKey: "proposal:A:B") == .proposal(organisation: "A:B"))
        #expect(TableArea(rootKey: "minutes:agenda:1") == .minutes(session: "agenda:1"))
        // Not the layout's `project` or `comments`: nothing scaffolds these.
        #expect(TableArea(rootKey: "project:x") == .other("project:x"))
        #expect(TableArea(rootKey: "comments:x") == .other("comments:x"))
    }

    @Test func shapesAndSessions() {
        #expect(TableArea.project.shape == .text)
        #expect(TableArea.comments.shape == .list)
        #expect(TableArea.agenda(session: "s").shape == .list)
        #expect(TableArea.minutes(session: "s").shape == .map)
        #expect(TableArea.proposal(organisation: "o").shape == .map)
        #expect(TableArea.other("x").shape == nil)
        #expect(TableArea.agenda(session: "s").session == "s")
        #expect(TableArea.minutes(session: "s").session == "s")
        #expect(TableArea.proposal(organisation: "s").session == nil)
    }

    @Test func minutesItemFields() {
        #expect(TableLayout.Minutes.lists.map(TableLayout.Minutes.itemFields(of:)) == [["text"], ["text"], ["what", "who", "due"]])
        #expect(TableLayout.Minutes.itemFields(of: "text").isEmpty)
    }
}
