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

@Suite("Batches applied together")
struct ConcatenatedBatchTests {
    /// Three people type concurrently in two texts and a list, each sending small batches
    /// while behind on the others' (as over a network); a server stores them in arrival order.
    /// Replaying the stored batches concatenated in one `apply` (as history replay does) gives
    /// exactly what applying them one by one gives.
    @Test(arguments: [1, 2, 3]) func oneApplyEqualsOneByOne(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var server = Document(replica: "server")
        let minutes = try server.makeObject(.text, at: "minutes")
        let project = try server.makeObject(.text, at: "project")
        let decisions = try server.makeObject(.list, at: "decisions")
        var stored: [Operations] = [server.operations()]
        var people = ["anna", "bruno", "carla"].map { Document(replica: $0) }
        for i in people.indices { people[i].apply(server.operations()) }
        var sent = people.map(\.version)
        for _ in 0..<300 {
            let i = random.int(people.count)
            let text = random.chance(0.5) ? minutes : project
            let length = people[i].textLength(text)
            if length > 0, random.chance(0.2) {
                try people[i].deleteText(at: random.int(length), count: 1, in: text)
            } else if random.chance(0.05) {
                try people[i].insert(.string("decisione \(i)"), at: 0, in: decisions)
            } else {
                try people[i].insertText(["a", "bc", "def", "é", "😀"][random.int(5)], at: random.int(length + 1), in: text)
            }
            if random.chance(0.5) {
                let batch = people[i].operations(from: sent[i], to: people[i].version)
                server.apply(batch)
                stored.append(batch)
                sent[i] = people[i].version
                if random.chance(0.5) { people[i].apply(server.operations(since: people[i].version)) }
            }
        }
        var oneByOne = Document(replica: "reader")
        for batch in stored { oneByOne.apply(batch) }
        var together = Document(replica: "reader")
        var all = Operations.empty
        for batch in stored { all.append(batch) }
        together.apply(all)
        #expect(together.text(minutes) == oneByOne.text(minutes))
        #expect(together.text(project) == oneByOne.text(project))
        #expect(together.node() == oneByOne.node())
        #expect(together.version == oneByOne.version)
        #expect(oneByOne.text(minutes) == server.text(minutes))
        var reached: [String: Int] = [:]
        for batch in stored { for (replica, count) in batch.reach { reached[replica] = max(reached[replica] ?? 0, count) } }
        #expect(Version(reached) == together.version)
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
        // alice@3 (after alice@1...2, the "ok"), so that it is new and not a duplicate.
        var bad = RemoteRun(replica: "alice", seq: 3, len: 1, parents: [OpID(replica: "alice", counter: 2)],
                            kind: .mapSet, target: t)
        bad.key = "k"
        bad.value = .int(1)
        ops.runs.append(bad)
        var b = Document(replica: "bob")
        let result = b.apply(try Operations(decoding: ops.encoded()))
        #expect(result == ApplyResult(applied: 4, duplicates: 0, buffered: 0, missing: []))
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
        // Each no-op run names itself: alice@1 (the insert) and alice@3 (the map set).
        #expect(decoded.runs.map(\.target.creator) == [nil, OpID(replica: "alice", counter: 1), OpID(replica: "alice", counter: 3)])
        // The JS replica relays the same bytes (web/tests/no-op-runs.test.js).
        let hex = relayed.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(hex == "54564f010105616c696365030000010002000174060200010201000000010100026f6b000301010002020103016b0302")
    }
}
