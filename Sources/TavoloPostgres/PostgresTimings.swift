import Logging
import Synchronization

/// Where a delivery between nodes spends its time, database side: how long group commits take
/// and how many writes each carries, how long the reads of other nodes' batches take, how many
/// notices arrive. Summed per interval and logged (`info`) by `run`, so a load run shows which
/// leg grows (bench/load/multinode.sh prints them after the run).
public final class PostgresTimings: Sendable {
    private struct Leg {
        var milliseconds: [Double] = []
        var items = 0
        mutating func add(_ duration: Duration, items count: Int) {
            milliseconds.append(Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
            items += count
        }
        func summary() -> String {
            guard !milliseconds.isEmpty else { return "none" }
            let sorted = milliseconds.sorted()
            func at(_ q: Double) -> String {
                let value = sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]
                return String(format: "%.1f", value)
            }
            return "\(sorted.count) (\(items) rows) p50 \(at(0.5)) p99 \(at(0.99)) max \(at(1)) ms"
        }
    }
    private struct State {
        var commits = Leg()
        var reads = Leg()
        var notices = 0
    }
    private let state = Mutex(State())

    public init() {}

    func committed(writes: Int, in duration: Duration) { state.withLock { $0.commits.add(duration, items: writes) } }
    func read(rows: Int, in duration: Duration) { state.withLock { $0.reads.add(duration, items: rows) } }
    func noticed() { state.withLock { $0.notices += 1 } }

    /// Logs what happened every `interval` (nothing when idle) until cancelled.
    public func run(every interval: Duration = .seconds(10), logger: Logger) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let taken = state.withLock { state in
                defer { state = State() }
                return state
            }
            guard !taken.commits.milliseconds.isEmpty || !taken.reads.milliseconds.isEmpty || taken.notices > 0 else { continue }
            logger.info("shared log timings", metadata: [
                "commits": "\(taken.commits.summary())", "reads": "\(taken.reads.summary())", "notices": "\(taken.notices)",
                "seconds": "\(interval.components.seconds)",
            ])
        }
    }
}
