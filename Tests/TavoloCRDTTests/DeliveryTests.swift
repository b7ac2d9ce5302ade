import Testing
@testable import TavoloCRDT

@Suite("Delivery: late, twice, out of order")
struct DeliveryTests {
    @Test func outOfOrderIsBufferedThenApplied() throws {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "t")
        let v0 = a.version
        try a.insertText("hello", at: 0, in: t)
        let v1 = a.version
        try a.set("title", to: .string("Budget"))
        let first = a.operations(since: Version()).runs
        var b = Document(replica: "bob")
        // Deliver the last operations first.
        let late = a.operations(from: v1, to: a.version)
        let r1 = b.apply(late)
        #expect(r1.applied == 0)
        #expect(r1.buffered == 1)
        #expect(r1.missing == [OpID(replica: "alice", counter: 0)])
        let middle = a.operations(from: v0, to: v1)
        b.apply(middle)
        #expect(b.bufferedCount == 6)
        let r3 = b.apply(Operations(runs: first))  // everything, including duplicates
        #expect(r3.duplicates == 6)
        #expect(b.bufferedCount == 0)
        #expect(b.node() == a.node())
        #expect(b.version == a.version)
    }

    @Test func duplicatesAreNoOps() throws {
        var a = Document(replica: "alice")
        let l = try a.makeObject(.list, at: "agenda")
        try a.insert(.string("one"), at: 0, in: l)
        var b = Document(replica: "bob")
        let ops = a.operations()
        b.apply(ops)
        let again = b.apply(ops)
        #expect(again.applied == 0)
        #expect(again.duplicates == ops.count)
        #expect(b.values(in: l) == [.string("one")])
    }

    @Test func partiallyKnownRunIsTrimmed() throws {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("abc", at: 0, in: t)
        var b = Document(replica: "bob")
        b.apply(a.operations())
        try a.insertText("def", at: 3, in: t)  // extends the same run
        b.apply(a.operations())               // "abcdef" as one run, "abc" already known
        #expect(b.text(t) == "abcdef")
    }
}

@Suite("Malformed operations")
struct MalformedOperationTests {
    /// An operation on an object that does not exist is kept as a no-op, and relaying it yields a
    /// batch that decodes and stays a no-op on the next replica.
    @Test func noOpRunsRelayAsNoOps() throws {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("ok", at: 0, in: t)
        var ops = a.operations()
        // Point the text insert at an object that never existed, and a map set at a text.
        ops.runs[1].target = ObjectID(creator: OpID(replica: "nobody", counter: 7))
        var bad = RemoteRun(replica: "alice", seq: 2, len: 1, parents: [OpID(replica: "alice", counter: 1)],
                            kind: .mapSet, target: t)
        bad.key = "k"
        bad.value = .int(1)
        ops.runs.append(bad)
        var b = Document(replica: "bob")
        b.apply(try Operations(decoding: ops.encoded()))
        #expect(b.bufferedCount == 0)
        #expect(b.text(t) == "")
        let relayed = b.encodedOperations()
        let decoded = try Operations(decoding: relayed)
        var c = Document(replica: "carol")
        c.apply(decoded)
        #expect(c.node() == b.node())
        #expect(c.version == b.version)
        let reloaded = try Document(decoding: b.encodeSnapshot())
        #expect(try Operations(decoding: reloaded.encodedOperations()) == decoded)
    }
}
