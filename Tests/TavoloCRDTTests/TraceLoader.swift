import Foundation

/// An editing trace from shared/traces (see shared/traces/README.md).
struct Trace {
    struct Txn {
        var parents: [Int]
        var agent: Int
        var patches: [(pos: Int, del: Int, ins: String)]
    }
    var endContent: String
    var concurrent: Bool
    var numAgents: Int
    var txns: [Txn]

    /// shared/traces beside the repository root, or nil when absent.
    static var directory: URL? {
        if let env = ProcessInfo.processInfo.environment["TAVOLO_TRACES"] {
            return FileManager.default.fileExists(atPath: env) ? URL(fileURLWithPath: env) : nil
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = repo.deletingLastPathComponent().appendingPathComponent("shared/traces")
        return FileManager.default.fileExists(atPath: dir.path) ? dir : nil
    }

    static func load(_ url: URL) throws -> Trace {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-dc", url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let concurrent = (json["kind"] as? String) == "concurrent"
        let txns = (json["txns"] as! [[String: Any]]).map { t in
            Txn(parents: (t["parents"] as? [Int]) ?? [],
                agent: (t["agent"] as? Int) ?? 0,
                patches: (t["patches"] as! [[Any]]).map { ($0[0] as! Int, $0[1] as! Int, $0[2] as! String) })
        }
        return Trace(endContent: json["endContent"] as! String, concurrent: concurrent,
                     numAgents: (json["numAgents"] as? Int) ?? 1, txns: txns)
    }
}
