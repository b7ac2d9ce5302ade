import Foundation
import ArgumentParser

/// An editing trace from shared/traces (format in shared/traces/README.md).
struct TraceFile {
    struct Txn {
        var parents: [Int]
        var agent: Int
        var patches: [(pos: Int, del: Int, ins: String)]
    }
    var name: String
    var endContent: String
    var concurrent: Bool
    var numAgents: Int
    var txns: [Txn]

    var patchCount: Int { txns.reduce(0) { $0 + $1.patches.count } }

    static func load(_ path: String) throws -> TraceFile {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = path.hasSuffix(".gz") ? ["gzip", "-dc", path] : ["cat", path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let txns = json["txns"] as? [[String: Any]], let end = json["endContent"] as? String
        else { throw ValidationError("not a trace: \(path)") }
        var name = URL(fileURLWithPath: path).lastPathComponent
        for ext in [".gz", ".json"] where name.hasSuffix(ext) { name.removeLast(ext.count) }
        return TraceFile(
            name: name, endContent: end, concurrent: (json["kind"] as? String) == "concurrent",
            numAgents: (json["numAgents"] as? Int) ?? 1,
            txns: txns.map { t in
                Txn(parents: (t["parents"] as? [Int]) ?? [], agent: (t["agent"] as? Int) ?? 0,
                    patches: ((t["patches"] as? [[Any]]) ?? []).map { ($0[0] as! Int, $0[1] as! Int, $0[2] as! String) })
            })
    }
}

