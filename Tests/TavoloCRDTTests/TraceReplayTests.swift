import Foundation
import Testing
@testable import TavoloCRDT

@Suite("Trace replay")
struct TraceReplayTests {
    static func files(_ sub: String) -> [URL] {
        guard let dir = Trace.directory?.appendingPathComponent(sub) else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.lastPathComponent.hasSuffix(".json.gz") }.sorted { $0.path < $1.path }
    }

    @Test func tracesArePresent() {
        if Trace.directory == nil {
            print("SKIP: ../shared/traces is absent; trace replay tests skipped")
        }
    }

    @Test(arguments: files("sequential"))
    func sequential(_ url: URL) throws {
        let trace = try Trace.load(url)
        var doc = Document(replica: "trace")
        let text = try doc.makeObject(.text, at: "text")
        for txn in trace.txns {
            for p in txn.patches { try doc.spliceText(at: p.pos, deleting: p.del, inserting: p.ins, in: text) }
        }
        #expect(doc.text(text) == trace.endContent)
        // A fresh replica merging the whole history gets the same text.
        var other = Document(replica: "other")
        other.apply(doc.operations())
        #expect(other.text(text) == trace.endContent)
    }

    @Test(arguments: files("concurrent"))
    func concurrent(_ url: URL) throws {
        let trace = try Trace.load(url)
        let result = try ConcurrentReplay.run(trace)
        #expect(result.merged == trace.endContent)
        #expect(result.fresh == trace.endContent)
    }
}

/// Replays a concurrent trace: one replica per agent; before each transaction its replica
/// receives exactly the operations of the transaction's parents.
enum ConcurrentReplay {
    static func run(_ trace: Trace) throws -> (merged: String, fresh: String) {
        var setup = Document(replica: "setup")
        let text = try setup.makeObject(.text, at: "text")
        var all = Document(replica: "all")
        all.apply(setup.operations())
        let base = all.version
        var agents = (0..<trace.numAgents).map { i -> Document in
            var d = Document(replica: "agent\(i)")
            d.apply(setup.operations())
            return d
        }
        var after: [Version] = []
        for txn in trace.txns {
            var target = base
            for p in txn.parents { target = target.union(after[p]) }
            agents[txn.agent].apply(all.operations(from: agents[txn.agent].version, to: target))
            for p in txn.patches {
                try agents[txn.agent].spliceText(at: p.pos, deleting: p.del, inserting: p.ins, in: text)
            }
            all.apply(agents[txn.agent].operations(since: all.version))
            after.append(target.union(agents[txn.agent].version))
        }
        var fresh = Document(replica: "fresh")
        fresh.apply(all.operations())
        return (all.text(text), fresh.text(text))
    }
}
