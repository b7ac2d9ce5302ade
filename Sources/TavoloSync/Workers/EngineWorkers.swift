import Synchronization
import TavoloStorage
import TavoloTransport

/// Several engine loops, each owning the tables whose id hashes to it, with the router in front
/// that sends each transport event to the loop owning its connection (docs/deployment.md,
/// "Engine workers").
///
/// A table lives on exactly one worker (`owner(of:)`), so rooms still need no locks. A connection
/// starts on the worker its `?table=` hint names (else round robin) and, if it joins a table
/// another worker owns, is handed over at `join` with its inbox (`SyncEngine+Handover.swift`).
/// One worker is the engine as it always was: `route` then goes straight to its inputs.
public final class EngineWorkers: Sendable {
    /// One per worker, by index.
    public let inputs: [EngineInputs]
    /// Connections without a principal, counted across workers so the caps stay global.
    public let strangers = StrangerCounts()
    /// Batches made durable, gathered across workers (`DurableDeliveries`): made by the first
    /// worker that asks, over the transport they all share.
    private let sharedDeliveries = Mutex<DurableDeliveries?>(nil)
    /// The worker of each open connection. Events are yielded while holding the lock, so a
    /// handover's redirect is ordered against them (`redirect`).
    private let routes = Mutex<Routes>(Routes())

    private struct Routes {
        var worker: [ConnectionID: Int] = [:]
        var nextWorker = 0
    }

    public init(count: Int) {
        precondition(count >= 1, "at least one engine worker")
        inputs = (0..<count).map { _ in EngineInputs() }
    }

    public var count: Int { inputs.count }

    /// The worker owning `table`: a stable hash (FNV-1a) of its id, so every router in every run agrees.
    public func owner(of table: String) -> Int {
        guard count > 1 else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in table.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }

    /// Sends a transport event to the worker of its connection.
    public func route(_ event: TransportEvent) {
        guard count > 1 else { return inputs[0].transport(event) }
        routes.withLock { routes in
            let worker: Int
            switch event {
            case .opened(let info):
                if let hint = info.query["table"], SyncIdentifier.isValid(hint) {
                    worker = owner(of: hint)
                } else {
                    worker = routes.nextWorker
                    routes.nextWorker = (routes.nextWorker + 1) % count
                }
                routes.worker[info.id] = worker
            case .message(let id, _):
                guard let known = routes.worker[id] else { return }
                worker = known
            case .closed(let id, _):
                guard let known = routes.worker.removeValue(forKey: id) else { return }
                worker = known
            case .httpRequest:
                worker = 0
            }
            inputs[worker].transport(event)
        }
    }

    /// Runs one engine per worker, each made by `engine` in its own task (it gets the worker's
    /// inputs, and its place among several), until every one has stopped; then closes the store
    /// they share (one engine closes its store itself).
    public func run(store: any Store, engine: @escaping @Sendable (EngineInputs, EngineShard?) -> SyncEngine) async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask { [self] in
                    await engine(inputs[index], count > 1 ? EngineShard(index: index, of: self) : nil).run()
                }
            }
        }
        if count > 1 { await store.close() }
    }

    /// The gatherer every worker hands the store, so that the batches of one group commit make one
    /// run whichever workers appended them.
    func deliveries(over transport: any Transport) -> DurableDeliveries {
        sharedDeliveries.withLock { shared in
            if let shared { return shared }
            let made = DurableDeliveries(transport: transport)
            shared = made
            return made
        }
    }

    /// Moves `connection` from worker `from` to `to`: tells `to` to hold its events until the
    /// connection arrives, then routes them there. False if it is no longer on `from` (it
    /// closed: its `closed` event is already queued on `from`).
    func redirect(_ connection: ConnectionID, from: Int, to: Int) -> Bool {
        routes.withLock { routes in
            guard routes.worker[connection] == from else { return false }
            // Before the route changes: every event routed to `to` from now on comes after it.
            inputs[to].yield(.expecting(connection))
            routes.worker[connection] = to
            return true
        }
    }

    /// Another node committed batches and/or events of `table` to the shared log (nil: any table):
    /// to its owner, or to every worker.
    public func logChanged(table: String?, batches: Bool = true, events: Bool = true) {
        guard let table else { return inputs.forEach { $0.logChanged(table: nil, batches: batches, events: events) } }
        inputs[owner(of: table)].logChanged(table: table, batches: batches, events: events)
    }

    /// This node's own commit of `table`'s batches came back as a notice: to the table's owner.
    public func ownBatchesAnnounced(table: String, sequence: Int64) {
        inputs[owner(of: table)].ownBatchesAnnounced(table: table, sequence: sequence)
    }

    /// Presence relayed by another node: to the worker owning the table (it keeps who is there).
    public func presenceFromOtherNode(table: String, node: String, message: String) {
        inputs[owner(of: table)].presenceFromOtherNode(table: table, node: node, message: message)
    }

    /// Another node appeared or fell silent: every worker (each tells of, or drops, its tables' people).
    public func otherNode(_ node: String, present: Bool) { inputs.forEach { $0.otherNode(node, present: present) } }

    /// Stops every worker (`EngineInputs.stop`).
    public func stop() { inputs.forEach { $0.stop() } }

    /// The transport ended: every worker finishes what is queued.
    public func finish() { inputs.forEach { $0.finish() } }
}

/// Where one engine sits among the workers.
public struct EngineShard: Sendable {
    public let index: Int
    public let workers: EngineWorkers

    public init(index: Int, of workers: EngineWorkers) {
        self.index = index
        self.workers = workers
    }
}
