import Foundation
import Testing
@testable import TavoloCRDT

@Suite("Encoding")
struct EncodingTests {
    /// A small document exercising every operation kind and value type.
    static func sample() throws -> Document {
        var d = Document(replica: "alice")
        let agenda = try d.makeObject(.list, at: "agenda")
        let minutes = try d.makeObject(.text, at: "minutes")
        try d.insertText("Verbale: café 👩‍👩‍👧", at: 0, in: minutes)
        try d.deleteText(at: 3, count: 2, in: minutes)
        try d.deleteText(at: 2, count: 1, in: minutes)  // backspace run
        try d.insert(.string("Bilancio"), at: 0, in: agenda)
        try d.insert(.int(-42), at: 1, in: agenda)
        let item = try d.makeObject(.map, at: 2, in: agenda)
        try d.set("ok", to: .bool(true), in: item)
        try d.set("no", to: .bool(false), in: item)
        try d.set("nothing", to: .null, in: item)
        try d.set("pi", to: .double(3.25), in: item)
        try d.move(from: 2, to: 0, in: agenda)
        try d.remove(at: 1, in: agenda)
        try d.removeValue(forKey: "no", in: item)
        var b = Document(replica: "bob")
        b.apply(d.operations())
        try b.insertText("[bob]", at: 0, in: minutes)
        d.apply(b.operations(since: d.version))
        return d
    }

    @Test func operationsRoundTrip() throws {
        let d = try Self.sample()
        let ops = d.operations()
        let decoded = try Operations(decoding: ops.encoded())
        #expect(decoded == ops)
        var fresh = Document(replica: "carol")
        fresh.apply(decoded)
        #expect(fresh.node() == d.node())
    }

    @Test func snapshotRoundTrip() throws {
        let d = try Self.sample()
        let bytes = d.encodeSnapshot()
        var loaded = try Document(decoding: bytes)
        #expect(loaded.node() == d.node())
        #expect(loaded.version == d.version)
        #expect(loaded.encodeSnapshot() == bytes)
        #expect(loaded.checkInvariants().isEmpty)
        // The loaded document keeps editing and syncing.
        let minutes = ObjectID(creator: OpID(replica: "alice", counter: 1))
        try loaded.insertText("!", at: 0, in: minutes)
        var other = d
        other.apply(loaded.operations(since: other.version))
        #expect(other.node() == loaded.node())
    }

    @Test func versionRoundTrip() throws {
        let v = try Self.sample().version
        #expect(try Version(decoding: v.encoded()) == v)
    }

    /// Golden files: a change to the format must be deliberate (bump the version byte).
    @Test func goldenFixtures() throws {
        let d = try Self.sample()
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let cases: [(String, [UInt8])] = [
            ("sample-operations-v1.bin", d.encodedOperations()),
            ("sample-snapshot-v1.bin", d.encodeSnapshot()),
            ("sample-version-v1.bin", d.version.encoded()),
        ]
        for (name, bytes) in cases {
            let url = dir.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["TAVOLO_UPDATE_FIXTURES"] != nil {
                try Data(bytes).write(to: url)
            }
            let golden = try [UInt8](Data(contentsOf: url))
            #expect(golden == bytes, "\(name) changed: the binary format moved without a version bump")
        }
        // Old files keep decoding to the same document.
        let snap = try [UInt8](Data(contentsOf: dir.appendingPathComponent("sample-snapshot-v1.bin")))
        #expect(try Document(decoding: snap).node() == d.node())
        let ops = try [UInt8](Data(contentsOf: dir.appendingPathComponent("sample-operations-v1.bin")))
        var fresh = Document(replica: "x")
        try fresh.apply(encoded: ops)
        #expect(fresh.node() == d.node())
    }

    @Test func lz4RoundTrip() throws {
        var rng = SeededRandom(seed: 7)
        for n in [0, 1, 5, 12, 13, 100, 70_000] {
            let words = ["the ", "minutes ", "of ", "la ", "riunione ", "\n"]
            var s: [UInt8] = []
            while s.count < n { s += Array(words[rng.int(words.count)].utf8) }
            s = Array(s.prefix(n))
            let c = LZ4Block.compress(s)
            #expect(try LZ4Block.decompress(c[...], size: s.count) == s)
        }
    }
}

@Suite("Documented examples")
struct DocumentedExampleTests {
    /// The byte-by-byte example of docs/crdt.md §6.2.
    @Test func operationsExampleMatchesTheDocs() throws {
        var d = Document(replica: "alice")
        let t = try d.makeObject(.text, at: "t")
        try d.insertText("hi", at: 0, in: t)
        let expected: [UInt8] = [
            0x54, 0x56, 0x4F, 0x01, 0x01, 0x05, 0x61, 0x6C, 0x69, 0x63, 0x65, 0x02,
            0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x01, 0x74, 0x06, 0x02,
            0x00, 0x01, 0x02, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x68, 0x69,
        ]
        #expect(d.encodedOperations() == expected)
    }
}

@Suite("Long runs")
struct LongRunTests {
    /// One paste longer than the longest run a decoder accepts still encodes, decodes and loads.
    @Test func runsLongerThanTheWireLimitAreSplit() throws {
        var d = Document(replica: "alice")
        let t = try d.makeObject(.text, at: "t")
        let n = DecodeLimits.maxRunLength + 5
        try d.insertText(String(repeating: "a", count: n), at: 0, in: t)
        try d.deleteText(at: 0, count: n - 2, in: t)
        var b = Document(replica: "bob")
        try b.apply(encoded: d.encodedOperations())
        #expect(b.text(t) == "aa")
        let loaded = try Document(decoding: d.encodeSnapshot())
        #expect(loaded.text(t) == "aa")
        let pasted = loaded.text(t, at: Version(["alice": 1 + n]))
        #expect(pasted.unicodeScalars.count == n && pasted.allSatisfy { $0 == "a" })
    }
}
