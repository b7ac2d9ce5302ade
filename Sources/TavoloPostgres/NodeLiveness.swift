import Synchronization

/// Which other nodes are alive, as their notifications show (every node sends at least a presence
/// heartbeat every `PostgresPresence.heartbeat`): one heard for the first time has appeared, one
/// silent for `silentAfter` is gone, and the people it served with it.
final class NodeLiveness: Sendable {
    /// Several heartbeats missed: the node died, or lost the database (its people reconnect elsewhere).
    static let silentAfter: Duration = .seconds(10)

    private let lastHeard = Mutex<[String: ContinuousClock.Instant]>([:])

    /// Notes `node` as heard now; true if it was not known (it appeared).
    func heard(_ node: String, at now: ContinuousClock.Instant = .now) -> Bool {
        lastHeard.withLock { heard in heard.updateValue(now, forKey: node) == nil }
    }

    /// The nodes silent for `silentAfter`, forgotten (heard again later, they appear again).
    func silent(at now: ContinuousClock.Instant = .now) -> [String] {
        lastHeard.withLock { heard in
            let gone = heard.filter { $0.value.duration(to: now) >= Self.silentAfter }.map(\.key)
            for node in gone { heard[node] = nil }
            return gone.sorted()
        }
    }
}
