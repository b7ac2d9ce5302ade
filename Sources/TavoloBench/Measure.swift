import Foundation

/// Wall-clock and memory measurements.
enum Measure {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func ms(since start: UInt64) -> Double { Double(now() - start) / 1e6 }

    /// Runs `body` `n` times and returns the fastest time in milliseconds.
    static func best(_ n: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<n {
            let t = now()
            try body()
            best = min(best, ms(since: t))
        }
        return best
    }

    /// A field of /proc/self/status in bytes (VmHWM, VmRSS).
    static func status(_ field: String) -> Int {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in s.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }

    /// Resets the peak-RSS mark (Linux: writing 5 to clear_refs).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}
