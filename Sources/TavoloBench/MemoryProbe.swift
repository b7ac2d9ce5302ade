import Foundation
import TavoloCRDT

/// Measures the peak memory of a sequential replay in a fresh child process, so that the trace's
/// JSON (parsed in the parent) neither inflates the figure nor hides it through heap reuse.
enum MemoryProbe {
    /// Writes the patches compactly, runs `tavolo-bench crdt --memory-child FILE`, returns its peak RSS growth.
    static func measure(_ t: TraceFile) throws -> Int {
        var bytes: [UInt8] = []
        func varint(_ v: Int) { var x = UInt64(v); while x >= 0x80 { bytes.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }; bytes.append(UInt8(x)) }
        let patches = t.txns.flatMap(\.patches)
        varint(patches.count)
        for p in patches {
            varint(p.pos); varint(p.del)
            let u = Array(p.ins.utf8); varint(u.count); bytes += u
        }
        let path = NSTemporaryDirectory() + "tavolo-bench-\(getpid()).patches"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["crdt", "--memory-child", path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Int(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Peak RSS growth of a fresh process merging `ops` (a whole history, encoded operations) into
    /// an empty replica, or (`snapshot`) loading a snapshot and rebuilding its history.
    static func measureMerge(_ ops: [UInt8], snapshot: Bool = false) throws -> Int {
        let path = NSTemporaryDirectory() + "tavolo-bench-\(getpid()).ops"
        try Data(ops).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["crdt", snapshot ? "--memory-child-snapshot" : "--memory-child-ops", path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Int(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// The merge child: read the encoded history, note the RSS, merge it, print VmHWM − baseline.
    static func mergeChild(_ path: String, snapshot: Bool) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        Measure.resetPeak()
        let base = Measure.status("VmRSS")
        var doc = Document(replica: "probe")
        if snapshot {
            doc = try Document(decoding: bytes)
            doc.loadHistory()
        } else {
            try doc.apply(encoded: bytes)
        }
        let texts = doc.objectIDs(of: .text).map { doc.text($0) }
        let peak = Measure.status("VmHWM") - base
        withExtendedLifetime((doc, texts)) { print(peak) }
    }

    /// The child: load the patches, note the RSS, replay, print VmHWM − that baseline.
    static func child(_ path: String) throws {
        let data = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var i = 0
        func varint() -> Int { var x = 0, s = 0; while true { let b = data[i]; i += 1; x |= Int(b & 0x7F) << s; if b < 0x80 { return x }; s += 7 } }
        let n = varint()
        var pos = [Int](), del = [Int](), ins = [String]()
        pos.reserveCapacity(n); del.reserveCapacity(n); ins.reserveCapacity(n)
        for _ in 0..<n {
            pos.append(varint()); del.append(varint())
            let l = varint()
            ins.append(String(decoding: data[i..<(i + l)], as: UTF8.self)); i += l
        }
        Measure.resetPeak()
        let base = Measure.status("VmRSS")
        var doc = Document(replica: "bench")
        let text = try doc.makeObject(.text, at: "text")
        for k in 0..<n {
            if del[k] > 0 { try doc.deleteText(at: pos[k], count: del[k], in: text) }
            if !ins[k].isEmpty { try doc.insertText(ins[k], at: pos[k], in: text) }
        }
        let peak = Measure.status("VmHWM") - base
        withExtendedLifetime(doc) { print(peak) }
    }
}
