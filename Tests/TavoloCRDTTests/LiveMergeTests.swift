import Foundation
import Testing
@testable import TavoloCRDT

/// The kept tracker (`LiveText`): merging batch after batch as they arrive must give exactly what
/// a fresh replica merging everything at once gives, and what the history replay gives, at every
/// step; merges that start at a critical version must equal full merges; operations outside their
/// text at their parent version must do nothing, identically everywhere, and be caught before a
/// server applies them. `TAVOLO_FUZZ_SEEDS=5000` runs that many seeds.
@Suite("Live merge")
struct LiveMergeTests {
    static var seeds: [UInt64] {
        let n = ProcessInfo.processInfo.environment["TAVOLO_FUZZ_SEEDS"].flatMap(Int.init) ?? 6
        return (0..<UInt64(n)).map { $0 }
    }

    /// Writers that type at random places, sometimes syncing with one another, and the batches
    /// they produce in the order they make them (what a server receives).
    struct Typists {
        var docs: [Document]
        let text: ObjectID
        var rng: SeededRandom
        var batches: [Operations] = []

        init(seed: UInt64, writers: Int, setup: inout Document) throws {
            text = try setup.makeObject(.text, at: "minutes")
            try setup.insertText("Verbale della seduta.", at: 0, in: text)
            docs = (0..<writers).map { Document(replica: "w\($0)") }
            for i in docs.indices { docs[i].apply(setup.operations()) }
            rng = SeededRandom(seed: seed)
            batches = [setup.operations()]
        }

        /// One step: a writer edits (and its batch goes out), or two writers sync.
        mutating func step() throws {
            let i = rng.int(docs.count)
            if rng.chance(0.2) {
                let j = rng.int(docs.count)
                docs[i].apply(docs[j].operations(since: docs[i].version))
                return
            }
            let before = docs[i].version
            for _ in 0..<(1 + rng.int(3)) {
                let n = docs[i].textLength(text)
                if n > 0 && rng.chance(0.35) {
                    let at = rng.int(n)
                    try docs[i].deleteText(at: at, count: 1 + rng.int(Swift.min(4, n - at)), in: text)
                } else {
                    // Often at the same places as the others (start, end, the middle).
                    let at = [0, n, n / 2, rng.int(n + 1)][rng.int(4)]
                    try docs[i].insertText(["a", "bc", "é", "👍", " x "][rng.int(5)], at: at, in: text)
                }
            }
            batches.append(docs[i].operations(since: before))
        }
    }

    @Test func incrementalEqualsFromScratchAtEveryStep() throws {
        for seed in Self.seeds {
            var setup = Document(replica: "setup")
            var typists = try Typists(seed: seed, writers: 3 + Int(seed % 4), setup: &setup)
            var server = Document(replica: "server")
            var applied = 0
            for step in 0..<120 {
                try typists.step()
                while applied < typists.batches.count {
                    server.apply(typists.batches[applied])
                    applied += 1
                }
                var scratch = Document(replica: "scratch")
                var all = Operations.empty
                for b in typists.batches { all.append(b) }
                scratch.apply(all)
                let live = server.text(typists.text)
                #expect(live == scratch.text(typists.text), "seed \(seed) step \(step): live merge differs from a full merge")
                #expect(live == server.text(typists.text, at: server.version), "seed \(seed) step \(step): differs from the history replay")
            }
            #expect(server.checkInvariants().isEmpty, "seed \(seed): \(server.checkInvariants())")
        }
    }

    @Test func mergeFromACriticalVersionEqualsAFullMerge() throws {
        for seed in Self.seeds {
            // A long sequential stretch (every version in it is critical), then two branches.
            var a = Document(replica: "alice")
            let t = try a.makeObject(.text, at: "t")
            var rng = SeededRandom(seed: seed)
            for k in 0..<200 { try a.insertText(String(k % 10), at: rng.int(a.textLength(t) + 1), in: t) }
            var b = Document(replica: "bob")
            b.apply(a.operations())
            let fork = a.version
            for _ in 0..<40 {
                try a.insertText("A", at: rng.int(a.textLength(t) + 1), in: t)
                if rng.chance(0.3) { try b.deleteText(at: rng.int(b.textLength(t)), count: 1, in: t) }
                try b.insertText("B", at: rng.int(b.textLength(t) + 1), in: t)
            }
            let bobsBranch = b.operations(since: fork)
            a.apply(bobsBranch)  // starts at the fork, a critical version
            var fresh = Document(replica: "fresh")
            fresh.apply(b.operations())
            fresh.apply(a.operations(since: fresh.version))
            #expect(a.text(t) == fresh.text(t), "seed \(seed)")
            #expect(a.text(t) == a.text(t, at: a.version), "seed \(seed)")
            // The changes from the fork to the merge, replayed on the fork's text, give the merge.
            var text = Array(a.text(t, at: fork).unicodeScalars)
            for patch in a.changes(in: t, from: fork, to: a.version) {
                text.replaceSubrange(patch.position..<(patch.position + patch.deleted), with: patch.inserted.unicodeScalars)
            }
            #expect(String(String.UnicodeScalarView(text)) == a.text(t), "seed \(seed)")
        }
    }

    @Test func outOfRangeOperationsDoNothingEverywhere() throws {
        var a = Document(replica: "a")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("abc", at: 0, in: t)
        let base = a.operations()
        // Made against "abc": an insert at 7, a forward delete of 5 at 1, a backspace from 9.
        func hostile(_ kind: OpKind, pos: Int, len: Int, forward: Bool = true, seq: Int) -> RemoteRun {
            RemoteRun(replica: "h", seq: seq, len: len, parents: seq == 0 ? [OpID(replica: "a", counter: 3)] : [OpID(replica: "h", counter: seq - 1)],
                      kind: kind, target: t, pos: pos, forward: forward, content: kind == .insertText ? Array(repeating: 0x78, count: len) : [])
        }
        let runs = [hostile(.insertText, pos: 7, len: 2, seq: 0),
                    hostile(.deleteText, pos: 1, len: 5, seq: 2),
                    hostile(.deleteText, pos: 1, len: 3, forward: false, seq: 7)]
        var inOrder = Document(replica: "x")
        inOrder.apply(base)
        let result = inOrder.apply(Operations(runs: runs))
        #expect(result.applied == 10)
        #expect(result.refused == [OpID(replica: "h", counter: 0), OpID(replica: "h", counter: 4), OpID(replica: "h", counter: 7)])
        // The insert did nothing; the forward delete removed "bc" (ops 2, 3) and nothing more; of the
        // backspace from 1 only its first op (deleting "a") was inside the text.
        #expect(inOrder.text(t) == "")
        var reversed = Document(replica: "y")
        for run in runs.reversed() { reversed.apply(Operations(runs: [run])) }
        reversed.apply(base)
        #expect(reversed.text(t) == inOrder.text(t))
        #expect(reversed.version == inOrder.version)
        // A snapshot keeps them as they are, and the history replays them the same way.
        let loaded = try Document(decoding: inOrder.encodeSnapshot())
        #expect(loaded.text(t) == inOrder.text(t))
        #expect(inOrder.text(t, at: inOrder.version) == inOrder.text(t))
        // A server checks before applying: the chain is caught at its first bad run.
        var server = Document(replica: "server")
        server.apply(base)
        #expect(server.outOfRangeOperation(in: Operations(runs: runs)) == OpID(replica: "h", counter: 0))
        #expect(server.version == Document(replica: "v").applying(base).version, "the check changed the document")
        #expect(server.text(t) == "abc")
    }

    @Test func theServerCheckFindsEveryKindOfBadRun() throws {
        var a = Document(replica: "a")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("hello", at: 0, in: t)
        var w = Document(replica: "w")
        w.apply(a.operations())
        // Honest chains pass, including edits made at an older version than the server's.
        try a.insertText("!", at: 5, in: t)
        let before = w.version
        try w.insertText(" world", at: 5, in: t)
        try w.deleteText(at: 0, count: 1, in: t)
        try w.deleteText(at: 9, count: 1, in: t)
        let honest = w.operations(since: before)
        var server = a
        #expect(server.outOfRangeOperation(in: honest) == nil)
        // The same chain with one run moved past the end of the text at its parents.
        for k in honest.runs.indices {
            var bad = honest
            bad.runs[k].pos += 50
            #expect(server.outOfRangeOperation(in: bad) == OpID(replica: "w", counter: bad.runs[k].seq), "run \(k)")
        }
        // A run whose parents mix the batch and the document is checked on a copy.
        var mixed = honest
        mixed.runs[1].parents.append(OpID(replica: "a", counter: 6))
        mixed.runs[1].pos = 99
        #expect(server.outOfRangeOperation(in: mixed) == OpID(replica: "w", counter: mixed.runs[1].seq))
        server.apply(honest)
        w.apply(a.operations(since: w.version))
        #expect(server.text(t) == w.text(t))
    }

    @Test func hostileWritersAmongHonestOnes() throws {
        for seed in Self.seeds {
            var setup = Document(replica: "setup")
            var typists = try Typists(seed: seed &+ 99, writers: 4, setup: &setup)
            var rng = SeededRandom(seed: seed)
            var hostile = Document(replica: "zz-hostile")
            hostile.apply(setup.operations())
            for _ in 0..<80 {
                try typists.step()
                if rng.chance(0.25) {
                    // The hostile writer follows everyone, then sends an edit with its position pushed out.
                    for b in typists.batches { hostile.apply(b) }
                    let before = hostile.version
                    try hostile.insertText("!", at: 0, in: typists.text)
                    var ops = hostile.operations(since: before)
                    ops.runs[0].pos += hostile.textLength(typists.text) + 1 + rng.int(5)
                    typists.batches.append(ops)
                }
            }
            // Honest replicas receive everything in different orders (some batches first held back).
            var replicas: [Document] = []
            for r in 0..<3 {
                var d = Document(replica: "honest\(r)")
                var order = Array(typists.batches.indices)
                if r > 0 { for i in order.indices.reversed() { order.swapAt(i, rng.int(i + 1)) } }
                for i in order { d.apply(typists.batches[i]) }
                replicas.append(d)
            }
            for d in replicas {
                #expect(d.text(typists.text) == replicas[0].text(typists.text), "seed \(seed)")
                #expect(d.bufferedCount == 0, "seed \(seed)")
                #expect(d.checkInvariants().isEmpty, "seed \(seed): \(d.checkInvariants())")
            }
            #expect(!replicas[0].text(typists.text).contains("!"), "seed \(seed): a hostile insert took effect")
        }
    }
}

private extension Document {
    func applying(_ ops: Operations) -> Document {
        var copy = self
        copy.apply(ops)
        return copy
    }
}

@Suite("Live merge: reported operations")
struct OutOfRangeReportTests {
    /// Whether a run is merged straight or through the tracker, the operation reported for it is
    /// its first one outside the text, backspaces below position 0 included.
    @Test func straightAndTrackedReportTheSameOperation() throws {
        var a = Document(replica: "a")
        let t = try a.makeObject(.text, at: "t")
        try a.insertText("xy", at: 0, in: t)
        let base = a.operations()
        // Backspace from 1, three ops: deletes "y", "x", then below 0.
        let run = RemoteRun(replica: "h", seq: 0, len: 3, parents: [OpID(replica: "a", counter: 2)],
                            kind: .deleteText, target: t, pos: 1, forward: false)
        var straight = Document(replica: "s")
        straight.apply(base)
        let s = straight.apply(Operations(runs: [run]))
        // Through the tracker: something concurrent arrived first.
        var b = Document(replica: "b")
        b.apply(base)
        try b.insertText("z", at: 2, in: t)
        var tracked = Document(replica: "t")
        tracked.apply(base)
        tracked.apply(b.operations(since: tracked.version))
        let r = tracked.apply(Operations(runs: [run]))
        #expect(s.refused == [OpID(replica: "h", counter: 2)])
        #expect(r.refused == s.refused)
        #expect(straight.text(t) == "")
        #expect(tracked.text(t) == "z")
    }
}

@Suite("Live merge: history read off the kept tracker")
struct TrackedHistoryTests {
    /// Reading the text, its authors and what changed between two moments off the kept tracker
    /// gives what a replay gives, jumping back and forth in any order.
    @Test func trackedReadingsEqualReplays() throws {
        for seed in LiveMergeTests.seeds {
            var setup = Document(replica: "setup")
            var typists = try LiveMergeTests.Typists(seed: seed &+ 7, writers: 4, setup: &setup)
            var server = Document(replica: "server")
            var versions: [Version] = []
            var applied = 0
            func deliver() {
                while applied < typists.batches.count { server.apply(typists.batches[applied]); applied += 1 }
            }
            for _ in 0..<60 {
                try typists.step()
                deliver()
                versions.append(server.version)
            }
            #expect(server.textLength(typists.text) > 20, "seed \(seed): nothing was written")
            var rng = SeededRandom(seed: seed)
            for _ in 0..<25 {
                let v = versions[rng.int(versions.count)], w = versions[rng.int(versions.count)]
                #expect(server.trackedCharacters(of: typists.text, at: v) == server.characters(of: typists.text, at: v), "seed \(seed)")
                let tracked = server.trackedComparison(of: typists.text, from: v, to: w)
                let replayed = server.comparison(of: typists.text, from: v, to: w)
                #expect(tracked.before == replayed.before, "seed \(seed)")
                #expect(tracked.after == replayed.after, "seed \(seed)")
                #expect(Set(tracked.deletedBy.keys) == Set(replayed.deletedBy.keys), "seed \(seed)")
            }
            // The tracker left anywhere still merges what arrives next.
            try typists.step()
            try typists.step()
            deliver()
            var scratch = Document(replica: "scratch")
            for b in typists.batches { scratch.apply(b) }
            #expect(server.text(typists.text) == scratch.text(typists.text), "seed \(seed)")
        }
    }
}
