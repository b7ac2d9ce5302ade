import Synchronization

/// Connections not yet authenticated, in all and by address: shared by the engine workers so
/// that `maxUnauthenticatedConnections` and `maxUnauthenticatedPerAddress` cap the server, not
/// each worker. Touched once when a connection opens and once when it authenticates or closes.
public final class StrangerCounts: Sendable {
    private struct Counts {
        var all = 0
        var byAddress: [String: Int] = [:]
    }

    private let counts = Mutex<Counts>(Counts())

    public init() {}

    /// Counts a new stranger from `address`, unless that would exceed either cap.
    func admit(from address: String, maxAll: Int, maxPerAddress: Int) -> Bool {
        counts.withLock { counts in
            let fromAddress = counts.byAddress[address, default: 0]
            guard counts.all < maxAll, fromAddress < maxPerAddress else { return false }
            counts.all += 1
            counts.byAddress[address] = fromAddress + 1
            return true
        }
    }

    /// A stranger from `address` authenticated or left.
    func forget(from address: String) {
        counts.withLock { counts in
            counts.all -= 1
            let left = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = left > 0 ? left : nil
        }
    }
}
