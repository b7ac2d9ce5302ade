import Testing
@testable import TavoloCRDT

@Suite("Text merging")
struct TextMergeTests {
    /// Two replicas with a shared text, returned with the text's id.
    static func pair(_ initial: String) throws -> (Document, Document, ObjectID) {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "minutes")
        try a.insertText(initial, at: 0, in: t)
        var b = Document(replica: "bob")
        b.apply(a.operations())
        return (a, b, t)
    }

    static func sync(_ a: inout Document, _ b: inout Document) {
        let fromA = a.operations(since: b.version), fromB = b.operations(since: a.version)
        a.apply(fromB)
        b.apply(fromA)
    }

    @Test func concurrentWordsDoNotInterleave() throws {
        var (a, b, t) = try Self.pair("Agenda: ")
        // Typed one character at a time, as people do.
        for (i, c) in "budget".enumerated() { try a.insertText(String(c), at: 8 + i, in: t) }
        for (i, c) in "venue".enumerated() { try b.insertText(String(c), at: 8 + i, in: t) }
        Self.sync(&a, &b)
        #expect(a.text(t) == b.text(t))
        #expect(["Agenda: budgetvenue", "Agenda: venuebudget"].contains(a.text(t)))
    }

    @Test func concurrentWordsTypedBackwardsDoNotInterleave() throws {
        var (a, b, t) = try Self.pair("xy")
        for c in "tegdub" { try a.insertText(String(c), at: 1, in: t) }
        for c in "eunev" { try b.insertText(String(c), at: 1, in: t) }
        Self.sync(&a, &b)
        #expect(a.text(t) == b.text(t))
        #expect(["xbudgetvenuey", "xvenuebudgety"].contains(a.text(t)))
    }

    @Test func insertAndDeleteConcurrently() throws {
        var (a, b, t) = try Self.pair("hello world")
        try a.deleteText(at: 0, count: 6, in: t)      // "world"
        try b.insertText("big ", at: 6, in: t)         // "hello big world"
        try b.deleteText(at: 10, count: 1, in: t)      // "hello big orld"
        Self.sync(&a, &b)
        #expect(a.text(t) == "big orld")
        #expect(b.text(t) == "big orld")
    }

    @Test func sameCharacterDeletedTwice() throws {
        var (a, b, t) = try Self.pair("abc")
        try a.deleteText(at: 1, count: 1, in: t)
        try b.deleteText(at: 1, count: 1, in: t)
        Self.sync(&a, &b)
        #expect(a.text(t) == "ac")
        #expect(b.text(t) == "ac")
    }

    @Test func emojiAndCombiningMarksRoundTrip() throws {
        var (a, b, t) = try Self.pair("")
        let s = "Caffe\u{300} 👩‍👩‍👧 🇮🇹 e\u{301}"
        try a.insertText(s, at: 0, in: t)
        try b.insertText("¡", at: 0, in: t)
        Self.sync(&a, &b)
        #expect(a.text(t) == b.text(t))
        #expect(a.text(t).contains(s))
        #expect(a.textLength(t) == s.unicodeScalars.count + 1)
        let loaded = try Document(decoding: a.encodeSnapshot())
        #expect(loaded.text(t) == a.text(t))
    }

    @Test func outOfRangeEditsThrow() throws {
        var (a, _, t) = try Self.pair("abc")
        #expect(throws: EditError.self) { try a.insertText("x", at: 4, in: t) }
        #expect(throws: EditError.self) { try a.deleteText(at: 2, count: 2, in: t) }
        #expect(throws: EditError.self) { try a.insertText("x", at: 0, in: .root) }
    }
}

@Suite("Text buffer")
struct TextBufferTests {
    /// Random local edits against a plain array of scalars, with few and then many wide scalars
    /// (the buffer keeps up to 64 of them as exceptions, then widens) and NUL.
    @Test func matchesAPlainModel() throws {
        var rng = SeededRandom(seed: 99)
        let pieces = ["a", "bc", "è", "→", "👍", "\u{0}", "中文", "xyz"]
        for round in 0..<4 {
            var d = Document(replica: "m")
            let t = try d.makeObject(.text, at: "t")
            var model: [Unicode.Scalar] = []
            for _ in 0..<(round == 0 ? 200 : 600) {
                if !model.isEmpty && rng.chance(0.3) {
                    let p = rng.int(model.count), n = 1 + rng.int(min(5, model.count - p))
                    try d.deleteText(at: p, count: n, in: t)
                    model.removeSubrange(p..<(p + n))
                } else {
                    let p = rng.int(model.count + 1)
                    let s = pieces[rng.int(round == 1 ? 3 : pieces.count)]
                    try d.insertText(s, at: p, in: t)
                    model.insert(contentsOf: s.unicodeScalars, at: p)
                }
                #expect(d.textLength(t) == model.count)
            }
            var v = String.UnicodeScalarView()
            v.append(contentsOf: model)
            #expect(d.text(t) == String(v))
            #expect(d.checkInvariants().isEmpty)
        }
    }
}
