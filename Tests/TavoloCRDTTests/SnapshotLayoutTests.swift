import Testing
@testable import TavoloCRDT

/// docs/crdt.md §6.4 read as a decoder would (issue 11): the agent table, the object numbering
/// of run targets (no-ops take no number), the order of the texts and the one `last` position
/// shared by every text.
@Suite("Snapshot layout as documented")
struct SnapshotLayoutTests {
    struct Run: Equatable {
        var kind: UInt8
        var backward = false
        var sameTarget = false
        var w: Int?
        var len: Int
        var delta: Int64?
        var key: String?
    }

    struct Layout {
        var replica = ""
        var agents: [String] = []
        var texts: [String] = []
        var entries: [(agent: Int, len: Int, parents: [Int])] = []
        var runs: [Run] = []
        var deleted = ""
    }

    /// Walks a snapshot field by field as §6.4 lists them.
    static func walk(_ bytes: [UInt8]) throws -> Layout {
        var r = ByteReader(bytes)
        #expect(Array(try r.raw(4)) == [0x54, 0x56, 0x44, 0x01])
        var out = Layout()
        out.replica = try r.string()
        for _ in 0..<(try r.varint()) { out.agents.append(try r.string()) }
        var lengths: [Int] = []
        for _ in 0..<(try r.varint()) { lengths.append(try r.varint()) }
        var texts = try r.block()[...]
        for l in lengths {
            out.texts.append(String(decoding: texts.prefix(l), as: UTF8.self))
            texts = texts.dropFirst(l)
        }
        for _ in 0..<(try r.varint()) {
            let agent = try r.varint(), len = try r.varint()
            var parents: [Int] = []
            for _ in 0..<(try r.varint()) { parents.append(try r.varint()) }
            out.entries.append((agent, len, parents))
        }
        for _ in 0..<(try r.varint()) {
            let flags = try r.byte()
            var run = Run(kind: flags & 7, backward: flags & 8 != 0, sameTarget: flags & 16 != 0, len: 0)
            if !run.sameTarget { run.w = try r.varint() }
            run.len = try r.varint()
            switch run.kind {
            case 0, 1: run.delta = try r.zigzag()
            case 2: run.key = try r.string(); _ = try r.value()
            case 3: run.key = try r.string()
            case 4: _ = try r.varint(); _ = try r.bool(); _ = try r.value()
            case 5: _ = try r.varint(); _ = try r.varint(); _ = try r.bool()
            default: _ = try r.varint()
            }
            out.runs.append(run)
        }
        out.deleted = String(decoding: try r.block(), as: UTF8.self)
        #expect(r.remaining == 0)
        return out
    }

    @Test func targetsTextsAndTheSharedLastPosition() throws {
        var d = Document(replica: "alice")
        let a = try d.makeObject(.text, at: "a")            // alice@0: object 1
        let list = try d.makeObject(.list, at: "l")         // alice@1: object 2
        let b = try d.makeObject(.text, at: "b")            // alice@2: object 3
        // bob@0 makes a text in an object that does not exist: a no-op, it creates nothing.
        var bad = RemoteRun(replica: "bob", seq: 0, len: 1, parents: [OpID(replica: "alice", counter: 2)],
                            kind: .mapSet, target: ObjectID(creator: OpID(replica: "nobody", counter: 0)))
        bad.key = "ghost"
        bad.value = .object(ObjectID(creator: OpID(replica: "bob", counter: 0)), .text)
        #expect(d.apply(Operations(runs: [bad])).applied == 1)
        let c = try d.makeObject(.text, at: 0, in: list)   // alice@3: object 4 (not 5)
        try d.insertText("xy", at: 0, in: c)                // last: 0 -> 2
        try d.insertText("hello", at: 0, in: a)             // delta -2, last 5
        try d.set("k", to: .int(1))                         // map run: last stays 5
        try d.insertText("zz", at: 0, in: b)                // delta -5, last 2
        try d.deleteText(at: 4, count: 1, in: a)            // backspace at 4, 3: delta +2, last 4
        try d.deleteText(at: 3, count: 1, in: a)

        let layout = try Self.walk(d.encodeSnapshot())
        #expect(layout.replica == "alice")
        #expect(layout.agents == ["alice", "bob"])
        // Texts in object order a (1), b (3), c (4); the list (2) and the ghost are not texts.
        #expect(layout.texts == ["hel", "zz", "xy"])
        #expect(layout.deleted == "lo")
        let expected: [Run] = [
            Run(kind: 2, w: 1, len: 1, key: "a"),                        // alice@0 on the root
            Run(kind: 2, sameTarget: true, len: 1, key: "l"),
            Run(kind: 2, sameTarget: true, len: 1, key: "b"),
            Run(kind: 2, w: 0, len: 1, key: "ghost"),                    // bob@0, no-op
            Run(kind: 4, w: 3, len: 1),                                  // object 2, the list
            Run(kind: 0, w: 5, len: 2, delta: 0),                        // object 4, c
            Run(kind: 0, w: 2, len: 5, delta: -2),                       // object 1, a
            Run(kind: 2, w: 1, len: 1, key: "k"),
            Run(kind: 0, w: 4, len: 2, delta: -5),                       // object 3, b
            Run(kind: 1, backward: true, w: 2, len: 2, delta: 2),        // a, at 4 then 3
        ]
        #expect(layout.runs == expected)
        #expect(try Document(decoding: d.encodeSnapshot()).node() == d.node())
    }

    @Test func aLocalEditMayExtendAnotherReplicasRun() throws {
        var b = Document(replica: "bob")
        let t = try b.makeObject(.text, at: "t")
        try b.insertText("ab", at: 0, in: t)
        var a = Document(replica: "alice")
        a.apply(b.operations())
        try a.insertText("cd", at: 2, in: t)                // continues bob@1...2 in a linear history
        let layout = try Self.walk(a.encodeSnapshot())
        #expect(layout.agents == ["alice", "bob"])
        #expect(layout.entries.map(\.agent) == [1, 0])       // bob's entry, then alice's
        #expect(layout.runs.map(\.len) == [1, 4])           // one insert run over both
        #expect(layout.texts == ["abcd"])
    }
}
