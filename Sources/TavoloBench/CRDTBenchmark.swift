import ArgumentParser
import Foundation
import TavoloCRDT

/// `tavolo-bench crdt`: replays an editing trace through TavoloCRDT and prints one JSON object.
struct CRDTBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crdt",
        abstract: "Replay editing traces as local edits; measure replay, size, load, merge, history, memory."
    )

    @Option(name: .long, help: "A trace (.json.gz) from shared/traces; repeat for several.")
    var trace: [String] = []

    @Option(name: .customLong("memory-child"), help: .hidden)
    var memoryChild: String?

    @Option(name: .customLong("memory-child-ops"), help: .hidden)
    var memoryChildOps: String?

    @Option(name: .customLong("memory-child-snapshot"), help: .hidden)
    var memoryChildSnapshot: String?

    @Flag(name: .long, help: "Print one JSON object per trace (default: also JSON, one line each).")
    var json = false

    @Option(name: .customLong("dump-text"), help: "Write the final text of the (last) trace to this file.")
    var dumpText: String?

    @Option(name: .customLong("repeat"), help: "Repetitions of each timed step (the fastest is reported).")
    var repetitions: Int = 5

    @Option(name: .customLong("profile-merge"), help: "Concurrent traces: only merge the whole history this many times (and then as it arrives as many times), for a profiler.")
    var profileMerge: Int?

    func run() throws {
        if let memoryChild { return try MemoryProbe.child(memoryChild) }
        if let memoryChildOps { return try MemoryProbe.mergeChild(memoryChildOps, snapshot: false) }
        if let memoryChildSnapshot { return try MemoryProbe.mergeChild(memoryChildSnapshot, snapshot: true) }
        guard !trace.isEmpty else { throw ValidationError("give at least one --trace PATH") }
        for path in trace {
            let t = try TraceFile.load(path)
            if let profileMerge, t.concurrent { try self.profileMerge(t, times: profileMerge); continue }
            let result = try t.concurrent ? runConcurrent(t) : runSequential(t)
            if let dumpText { try result.text.write(toFile: dumpText, atomically: true, encoding: .utf8) }
            print(result.json)
        }
    }

    struct Result {
        var fields: [(String, String)] = []
        var text = ""
        mutating func add(_ k: String, _ v: Int) { fields.append((k, String(v))) }
        mutating func add(_ k: String, _ v: Double) { fields.append((k, String(format: "%.3f", v))) }
        mutating func add(_ k: String, _ v: String) { fields.append((k, "\"\(v)\"")) }
        var json: String { "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}" }
    }

    func replaySequential(_ t: TraceFile) throws -> (Document, ObjectID) {
        var doc = Document(replica: "bench")
        let text = try doc.makeObject(.text, at: "text")
        for txn in t.txns {
            for p in txn.patches {
                if p.del > 0 { try doc.deleteText(at: p.pos, count: p.del, in: text) }
                if !p.ins.isEmpty { try doc.insertText(p.ins, at: p.pos, in: text) }
            }
        }
        return (doc, text)
    }

    func runSequential(_ t: TraceFile) throws -> Result {
        var r = Result()
        r.add("trace", t.name)
        r.add("patches", t.patchCount)
        // Memory: peak RSS growth of a replay in a fresh child process.
        let peak = try MemoryProbe.measure(t)
        var (doc, text) = try replaySequential(t)
        let final = doc.text(text)
        guard final == t.endContent else { throw ValidationError("\(t.name): replay did not reach endContent") }
        let replay = try Measure.best(repetitions) { (doc, text) = try replaySequential(t) }
        r.add("final_length", final.unicodeScalars.count)
        r.add("replay_ms", replay)
        r.add("ops_per_s", Double(doc.operationCount) / (replay / 1000))
        let bytes = doc.encodeSnapshot()
        r.add("encoded_bytes", bytes.count)
        var loaded = ""
        let load = try Measure.best(repetitions) {
            let d = try Document(decoding: bytes)
            loaded = d.text(text)
        }
        guard loaded == t.endContent else { throw ValidationError("\(t.name): snapshot did not round-trip") }
        r.add("load_ms", load)
        let ops = doc.operations()
        var merged = ""
        let merge = Measure.best(repetitions) {
            var fresh = Document(replica: "fresh")
            fresh.apply(ops)
            merged = fresh.text(text)
        }
        guard merged == t.endContent else { throw ValidationError("\(t.name): merge did not reach endContent") }
        r.add("merge_ms", merge)
        r.add("history_ms", try historyMs(doc, text))
        r.add("peak_rss_bytes", peak)
        for (k, v) in doc.storageSummary.sorted(by: { $0.key < $1.key }) where k == "op_runs" { r.add(k, v) }
        r.text = final
        return r
    }

    /// Worst time to reconstruct the text at any of several earlier versions.
    func historyMs(_ doc: Document, _ text: ObjectID) throws -> Double {
        let version = doc.version
        var worst = 0.0
        for frac in [0.25, 0.5, 0.75, 1.0] {
            var v = Version()
            for (k, n) in version.counts { v.counts[k] = Int(Double(n) * frac) }
            worst = max(worst, Measure.best(repetitions) { _ = doc.text(text, at: v) })
        }
        return worst
    }

    func runConcurrent(_ t: TraceFile) throws -> Result {
        var r = Result()
        r.add("trace", t.name)
        r.add("patches", t.patchCount)
        var (all, text, updates) = try replayConcurrent(t)
        // Memory: peak RSS growth of a fresh process holding the document with its whole history
        // (snapshot loaded, history rebuilt), and of one merging the whole history from operations.
        let peak = try MemoryProbe.measureMerge(all.encodeSnapshot(), snapshot: true)
        let mergePeak = try MemoryProbe.measureMerge(all.encodedOperations())
        guard all.text(text) == t.endContent else { throw ValidationError("\(t.name): replay did not reach endContent") }
        let replay = try Measure.best(repetitions) { (all, text, updates) = try replayConcurrent(t) }
        let final = all.text(text)
        r.add("final_length", final.unicodeScalars.count)
        r.add("replay_ms", replay)
        r.add("ops_per_s", Double(all.operationCount) / (replay / 1000))
        let bytes = all.encodeSnapshot()
        r.add("encoded_bytes", bytes.count)
        var loaded = ""
        let load = try Measure.best(repetitions) { loaded = try Document(decoding: bytes).text(text) }
        guard loaded == t.endContent else { throw ValidationError("\(t.name): snapshot did not round-trip") }
        r.add("load_ms", load)
        // Merge everything into an empty document (as the peers' figures do).
        let wire = all.encodedOperations()
        var merged = ""
        let merge = try Measure.best(repetitions) {
            var fresh = Document(replica: "fresh")
            try fresh.apply(encoded: wire)
            merged = fresh.text(text)
        }
        guard merged == t.endContent else { throw ValidationError("\(t.name): merge did not reach endContent") }
        r.add("merge_ms", merge)
        // As the live server sees it: one long-lived replica merging each transaction's update as it arrives.
        var arrived = ""
        let arrival = try Measure.best(repetitions) {
            var server = Document(replica: "server")
            for u in updates { try server.apply(encoded: u) }
            arrived = server.text(text)
        }
        guard arrived == t.endContent else { throw ValidationError("\(t.name): merge on arrival did not reach endContent") }
        r.add("arrival_ms", arrival)
        r.add("history_ms", try historyMs(all, text))
        r.add("peak_rss_bytes", peak)
        r.add("merge_peak_rss_bytes", mergePeak)
        for (k, v) in all.storageSummary.sorted(by: { $0.key < $1.key }) where k == "op_runs" || k == "graph_entries" { r.add(k, v) }
        r.text = final
        return r
    }

    func profileMerge(_ t: TraceFile, times: Int) throws {
        let (all, _, updates) = try replayConcurrent(t)
        let wire = all.encodedOperations()
        let start = Date()
        for _ in 0..<times { var fresh = Document(replica: "fresh"); try fresh.apply(encoded: wire) }
        let middle = Date()
        for _ in 0..<times {
            var server = Document(replica: "server")
            for u in updates { try server.apply(encoded: u) }
        }
        let per = { (a: Date, b: Date) in String(format: "%.2f", b.timeIntervalSince(a) * 1000 / Double(times)) }
        print("merge \(per(start, middle)) ms, arrival \(per(middle, Date())) ms (mean of \(times))")
    }

    /// One replica per agent, as the peers do it: before each transaction its agent imports the
    /// encoded updates of every transaction in the causal closure of its parents that it lacks;
    /// after it, the transaction's own operations are encoded as its update. The merged document
    /// is a fresh replica that imports every update. Also returns the updates in arrival order
    /// (the setup's first).
    func replayConcurrent(_ t: TraceFile) throws -> (Document, ObjectID, [[UInt8]]) {
        var setup = Document(replica: "setup")
        let text = try setup.makeObject(.text, at: "text")
        let base = setup.operations()
        var agents = (0..<t.numAgents).map { i -> Document in
            var d = Document(replica: "agent\(i)")
            d.apply(base)
            return d
        }
        var imported = [Set<Int>](repeating: [], count: t.numAgents)
        var updates: [[UInt8]] = []
        updates.reserveCapacity(t.txns.count)
        for (i, txn) in t.txns.enumerated() {
            let a = txn.agent
            var need: [Int] = []
            var stack = txn.parents
            while let p = stack.popLast() {
                if imported[a].insert(p).inserted {
                    need.append(p)
                    stack.append(contentsOf: t.txns[p].parents)
                }
            }
            if !need.isEmpty {
                need.sort()
                var batch: [UInt8] = []
                if need.count == 1 {
                    batch = updates[need[0]]
                } else {
                    var runs = Operations.empty
                    for p in need { runs.append(try Operations(decoding: updates[p])) }
                    batch = runs.encoded()
                }
                try agents[a].apply(encoded: batch)
            }
            let before = agents[a].version
            for p in txn.patches {
                if p.del > 0 { try agents[a].deleteText(at: p.pos, count: p.del, in: text) }
                if !p.ins.isEmpty { try agents[a].insertText(p.ins, at: p.pos, in: text) }
            }
            updates.append(agents[a].encodedOperations(since: before))
            imported[a].insert(i)
        }
        var all = Document(replica: "all")
        all.apply(base)
        var everything = Operations.empty
        for u in updates { everything.append(try Operations(decoding: u)) }
        all.apply(everything)
        return (all, text, [base.encoded()] + updates)
    }
}
