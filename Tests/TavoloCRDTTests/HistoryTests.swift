import Testing
@testable import TavoloCRDT

@Suite("History: earlier versions, authorship, changes")
struct HistoryTests {
    static func apply(_ patches: [TextPatch], to s: String) -> String {
        var scalars = Array(s.unicodeScalars)
        for p in patches {
            scalars.replaceSubrange(p.position..<(p.position + p.deleted), with: Array(p.inserted.unicodeScalars))
        }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars)
        return String(v)
    }

    @Test func earlierVersionsAuthorshipAndChanges() throws {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "minutes")
        try a.insertText("Ordine del giorno", at: 0, in: t)
        let v1 = a.version
        var b = Document(replica: "bob")
        b.apply(a.operations())
        try b.insertText(": bilancio", at: 17, in: t)
        try a.deleteText(at: 0, count: 6, in: t)
        try a.insertText("O", at: 0, in: t)
        a.apply(b.operations(since: a.version))
        let v2 = a.version
        #expect(a.text(t) == "O del giorno: bilancio")
        #expect(a.text(t, at: v1) == "Ordine del giorno")
        #expect(a.text(t, at: b.version) == "Ordine del giorno: bilancio")
        #expect(a.text(t, at: Version()) == "")
        let who = a.authorship(of: t)
        #expect(who.map(\.replica) == ["alice", "alice", "bob"])
        #expect(who.map(\.count) == [1, 11, 10])
        #expect(who.reduce(0) { $0 + $1.count } == a.textLength(t))
        let patches = a.changes(in: t, from: v1, to: v2)
        #expect(Self.apply(patches, to: a.text(t, at: v1)) == a.text(t))
        // After a snapshot round trip the history is rebuilt from the stored texts.
        let loaded = try Document(decoding: a.encodeSnapshot())
        #expect(loaded.text(t, at: v1) == "Ordine del giorno")
        #expect(loaded.authorship(of: t) == who)
    }

    @Test func wholeDocumentAtAVersion() throws {
        var a = Document(replica: "alice")
        let agenda = try a.makeObject(.list, at: "agenda")
        try a.insert(.string("Bilancio"), at: 0, in: agenda)
        try a.set("status", to: .string("draft"))
        let v1 = a.version
        let before = a.node()
        try a.insert(.string("Varie"), at: 1, in: agenda)
        try a.move(from: 1, to: 0, in: agenda)
        try a.set("status", to: .string("final"))
        let old = a.document(at: v1)
        #expect(old.node() == before)
        #expect(old.version == v1)
        #expect(a.document(at: a.version).node() == a.node())
    }
}
