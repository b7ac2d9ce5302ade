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

    /// The one-replay readings equal the separate ones: characters = text + authorship, and a
    /// comparison = both texts with their authors and who deleted what, on concurrent edits by three people.
    @Test(arguments: [11, 12]) func oneReplayEqualsSeparateReadings(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var people = ["anna", "bruno", "carla"].map { Document(replica: $0) }
        let t = try people[0].makeObject(.text, at: "t")
        for i in 1..<3 { people[i].apply(people[0].operations()) }
        var versions: [Version] = []
        for step in 0..<200 {
            let i = random.int(3)
            let length = people[i].textLength(t)
            if length > 0, random.chance(0.3) {
                let position = random.int(length)
                try people[i].deleteText(at: position, count: 1 + random.int(Swift.min(3, length - position)), in: t)
            } else {
                try people[i].insertText(["ciao ", "è", "😀", "xy"][random.int(4)], at: random.int(length + 1), in: t)
            }
            if random.chance(0.3) { people[(i + 1) % 3].apply(people[i].operations()) }
            if step % 40 == 39 { versions.append(people[i].version) }
        }
        var all = Document(replica: "reader")
        for person in people { all.apply(person.operations()) }
        versions.append(all.version)
        for version in versions {
            let characters = all.characters(of: t, at: version)
            #expect(String(String.UnicodeScalarView(characters.map(\.scalar))) == all.text(t, at: version))
            var ids: [OpID] = []
            for span in all.authorship(of: t, at: version) {
                ids += (0..<span.count).map { OpID(replica: span.first.replica, counter: span.first.counter + $0) }
            }
            #expect(characters.map(\.id) == ids)
        }
        for (from, to) in zip(versions, versions.dropFirst()) {
            let merged = from.union(to)
            let comparison = all.comparison(of: t, from: from, to: merged)
            #expect(comparison.before == all.characters(of: t, at: from))
            #expect(comparison.after == all.characters(of: t, at: merged))
            // Every character gone between the two (and those inserted and deleted in between),
            // none still there, each deleted by an operation made in between.
            let gone = Set(comparison.before.map(\.id)).subtracting(comparison.after.map(\.id))
            let deleted = Set(comparison.deletedBy.keys)
            #expect(gone.isSubset(of: deleted) && deleted.isDisjoint(with: comparison.after.map(\.id)))
            for deleter in comparison.deletedBy.values {
                #expect(from[deleter.replica] <= deleter.counter && deleter.counter < merged[deleter.replica])
            }
        }
    }
}
