import Testing
@testable import TavoloCRDT

/// `ApplyResult` counts every operation of a batch once: applied, duplicate or buffered
/// (the server's `ack` reports the first two). Issue 11: the known head of a partly new run
/// was dropped without being counted.
@Suite("ApplyResult counts")
struct ApplyResultTests {
    /// alice@0 makes a text, alice@1...9 type "abcdefghi" in one run.
    static func typed(_ replica: ReplicaID = "alice", _ text: String = "abcdefghi") throws -> (Document, ObjectID) {
        var d = Document(replica: replica)
        let t = try d.makeObject(.text, at: "t")
        try d.insertText(text, at: 0, in: t)
        return (d, t)
    }

    @Test func wholeDuplicateRun() throws {
        let (a, t) = try Self.typed()
        var server = Document(replica: "server")
        server.apply(a.operations())
        let again = a.operations(from: Version(["alice": 2]), to: a.version)
        #expect(again.runs.count == 1)
        let r = server.apply(again)
        #expect(r == ApplyResult(applied: 0, duplicates: 8, buffered: 0, missing: []))
        #expect(server.text(t) == "abcdefghi")
    }

    @Test func partialOverlapAtTheStartOfTheFirstRun() throws {
        let (a, t) = try Self.typed()
        var server = Document(replica: "server")
        server.apply(a.operations(from: Version(), to: Version(["alice": 5])))  // alice@0...4
        let batch = a.operations(from: Version(["alice": 2]), to: a.version)   // alice@2...9
        #expect(batch.runs.map(\.seq) == [2] && batch.count == 8)
        let r = server.apply(batch)
        #expect(r.applied == 5)
        #expect(r.duplicates == 3)
        #expect(r.buffered == 0)
        #expect(server.text(t) == "abcdefghi")
    }

    @Test func overlapInALaterRun() throws {
        var (a, t) = try Self.typed()
        try a.set("title", to: .string("Bilancio"))                            // alice@10
        var server = Document(replica: "server")
        server.apply(a.operations(from: Version(), to: Version(["alice": 5])))
        let head = a.operations(from: Version(), to: Version(["alice": 2])).runs   // alice@0...1, new
        let tail = a.operations(from: Version(["alice": 3]), to: a.version).runs   // alice@3...9 and @10
        let r = server.apply(Operations(runs: head + tail))
        #expect(r.applied == 6)                                                  // alice@5...10
        #expect(r.duplicates == 4)                                               // alice@0, 1, 3, 4
        #expect(server.text(t) == "abcdefghi")
        #expect(server.version == a.version)
    }

    @Test func overlapWithinTheBatchItself() throws {
        let (a, _) = try Self.typed()
        var server = Document(replica: "server")
        let first = a.operations(from: Version(), to: Version(["alice": 6])).runs   // alice@0...5
        let second = a.operations(from: Version(["alice": 3]), to: a.version).runs  // alice@3...9
        let r = server.apply(Operations(runs: first + second))
        #expect(r.applied == 10)
        #expect(r.duplicates == 3)
        #expect(r.applied + r.duplicates == first.reduce(0) { $0 + $1.len } + second.reduce(0) { $0 + $1.len })
    }

    @Test func multipleAuthors() throws {
        var (a, t) = try Self.typed()
        var b = Document(replica: "bob")
        b.apply(a.operations(from: Version(), to: Version(["alice": 1])))    // the empty text only
        try b.insertText("123456", at: 0, in: t)                               // bob@0...5, concurrent
        a.apply(b.operations())
        var server = Document(replica: "server")
        server.apply(a.operations(from: Version(), to: Version(["alice": 4, "bob": 2])))
        // Both authors' runs start inside what the server has.
        let batch = a.operations(from: Version(["alice": 1, "bob": 1]), to: a.version)
        #expect(batch.runs.map(\.replica).sorted() == ["alice", "bob"])
        let r = server.apply(batch)
        #expect(r.applied == 6 + 4)                                              // alice@4...9, bob@2...5
        #expect(r.duplicates == 3 + 1)                                           // alice@1...3, bob@1
        #expect(r.applied + r.duplicates == batch.count)
        #expect(server.text(t) == a.text(t))
        #expect(server.version == a.version)
    }

    @Test func bufferedRunThatLaterOverlapsCountsItsKnownHead() throws {
        let (a, t) = try Self.typed()
        var server = Document(replica: "server")
        // alice@6...9 arrives first: buffered (alice@0...5 missing).
        let late = server.apply(a.operations(from: Version(["alice": 6]), to: a.version))
        #expect(late == ApplyResult(applied: 0, duplicates: 0, buffered: 4, missing: [OpID(replica: "alice", counter: 0)]))
        // Then alice@0...7: the buffered run's head alice@6...7 is now known.
        let r = server.apply(a.operations(from: Version(), to: Version(["alice": 8])))
        #expect(r.applied == 8 + 2)
        #expect(r.duplicates == 2)
        #expect(r.buffered == 0)
        #expect(server.text(t) == "abcdefghi")
    }
}
