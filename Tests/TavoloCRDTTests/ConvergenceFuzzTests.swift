import Foundation
import Testing
@testable import TavoloCRDT

/// Several replicas make random edits of every kind and exchange encoded operations through a
/// network that reorders, duplicates, drops (then resends) and partitions. At the end every
/// replica must be identical and healthy. `TAVOLO_FUZZ_SEEDS=5000` runs that many seeds.
@Suite("Convergence fuzzer")
struct ConvergenceFuzzTests {
    static let alphabet: [String] = ["a", "b", "c", "d", " ", "é", "e\u{301}", "👍", "👩‍👩‍👧", "中", "\n"]

    static var seeds: [UInt64] {
        let n = ProcessInfo.processInfo.environment["TAVOLO_FUZZ_SEEDS"].flatMap(Int.init) ?? 4
        return (0..<UInt64(n)).map { $0 }
    }

    @Test func fewSeeds() throws {
        for seed in Self.seeds { try Self.run(seed: seed, replicas: 3 + Int(seed % 3), steps: 300) }
    }

    struct Message { var to: Int; var bytes: [UInt8] }

    static func run(seed: UInt64, replicas n: Int, steps: Int) throws {
        var rng = SeededRandom(seed: seed)
        var docs = (0..<n).map { Document(replica: "r\($0)") }
        // Shared objects everyone starts from (as a table's agenda, minutes and metadata).
        var setup = Document(replica: "setup")
        let agenda = try setup.makeObject(.list, at: "agenda")
        try setup.makeObject(.text, at: "minutes")
        try setup.makeObject(.map, at: "meta")
        for k in 0..<3 { try setup.insert(.string("item\(k)"), at: k, in: agenda) }
        for i in 0..<n { docs[i].apply(setup.operations()) }
        var network: [Message] = []
        var partitioned = false
        var group = [Bool](repeating: false, count: n)

        func broadcast(from i: Int, _ ops: Operations) {
            let bytes = ops.encoded()
            for j in 0..<n where j != i { network.append(Message(to: j, bytes: bytes)) }
        }

        for _ in 0..<steps {
            let roll = rng.int(100)
            if roll < 55 {
                let i = rng.int(n)
                let before = docs[i].version
                try randomEdit(&docs[i], &rng)
                broadcast(from: i, docs[i].operations(since: before))
            } else if roll < 85, !network.isEmpty {
                let k = rng.int(network.count)
                let m = network[k]
                let blocked = partitioned && group[m.to] != group[(m.to + 1) % n]
                if rng.chance(0.1) || blocked {
                    // Dropped (or held back by the partition): the anti-entropy below resends.
                    if !blocked { network.remove(at: k) }
                    continue
                }
                if !rng.chance(0.15) { network.remove(at: k) }  // else duplicated: delivered again later
                // Sometimes deliver a batch cut in two, second half first.
                if rng.chance(0.2), let ops = try? Operations(decoding: m.bytes), ops.runs.count > 1 {
                    let cut = 1 + rng.int(ops.runs.count - 1)
                    docs[m.to].apply(Operations(runs: Array(ops.runs[cut...])))
                    docs[m.to].apply(Operations(runs: Array(ops.runs[..<cut])))
                } else {
                    _ = try docs[m.to].apply(encoded: m.bytes)
                }
            } else if roll < 92 {
                // Version-based sync between two replicas.
                let a = rng.int(n), b = rng.int(n)
                if a != b { try docs[a].apply(encoded: docs[b].encodedOperations(since: docs[a].version)) }
            } else if roll < 95 {
                partitioned.toggle()
                for k in 0..<n { group[k] = rng.chance(0.5) }
            } else if roll < 97 {
                // Reload a replica from its snapshot.
                let i = rng.int(n)
                let buffered = docs[i].pending
                docs[i] = try Document(decoding: docs[i].encodeSnapshot())
                docs[i].pending = buffered
            }
        }
        // Heal and run anti-entropy until everyone has everything.
        for _ in 0..<3 {
            for a in 0..<n { for b in 0..<n where a != b {
                try docs[a].apply(encoded: docs[b].encodedOperations(since: docs[a].version))
            } }
        }
        let reference = docs[0].node()
        if ProcessInfo.processInfo.environment["TAVOLO_FUZZ_PRINT"] != nil {
            print("seed \(seed): \(docs[0].operationCount) ops, \(reference)")
        }
        for (i, d) in docs.enumerated() {
            #expect(d.version == docs[0].version, "seed \(seed): replica \(i) version differs")
            #expect(d.node() == reference, "seed \(seed): replica \(i) content differs")
            #expect(d.bufferedCount == 0, "seed \(seed): replica \(i) still buffers operations")
            let problems = d.checkInvariants()
            #expect(problems.isEmpty, "seed \(seed): replica \(i): \(problems)")
        }
    }

    static func randomEdit(_ d: inout Document, _ rng: inout SeededRandom) throws {
        let texts = d.objectIDs(of: .text), lists = d.objectIDs(of: .list), maps = d.objectIDs(of: .map)
        switch rng.int(10) {
        case 0...4 where !texts.isEmpty:
            let t = texts[rng.int(texts.count)]
            let len = d.textLength(t)
            if len > 0 && rng.chance(0.25) {
                let p = rng.int(len)
                try d.deleteText(at: p, count: 1 + rng.int(min(4, len - p)), in: t)
            } else {
                // Favour the ends so that concurrent inserts often share a position.
                let p = rng.chance(0.5) ? (rng.chance(0.5) ? 0 : len) : rng.int(len + 1)
                var s = ""
                for _ in 0..<(1 + rng.int(4)) { s += alphabet[rng.int(alphabet.count)] }
                try d.insertText(s, at: p, in: t)
            }
        case 4...6 where !lists.isEmpty:
            let l = lists[rng.int(lists.count)]
            let count = d.values(in: l).count
            let r = rng.int(10)
            if count > 0 && r < 3 {
                try d.move(from: rng.int(count), to: rng.int(count), in: l)
            } else if count > 0 && r < 5 {
                try d.remove(at: rng.int(count), in: l)
            } else if r < 6 {
                try d.makeObject([.text, .map, .list][rng.int(3)], at: rng.int(count + 1), in: l)
            } else {
                try d.insert(.int(Int64(rng.int(100))), at: rng.int(count + 1), in: l)
            }
        default:
            let m = rng.chance(0.3) ? ObjectID.root : maps[rng.int(maps.count)]
            let key = ["a", "b", "c", "title", "x", "y", "z"][rng.int(7)]
            switch rng.int(m == .root ? 6 : 8) {
            case 0: try d.makeObject(.text, at: key, in: m)
            case 1: try d.makeObject(.list, at: key, in: m)
            case 2: try d.makeObject(.map, at: key, in: m)
            case 3: try d.removeValue(forKey: key, in: m)
            case 4: try d.set(key, to: .string(alphabet[rng.int(alphabet.count)]), in: m)
            case 5: try d.set(key, to: .double(Double(rng.int(1000)) / 8), in: m)
            default: try d.set(key, to: .int(Int64(rng.int(1000))), in: m)
            }
        }
    }
}
