import Synchronization
import TavoloStorage
import TavoloTransport

/// A batch made durable, and who is told: its author's `ack`, then the members of its table as
/// they were when it was applied, split by protocol version.
struct Delivery: Sendable {
    var table: String
    var batch: EncodedBatch
    /// The author's connection and its `ack`, if the author is a connection.
    var ack: (to: ConnectionID, text: String)? = nil
    /// Protocol v1: one `ops` message per batch.
    var singly: [ConnectionID]
    /// Protocol v2: every batch of one moment in one `ops` message.
    var coalescing: [ConnectionID]
    /// The `stored` input its engine's loop (`to`) gets once it is sent.
    var stored: (to: EngineInputs, operations: Int, sequence: Int64)? = nil
}

extension Delivery {
    /// The most a coalesced `ops` message holds (1 MiB, the server's own default `maxMessageBytes`):
    /// clients commonly refuse larger messages, so a moment owing more is sent as several.
    static let maximumCoalescedBytes = 1 << 20

    /// Sends what `run` (batches that became known at one moment, in order) owes each connection.
    /// A v1 connection gets exactly what it got before v2 existed: per batch, its own `ack` or the
    /// batch's v1 `ops`. A v2 connection gets its `ack`s and one `ops` per table holding every batch
    /// of the run it is owed, in order, sent where the first of them would have gone (so nothing of
    /// v1's per-table causal order changes). Connections owed the same batches share one message,
    /// written once; each batch's JSON is written once (`EncodedBatch`) however many carry it.
    static func send(_ run: [Delivery], over transport: any Transport) {
        if run.count == 1, let delivery = run.first {
            // One batch (the usual moment under light load): both versions get the single form.
            if let ack = delivery.ack { transport.send(.text(ack.text), to: ack.to) }
            transport.send(.text(delivery.batch.single), to: delivery.singly + delivery.coalescing)
            return
        }
        // Tables by number, so that grouping hashes integers rather than table ids.
        var tables: [String: Int] = [:]
        let tableOf = run.map { delivery in
            if let known = tables[delivery.table] { return known }
            tables[delivery.table] = tables.count
            return tables.count - 1
        }
        struct Owed: Hashable { var connection: ConnectionID, table: Int }
        struct Shared: Hashable { var table: Int, batches: [Int] }
        var owed: [Owed: [Int]] = [:]
        for (index, delivery) in run.enumerated() {
            for id in delivery.coalescing { owed[Owed(connection: id, table: tableOf[index]), default: []].append(index) }
        }
        var sharing: [Shared: [ConnectionID]] = [:]
        for (key, batches) in owed { sharing[Shared(table: key.table, batches: batches), default: []].append(key.connection) }
        var startingAt: [Int: [(batches: [Int], to: [ConnectionID])]] = [:]
        for (shared, connections) in sharing { startingAt[shared.batches[0], default: []].append((shared.batches, connections)) }

        for (index, delivery) in run.enumerated() {
            if let ack = delivery.ack { transport.send(.text(ack.text), to: ack.to) }
            if !delivery.singly.isEmpty { transport.send(.text(delivery.batch.single), to: delivery.singly) }
            for message in startingAt[index] ?? [] {
                for text in EncodedBatch.messages(message.batches.map { run[$0].batch }, limit: maximumCoalescedBytes) {
                    transport.send(.text(text), to: message.to)
                }
            }
        }
    }
}

/// Deliveries of the batches one group commit made durable, gathered over the run of their
/// store callbacks and sent together when the store ends the run (`DurableRunGatherer`). Lives on
/// the store's writer thread; the lock only makes that provable. Engine workers share one, so
/// that their batches interleaved in a group commit still make one run.
final class DurableDeliveries: DurableRunGatherer {
    private let transport: any Transport
    private let gathered = Mutex<[Delivery]>([])

    init(transport: any Transport) {
        self.transport = transport
    }

    func add(_ delivery: Delivery) { gathered.withLock { $0.append(delivery) } }

    func runEnded() {
        let run = gathered.withLock { gathered in
            defer { gathered.removeAll(keepingCapacity: true) }
            return gathered
        }
        guard !run.isEmpty else { return }
        Delivery.send(run, over: transport)
        // After the sends, as before coalescing: hooks hear of a batch once its members were sent it.
        for delivery in run {
            if let stored = delivery.stored {
                stored.to.yield(.stored(table: delivery.table, operations: stored.operations, sequence: stored.sequence))
            }
        }
    }
}
