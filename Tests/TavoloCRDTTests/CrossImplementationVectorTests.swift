import Foundation
import Testing
@testable import TavoloCRDT

/// Cross-implementation vectors shared with the JavaScript replica in `web/crdt/`.
///
/// Swift -> JS: the scenarios below are written to `web/tests/vectors/swift-vectors.json` (plus one
/// `.bin` per batch and snapshot) when `TAVOLO_WRITE_VECTORS=1`; otherwise this test checks that the
/// committed files still match what Swift produces, so a format change is noticed on both sides.
/// `node --test web/tests/` then checks that JS decodes them and reaches the same content.
///
/// JS -> Swift: `web/tests/write-vectors.mjs` writes `web/tests/vectors/from-js/*.json`; each must
/// decode, apply to a fresh Swift document, reach the recorded content and version, and re-encode
/// to the same bytes.
@Suite("CrossImplementation")
struct CrossImplementationVectorTests {
    static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let vectorsDir = repoRoot.appendingPathComponent("web/tests/vectors")

    // MARK: canonical content (same function in web/tests/canonical.js)

    /// A deterministic, ASCII-only rendering of a node: maps with keys sorted by UTF-16 code units,
    /// texts as T"...", ints as i<n>, doubles as d<16 hex digits of the bits>, strings quoted with
    /// every code unit outside printable ASCII (and `"` `\`) as \uXXXX.
    static func canonical(_ n: Node) -> String {
        switch n {
        case .map(let m):
            let keys = m.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            return "{" + keys.map { quote($0) + ":" + canonical(m[$0]!) }.joined(separator: ",") + "}"
        case .list(let l):
            return "[" + l.map(canonical).joined(separator: ",") + "]"
        case .text(let s):
            return "T" + quote(s)
        case .value(let v):
            switch v {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .int(let i): return "i\(i)"
            case .double(let d): return "d" + hex64(d.bitPattern)
            case .string(let s): return quote(s)
            case .object(_, let k): return "obj\(k.rawValue)"
            }
        }
    }

    static func hex64(_ x: UInt64) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<16).map { digits[Int((x >> (60 - 4 * UInt64($0))) & 15)] })
    }

    static func quote(_ s: String) -> String {
        let digits = Array("0123456789abcdef")
        var out = "\""
        for u in s.utf16 {
            if u >= 0x20 && u <= 0x7E && u != 0x22 && u != 0x5C {
                out.append(Character(Unicode.Scalar(UInt8(u))))
            } else {
                out += "\\u" + String([digits[Int(u >> 12)], digits[Int((u >> 8) & 15)], digits[Int((u >> 4) & 15)], digits[Int(u & 15)]])
            }
        }
        return out + "\""
    }

    static func hex(_ b: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(b.count * 2)
        for x in b { s.append(digits[Int(x >> 4)]); s.append(digits[Int(x & 15)]) }
        return s
    }

    static func unhex(_ s: String) -> [UInt8] {
        let a = Array(s.utf8)
        func v(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : c >= 65 ? c - 55 : c - 48 }
        return stride(from: 0, to: a.count - 1, by: 2).map { v(a[$0]) << 4 | v(a[$0 + 1]) }
    }

    // MARK: scenarios

    struct Scenario {
        var name: String
        var description: String
        /// The merged document (every replica synced).
        var doc: Document
        /// A version of an earlier state, for "operations since".
        var since: Version
        var snapshot: Bool = false
        /// Batches a fresh replica is given in order and in reverse (concurrent branches, hostile
        /// runs): the vectors record each apply result, refused operations included.
        var inputs: [[UInt8]] = []
    }

    /// Brings `a` up to date with `b`.
    static func sync(_ a: inout Document, _ b: Document) {
        a.apply(b.operations(since: a.version))
    }

    static func emoji() throws -> Scenario {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "minutes")
        try a.insertText("Verbale: café 👩‍👩‍👧 e\u{301}!", at: 0, in: t)
        var b = Document(replica: "bob")
        sync(&b, a)
        let since = b.version
        // The family emoji starts at scalar 14: delete its first ZWJ, then backspace over "e\u{301}".
        try a.deleteText(at: 15, count: 1, in: t)
        try a.deleteText(at: 20, count: 1, in: t)
        try a.deleteText(at: 19, count: 1, in: t)
        try a.insertText("🇮🇹", at: 9, in: t)
        try b.insertText("e\u{301}👍🏽 ", at: 0, in: t)
        try b.insertText("ñ", at: 18, in: t)
        try b.deleteText(at: 2, count: 1, in: t)
        sync(&a, b)
        sync(&b, a)
        #expect(a.node() == b.node())
        return Scenario(name: "emoji-combining", description: "astral scalars, ZWJ sequences, flags, combining marks; concurrent edits around them",
                        doc: a, since: since)
    }

    static func samePosition() throws -> Scenario {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("ab", at: 0, in: t)
        var b = Document(replica: "bob"), c = Document(replica: "carol")
        sync(&b, a); sync(&c, a)
        let since = a.version
        for (i, ch) in "budget".enumerated() { try a.insertText(String(ch), at: 1 + i, in: t) }
        for (i, ch) in "venue".enumerated() { try b.insertText(String(ch), at: 1 + i, in: t) }
        // Carol types backwards (each character at the same position): "ZYX" typed gives "XYZ".
        for ch in "ZYX" { try c.insertText(String(ch), at: 1, in: t) }
        sync(&a, b); sync(&a, c); sync(&b, a); sync(&c, a)
        #expect(a.node() == b.node() && b.node() == c.node())
        return Scenario(name: "concurrent-same-position", description: "three replicas type at the same position (forward and backward typing): no interleaving",
                        doc: a, since: since)
    }

    static func deletes() throws -> Scenario {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("ab", at: 0, in: t)
        let w = try a.makeObject(.text, at: "w")
        try a.insertText("hello world", at: 0, in: w)
        var b = Document(replica: "bob"), c = Document(replica: "carol")
        sync(&b, a); sync(&c, a)
        let since = a.version
        // docs/crdt.md §3.5.
        try a.insertText("X", at: 1, in: t)
        try b.deleteText(at: 0, count: 1, in: t)
        try b.insertText("Y", at: 1, in: t)
        // Overlapping deletes and an insert inside the deleted range.
        try a.deleteText(at: 0, count: 5, in: w)
        try b.deleteText(at: 3, count: 5, in: w)
        try c.insertText("+", at: 4, in: w)
        try c.deleteText(at: 10, count: 1, in: w)
        try c.deleteText(at: 9, count: 1, in: w)
        sync(&a, b); sync(&a, c); sync(&b, a); sync(&c, a)
        #expect(a.text(t) == "XbY")
        #expect(a.node() == b.node() && b.node() == c.node())
        return Scenario(name: "deletes", description: "the worked merge of docs/crdt.md §3.5, overlapping concurrent deletes, insert inside a deleted range, backspace",
                        doc: a, since: since)
    }

    static func mapLWW() throws -> Scenario {
        // Concurrent writers from the empty version: equal lamports, the bytewise-greater replica wins.
        var a = Document(replica: "zoe"), b = Document(replica: "ümit"), c = Document(replica: "Zed")
        try a.set("title", to: .string("Bilancio"))
        try b.set("title", to: .string("Bilancio partecipato"))
        try c.set("title", to: .string("Z"))
        try a.set("n", to: .int(Int64.min))
        try b.set("n", to: .int(42))
        try a.set("x", to: .double(-0.0))
        try a.set("gone", to: .bool(true))
        let notesA = try a.makeObject(.text, at: "notes")
        try a.insertText("di zoe", at: 0, in: notesA)
        let notesB = try b.makeObject(.text, at: "notes")
        try b.insertText("di ümit", at: 0, in: notesB)
        let nested = try c.makeObject(.map, at: "meta")
        try c.set("pi", to: .double(3.25), in: nested)
        try c.set("nil", to: .null, in: nested)
        try c.set("big", to: .int(Int64.max), in: nested)
        var since = Version()
        sync(&a, b); sync(&a, c); sync(&b, a); sync(&c, a)
        since = a.version
        // Set vs delete, concurrently.
        try a.removeValue(forKey: "gone")
        try b.set("gone", to: .string("back"))
        try c.set("k", to: .bool(false))
        try c.removeValue(forKey: "k")
        sync(&a, b); sync(&a, c); sync(&b, a); sync(&c, a)
        #expect(a.node() == b.node() && b.node() == c.node())
        return Scenario(name: "map-lww", description: "map last-writer-wins with lamport ties broken bytewise on UTF-8 replica ids, set vs delete, concurrent nested objects, every value type",
                        doc: a, since: since)
    }

    static func listMoves() throws -> Scenario {
        var a = Document(replica: "alice")
        let l = try a.makeObject(.list, at: "agenda")
        for (i, s) in ["A", "B", "C", "D"].enumerated() { try a.insert(.string(s), at: i, in: l) }
        var b = Document(replica: "bob"), c = Document(replica: "carol")
        sync(&b, a); sync(&c, a)
        let since = a.version
        try a.move(from: 0, to: 3, in: l)      // A to the end
        try b.move(from: 0, to: 1, in: l)      // A after B, concurrently
        try b.move(from: 2, to: 0, in: l)      // C to the front
        try c.remove(at: 1, in: l)             // delete B
        try a.move(from: 0, to: 2, in: l)      // move B concurrently with its delete
        try b.insert(.string("b1"), at: 2, in: l)
        try c.insert(.string("c1"), at: 2, in: l)
        let item = try c.makeObject(.map, at: 0, in: l)
        try c.set("ok", to: .bool(true), in: item)
        sync(&a, b); sync(&a, c); sync(&b, a); sync(&c, a)
        try b.move(from: 0, to: 4, in: l)
        try a.move(from: 4, to: 0, in: l)
        sync(&a, b); sync(&b, a); sync(&c, a)
        #expect(a.node() == b.node() && b.node() == c.node())
        return Scenario(name: "list-moves", description: "concurrent moves of one element, move vs delete, concurrent inserts at one index, nested map in a list",
                        doc: a, since: since, snapshot: true)
    }

    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static func randomEdits(seed: UInt64, steps: Int) throws -> Scenario {
        var rng = Rng(state: seed)
        var docs = [Document(replica: "a"), Document(replica: "b"), Document(replica: "c")]
        let t = try docs[0].makeObject(.text, at: "text")
        let l = try docs[0].makeObject(.list, at: "list")
        for i in 1..<3 { sync(&docs[i], docs[0]) }
        let pieces = ["x", "yz", "é", "e\u{301}", "👍🏽", "ciao ", "🇮🇹", "\n"]
        var since = Version()
        for step in 0..<steps {
            let i = rng.int(3)
            switch rng.int(10) {
            case 0, 1, 2, 3:
                let n = docs[i].textLength(t)
                try docs[i].insertText(pieces[rng.int(pieces.count)], at: rng.int(n + 1), in: t)
            case 4, 5:
                let n = docs[i].textLength(t)
                if n > 0 {
                    let p = rng.int(n)
                    try docs[i].deleteText(at: p, count: 1 + rng.int(min(4, n - p)), in: t)
                }
            case 6:
                try docs[i].set("k\(rng.int(3))", to: .int(Int64(rng.int(1000))))
            case 7:
                let n = docs[i].values(in: l).count
                try docs[i].insert(.int(Int64(step)), at: rng.int(n + 1), in: l)
            case 8:
                let n = docs[i].values(in: l).count
                if n > 1 { try docs[i].move(from: rng.int(n), to: rng.int(n), in: l) } else if n == 1 { try docs[i].remove(at: 0, in: l) }
            default:
                let j = rng.int(3)
                if j != i { sync(&docs[i], docs[j]) }
            }
            if step == steps / 2 { since = docs[0].version }
        }
        for i in 1..<3 { sync(&docs[0], docs[i]) }
        for i in 1..<3 { sync(&docs[i], docs[0]) }
        #expect(docs[0].node() == docs[1].node() && docs[1].node() == docs[2].node())
        return Scenario(name: "random-\(seed)", description: "three replicas, \(steps) seeded random edits (text, map, list) with partial syncs",
                        doc: docs[0], since: since, snapshot: true)
    }

    /// Five replicas (non-ASCII ids among them) editing two texts, a map and a list over a network
    /// that reorders, duplicates and drops broadcasts; anti-entropy at the end.
    static func networkFuzz(seed: UInt64, steps: Int) throws -> Scenario {
        var rng = Rng(state: seed)
        var docs = ["a", "b", "ümit", "Zed", "zoe"].map { Document(replica: $0) }
        let t = try docs[0].makeObject(.text, at: "t")
        let t2 = try docs[0].makeObject(.text, at: "t2")
        let l = try docs[0].makeObject(.list, at: "l")
        for i in 1..<docs.count { sync(&docs[i], docs[0]) }
        let pieces = ["a", "bc", "é", "e\u{301}", "👩‍👩‍👧", "ciao ", "🇮🇹", "Z"]
        var net: [(Int, [UInt8])] = []
        var sent = [Version](repeating: Version(), count: docs.count)
        for step in 0..<steps {
            let i = rng.int(docs.count)
            let obj = rng.int(3) == 0 ? t2 : t
            switch rng.int(14) {
            case 0...4:
                try docs[i].insertText(pieces[rng.int(pieces.count)], at: rng.int(docs[i].textLength(obj) + 1), in: obj)
            case 5, 6:
                let n = docs[i].textLength(obj)
                if n > 0 { let p = rng.int(n); try docs[i].deleteText(at: p, count: 1 + rng.int(min(5, n - p)), in: obj) }
            case 7:
                if rng.int(4) == 0 { try docs[i].removeValue(forKey: "k\(rng.int(3))") } else { try docs[i].set("k\(rng.int(3))", to: .int(Int64(step))) }
            case 8:
                try docs[i].insert(.string("e\(step)"), at: rng.int(docs[i].values(in: l).count + 1), in: l)
            case 9:
                let n = docs[i].values(in: l).count
                if n > 1 { try docs[i].move(from: rng.int(n), to: rng.int(n), in: l) }
            case 10:
                let n = docs[i].values(in: l).count
                if n > 2 { try docs[i].remove(at: rng.int(n), in: l) }
            case 11:
                let bytes = docs[i].encodedOperations(since: rng.int(4) == 0 ? Version() : sent[i])
                sent[i] = docs[i].version
                for j in 0..<docs.count where j != i && rng.int(10) != 0 { net.append((j, bytes)) }
            default:
                if !net.isEmpty {
                    let k = rng.int(net.count)
                    let (to, bytes) = net[k]
                    if rng.int(5) != 0 { net.remove(at: k) }
                    try docs[to].apply(encoded: bytes)
                }
            }
        }
        let since = docs[0].version
        for _ in 0..<2 { for i in docs.indices { for j in docs.indices where i != j { sync(&docs[i], docs[j]) } } }
        for d in docs { #expect(d.node() == docs[0].node()) }
        return Scenario(name: "network-\(seed)", description: "five replicas, \(steps) seeded edits over a reordering, duplicating, lossy network",
                        doc: docs[0], since: since)
    }

    /// Text runs outside the text at their parent version, concurrent with local edits: operations
    /// outside do nothing (a partly valid run does its valid prefix), the run keeps its place in the
    /// history and is reported in `refused` by its first operation outside the text (past the end
    /// or, for a backspace run, below 0), in any delivery order and on either merge path (§5).
    static func refused() throws -> Scenario {
        var a = Document(replica: "alice")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("abc", at: 0, in: t)
        let base = OpID(replica: "alice", counter: a.version["alice"] - 1)
        let since = a.version
        try a.insertText("Q", at: 1, in: t)
        try a.deleteText(at: 3, count: 1, in: t)
        let mine = a.encodedOperations()
        let after = OpID(replica: "alice", counter: a.version["alice"] - 1)
        func ins(_ r: String, _ seq: Int, _ parents: [OpID], _ pos: Int, _ s: String) -> RemoteRun {
            RemoteRun(replica: r, seq: seq, len: s.unicodeScalars.count, parents: parents, kind: .insertText, target: t, pos: pos,
                      content: s.unicodeScalars.map(\.value))
        }
        func del(_ r: String, _ seq: Int, _ parents: [OpID], _ pos: Int, _ len: Int, _ forward: Bool) -> RemoteRun {
            RemoteRun(replica: r, seq: seq, len: len, parents: parents, kind: .deleteText, target: t, pos: pos, forward: forward)
        }
        let h6 = OpID(replica: "h6", counter: 1)
        let hostile = Operations(runs: [
            ins("h1", 0, [base], 10, "xy"),                            // insert past the end: a no-op
            ins("h1", 2, [OpID(replica: "h1", counter: 1)], 0, "z"),   // after a no-op: applies
            del("h2", 0, [base], 2, 4, true),                          // forward delete past the end: 1 done
            del("h3", 0, [base], 1, 3, false),                         // backward delete below 0: 2 done, h3@2 (at -1) reported
            del("h4", 0, [base], 3, 1, false),                         // backward delete at the end: a no-op
            del("h5", 0, [base], 3, 1, true),                          // forward delete at the end: a no-op
            ins("h6", 0, [base], 3, "xy"),                             // insert at the end: valid
            ins("h7", 0, [base, h6], 5, "😀"),                         // at the end of merged parents: valid
            del("h8", 0, [after, h6], 3, 5, true),                     // 5 long there: 2 done
            ins("h9", 0, [after], 4, "!"),                             // past the end of alice's text: a no-op
        ])
        let bad = hostile.encoded()
        let result = a.apply(hostile)
        #expect(result.refused.map { "\($0.replica)@\($0.counter)" }.sorted() == ["h1@0", "h2@1", "h3@2", "h4@0", "h5@0", "h8@2", "h9@0"])
        try a.insertText("!", at: a.textLength(t), in: t)
        #expect(a.text(t) == "zQ😀!")
        let all = a.encodedOperations()
        // On top of everything, so merged straight (DirectText) in order, through the tracker reversed.
        let last = OpID(replica: "alice", counter: a.version["alice"] - 1)
        let straight = Operations(runs: [
            del("h10", 0, [last], 1, 4, false),                        // Q and z go, h10@2 (at -1) reported
            del("h11", 0, [OpID(replica: "h10", counter: 3)], 1, 5, true), // on "😀!": '!' goes, h11@1 reported
        ])
        let straightResult = a.apply(straight)
        #expect(straightResult.refused.map { "\($0.replica)@\($0.counter)" }.sorted() == ["h10@2", "h11@1"])
        #expect(a.text(t) == "😀")
        return Scenario(name: "refused", description: "text runs outside the text at their parent version, concurrent with local edits or on top of everything: no-ops reported in refused by their first operation outside, the same in any order",
                        doc: a, since: since, inputs: [mine, bad, all, straight.encoded()])
    }

    /// Five replicas type at the start, middle and end of one text without syncing; merged one
    /// replica at a time, in two orders, and run by run.
    static func concurrentTyping() throws -> Scenario {
        let names = ["eve", "Dan", "carla", "bob", "ümit"]
        var docs = names.map { Document(replica: $0) }
        let t = try docs[0].makeObject(.text, at: "t")
        try docs[0].insertText("Ordine del giorno.", at: 0, in: t)
        for i in 1..<docs.count { sync(&docs[i], docs[0]) }
        let since = docs[0].version
        let baseOps = docs[0].encodedOperations()
        for i in docs.indices {
            for round in 0..<3 {
                try docs[i].insertText("\(names[i])\(round) ", at: 0, in: t)
                try docs[i].insertText("[\(i)]", at: docs[i].textLength(t) / 2, in: t)
                try docs[i].insertText(" \(round)\(names[i])", at: docs[i].textLength(t), in: t)
                if round == 1 { try docs[i].deleteText(at: docs[i].textLength(t) - 3, count: 2, in: t) }
                for ch in "abc" { try docs[i].insertText(String(ch), at: 5, in: t) }
            }
        }
        let batches = docs.map { $0.encodedOperations(since: since) }
        var m = Document(replica: "merger")
        sync(&m, docs[0])
        for b in batches { try m.apply(encoded: b) }
        return Scenario(name: "concurrent-typing", description: "five replicas type at the start, middle and end of one text without syncing; merged in two orders and run by run",
                        doc: m, since: since, inputs: [baseOps] + batches)
    }

    /// Three replicas syncing in a rotating partial pattern: a braided history of many merges.
    static func braid() throws -> Scenario {
        var rng = Rng(state: 99)
        var docs = ["x", "y", "z"].map { Document(replica: "braid-\($0)") }
        let t = try docs[0].makeObject(.text, at: "t")
        try docs[0].insertText("0123456789", at: 0, in: t)
        for i in 1..<3 { sync(&docs[i], docs[0]) }
        let since = docs[0].version
        let pieces = ["a", "bc", "é", "e\u{301}", "👩‍👩‍👧", "ciao ", "🇮🇹", "Z"]
        for step in 0..<120 {
            let i = step % 3
            let n = docs[i].textLength(t)
            if rng.int(3) == 0 && n > 2 {
                try docs[i].deleteText(at: rng.int(n - 1), count: 1 + rng.int(2), in: t)
            } else {
                try docs[i].insertText(pieces[rng.int(pieces.count)], at: rng.int(n + 1), in: t)
            }
            if step % 4 == 3 { sync(&docs[(step + 1) % 3], docs[i]) }
        }
        for i in 1..<3 { sync(&docs[0], docs[i]) }
        return Scenario(name: "braid", description: "three replicas edit one text and sync in a rotating partial pattern (a braided history)",
                        doc: docs[0], since: since)
    }

    /// Two replicas edit apart for a long time (1,500 edits each), then merge.
    static func twoBranch() throws -> Scenario {
        var rng = Rng(state: 4242)
        var a = Document(replica: "left"), b = Document(replica: "right")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText(String(repeating: "Il bilancio partecipato del quartiere. ", count: 5), at: 0, in: t)
        sync(&b, a)
        let since = a.version
        let baseOps = a.encodedOperations()
        let pieces = ["a", "bc", "é", "e\u{301}", "👩‍👩‍👧", "ciao ", "🇮🇹", "Z"]
        for side in 0..<2 {
            for k in 0..<1500 {
                let n = side == 0 ? a.textLength(t) : b.textLength(t)
                if rng.int(4) == 0 && n > 10 {
                    let (p, c) = (rng.int(n - 5), 1 + rng.int(4))
                    if side == 0 { try a.deleteText(at: p, count: c, in: t) } else { try b.deleteText(at: p, count: c, in: t) }
                } else {
                    let p = rng.int(8) == 0 ? rng.int(n + 1) : min(n, (k * 7) % (n + 1))
                    let s = pieces[rng.int(pieces.count)]
                    if side == 0 { try a.insertText(s, at: p, in: t) } else { try b.insertText(s, at: p, in: t) }
                }
            }
        }
        let fromA = a.encodedOperations(since: since), fromB = b.encodedOperations(since: since)
        sync(&a, b); sync(&b, a)
        #expect(a.node() == b.node())
        return Scenario(name: "two-branch", description: "two replicas make 1,500 edits each apart, then merge (both directions)",
                        doc: a, since: since, inputs: [baseOps, fromA, fromB])
    }

    static func scenarios() throws -> [Scenario] {
        [try emoji(), try samePosition(), try deletes(), try mapLWW(), try listMoves(),
         try refused(), try concurrentTyping(), try braid(), try twoBranch(),
         try randomEdits(seed: 1, steps: 300), try randomEdits(seed: 7, steps: 600), try randomEdits(seed: 11, steps: 1500),
         try networkFuzz(seed: 21, steps: 400), try networkFuzz(seed: 22, steps: 400), try networkFuzz(seed: 23, steps: 800)]
    }

    /// Every generated file, path relative to `vectorsDir` -> bytes.
    static func generate() throws -> [(String, [UInt8])] {
        var files: [(String, [UInt8])] = []
        var entries: [String] = []
        for s in try scenarios() {
            let ops = s.doc.encodedOperations()
            let opsSince = s.doc.encodedOperations(since: s.since)
            files.append(("swift/\(s.name).ops.bin", ops))
            var fields = [
                "\"name\": \(quote(s.name))",
                "\"description\": \(quote(s.description))",
                "\"replica\": \(quote(s.doc.replica))",
                "\"node\": \(quote(canonical(s.doc.node())))",
                "\"version\": \"\(hex(s.doc.version.encoded()))\"",
                "\"operationCount\": \(s.doc.operationCount)",
                "\"ops\": \"\(hex(ops))\"",
                "\"since\": \"\(hex(s.since.encoded()))\"",
                "\"opsSince\": \"\(hex(opsSince))\"",
            ]
            // History of every text object: text at `since`, patches from `since`, authorship.
            var histories: [String] = []
            for obj in s.doc.objectIDs(of: .text) {
                let id = obj.creator.map { "\($0.replica)@\($0.counter)" } ?? "root"
                let patches = s.doc.changes(in: obj, from: s.since, to: s.doc.version)
                    .map { "[\($0.position),\($0.deleted),\(quote($0.inserted))]" }.joined(separator: ",")
                let authors = s.doc.authorship(of: obj)
                    .map { "[\($0.position),\($0.count),\(quote($0.replica)),\(quote("\($0.first.replica)@\($0.first.counter)"))]" }
                    .joined(separator: ",")
                histories.append("{\"object\": \(quote(id)), \"textAtSince\": \(quote(s.doc.text(obj, at: s.since))), "
                                 + "\"changes\": [\(patches)], \"authorship\": [\(authors)]}")
            }
            fields.append("\"texts\": [" + histories.joined(separator: ", ") + "]")
            // Delivery bookkeeping: each run alone, newest first, then the whole batch again.
            let runs = try Operations(decoding: ops).runs
            if runs.count <= 80 {
                var d = Document(replica: "delivery")
                var results: [String] = []
                for r in runs.reversed() + [nil] {
                    let res = r.map { d.apply(Operations(runs: [$0])) } ?? d.apply(Operations(runs: runs))
                    let missing = res.missing.map { quote("\($0.replica)@\($0.counter)") }.joined(separator: ",")
                    results.append("[\(res.applied),\(res.duplicates),\(res.buffered),[\(missing)]]")
                }
                fields.append("\"deliveryResults\": [" + results.joined(separator: ",") + "]")
            }
            if !s.inputs.isEmpty {
                fields.append("\"inputs\": [" + s.inputs.map { "\"\(hex($0))\"" }.joined(separator: ", ") + "]")
                for (key, order) in [("inputResults", s.inputs), ("inputResultsReversed", Array(s.inputs.reversed()))] {
                    var d = Document(replica: "inputs")
                    var results: [String] = []
                    for b in order { results.append(resultText(try d.apply(encoded: b))) }
                    fields.append("\"\(key)\": [" + results.joined(separator: ",") + "]")
                }
            }
            if s.snapshot {
                let snap = s.doc.encodeSnapshot()
                files.append(("swift/\(s.name).snapshot.bin", snap))
                fields.append("\"snapshot\": \"\(hex(snap))\"")
            }
            entries.append("  {\n    " + fields.joined(separator: ",\n    ") + "\n  }")
        }
        let json = "[\n" + entries.joined(separator: ",\n") + "\n]\n"
        files.append(("swift-vectors.json", Array(json.utf8)))
        return files
    }

    /// An apply result as `[applied,duplicates,buffered,[missing],[refused]]` (ids quoted by `quote`).
    static func resultText(_ r: ApplyResult) -> String {
        func ids(_ list: [OpID]) -> String { "[" + list.map { quote("\($0.replica)@\($0.counter)") }.joined(separator: ",") + "]" }
        return "[\(r.applied),\(r.duplicates),\(r.buffered),\(ids(r.missing)),\(ids(r.refused))]"
    }

    /// The same rendering of a result parsed from a JS vector.
    static func resultText(json: Any) -> String {
        guard let a = json as? [Any], a.count == 5 else { return "malformed \(json)" }
        func ids(_ x: Any) -> String { "[" + ((x as? [String]) ?? []).map(quote).joined(separator: ",") + "]" }
        return "[\(a[0]),\(a[1]),\(a[2]),\(ids(a[3])),\(ids(a[4]))]"
    }

    @Test("Swift vectors match the committed files (TAVOLO_WRITE_VECTORS=1 rewrites them)")
    func swiftVectors() throws {
        let files = try Self.generate()
        let write = ProcessInfo.processInfo.environment["TAVOLO_WRITE_VECTORS"] == "1"
        for (path, bytes) in files {
            let url = Self.vectorsDir.appendingPathComponent(path)
            if write {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
            } else {
                let committed = try? Data(contentsOf: url)
                #expect(committed.map { [UInt8]($0) } == bytes, "\(path) differs from what Swift produces: a format or merge change? Rewrite with TAVOLO_WRITE_VECTORS=1 and re-run node --test web/tests/")
            }
        }
    }

    @Test("Swift vectors round-trip in Swift (decode, apply to a fresh replica, re-encode)")
    func swiftRoundTrip() throws {
        for s in try Self.scenarios() {
            let ops = s.doc.encodedOperations()
            var fresh = Document(replica: "check")
            let result = try fresh.apply(encoded: ops)
            #expect(result.buffered == 0)
            #expect(Self.canonical(fresh.node()) == Self.canonical(s.doc.node()), "\(s.name)")
            #expect(fresh.encodedOperations() == ops, "\(s.name)")
            if s.snapshot {
                let loaded = try Document(decoding: s.doc.encodeSnapshot())
                #expect(Self.canonical(loaded.node()) == Self.canonical(s.doc.node()))
                #expect(loaded.encodedOperations() == ops)
            }
        }
    }

    @Test("JS vectors (web/tests/vectors/from-js) decode and apply to the same content in Swift")
    func jsVectors() throws {
        let dir = Self.vectorsDir.appendingPathComponent("from-js")
        func jsonFiles(_ sub: String) -> [String] {
            let d = sub.isEmpty ? dir : dir.appendingPathComponent(sub)
            let found = (try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []
            return found.filter { $0.hasSuffix(".json") }.sorted().map { sub.isEmpty ? $0 : sub + "/" + $0 }
        }
        // Named scenarios, then the JS convergence fuzzer's histories (from-js/fuzz).
        let names = jsonFiles("") + jsonFiles("fuzz")
        #expect(names.count > 10, "missing JS vectors: run node web/tests/write-vectors.mjs")
        for name in names {
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let opsHex = try #require(obj["ops"] as? String)
            let ops = Self.unhex(opsHex)
            var fresh = Document(replica: "swift-check")
            let result = try fresh.apply(encoded: ops)
            #expect(result.buffered == 0, "\(name)")
            #expect(Self.canonical(fresh.node()) == obj["node"] as? String, "\(name): content differs")
            #expect(Self.hex(fresh.version.encoded()) == obj["version"] as? String, "\(name): version differs")
            #expect(fresh.encodedOperations() == ops, "\(name): re-encoding differs")
            #expect(fresh.checkInvariants().isEmpty, "\(name): \(fresh.checkInvariants())")
            // The same operations split into per-run batches, applied newest first (all buffered until the end).
            let decoded = try Operations(decoding: ops)
            var reversed = Document(replica: "swift-reversed")
            for run in decoded.runs.reversed() { reversed.apply(Operations(runs: [run])) }
            // Operations outside the text at their parent version are refused (§5), so every
            // order reaches "node"; JS records what it reached, Swift must reach the same.
            #expect(Self.canonical(reversed.node()) == obj["nodeReversed"] as? String, "\(name): out-of-order apply differs")
            #expect(obj["nodeReversed"] as? String == obj["node"] as? String, "\(name): JS reached different contents by delivery order")
            // Batches (concurrent branches, hostile runs) given to a fresh replica in order and in
            // reverse: the same apply results (refused operations included) and content as in JS.
            if let inputs = obj["inputs"] as? [String] {
                let batches = inputs.map { Self.unhex($0) }
                for (label, order, key) in [("in order", batches, "inputResults"), ("reversed", Array(batches.reversed()), "inputResultsReversed")] {
                    var d = Document(replica: "swift-inputs")
                    var results: [String] = []
                    for b in order { results.append(Self.resultText(try d.apply(encoded: b))) }
                    let want = try #require(obj[key] as? [Any]).map { Self.resultText(json: $0) }
                    #expect(results == want, "\(name): apply results \(label) differ")
                    #expect(Self.canonical(d.node()) == obj["node"] as? String, "\(name): batches \(label) reach different content")
                    #expect(d.checkInvariants().isEmpty, "\(name): \(d.checkInvariants())")
                }
            }
            if let snapHex = obj["snapshot"] as? String {
                let snap = Self.unhex(snapHex)
                let loaded = try Document(decoding: snap)
                #expect(loaded.replica == obj["replica"] as? String)
                #expect(Self.canonical(loaded.node()) == obj["node"] as? String, "\(name): snapshot content differs")
                #expect(loaded.encodeSnapshot() == snap, "\(name): snapshot re-encoding differs")
                #expect(loaded.encodedOperations() == ops, "\(name): operations of the loaded snapshot differ")
            }
            if let sinceHex = obj["since"] as? String, let opsSinceHex = obj["opsSince"] as? String {
                let since = try Version(decoding: Self.unhex(sinceHex))
                #expect(Self.hex(fresh.encodedOperations(since: since)) == opsSinceHex, "\(name): operations since differ")
            }
        }
    }
}
