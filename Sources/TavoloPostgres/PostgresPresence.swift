import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Presence between nodes: every 50 ms, what this node's members sent (joins, cursors, `left`)
/// goes out in as few `NOTIFY tavolo_presence` as fit PostgreSQL's 8000-byte payload, outside any
/// transaction. Ephemeral: a node that is away misses some, the next update replaces them; when
/// more than `capacity` wait (the database is slow), the oldest are dropped. A node with nothing
/// to say sends an empty payload every `heartbeat`, so the others know it is alive
/// (`PostgresLogListener.silentAfter`).
public final class PostgresPresence: Sendable {
    public static let channel = "tavolo_presence"
    /// Most messages waiting for the next flush.
    public static let capacity = 5_000
    /// Most time between two payloads of a node, even with nothing to say.
    public static let heartbeat: Duration = .seconds(2)

    struct Payload: Codable, Equatable {
        var node: String
        /// [table, message] pairs.
        var items: [[String]]
    }

    private let pool: PostgresPool
    private let node: String
    private let waiting = Mutex<[[String]]>([])

    public init(pool: PostgresPool, node: String) {
        self.pool = pool
        self.node = node
    }

    /// From the engine's loop: never waits.
    public func publish(table: String, message: String) {
        waiting.withLock { items in
            if items.count >= Self.capacity { items.removeFirst(items.count - Self.capacity + 1) }
            items.append([table, message])
        }
    }

    /// Flushes every 50 ms until cancelled.
    public func run() async {
        var lastSent = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
            let items = waiting.withLock { items in
                defer { items.removeAll(keepingCapacity: true) }
                return items
            }
            var payloads = Self.payloads(node: node, items: items)
            if payloads.isEmpty, lastSent.duration(to: .now) >= Self.heartbeat {
                payloads = Self.heartbeatPayload(node: node)
            }
            if !payloads.isEmpty { lastSent = .now }
            for payload in payloads {
                do {
                    try await pool.client.query("SELECT pg_notify(\(Self.channel), \(payload))", logger: pool.logger)
                } catch {
                    break  // ephemeral: the next updates replace these
                }
            }
        }
    }

    /// The items as JSON payloads of at most `LogNotice.maximumBytes` each (an item too large alone is dropped).
    static func payloads(node: String, items: [[String]]) -> [String] {
        var payloads: [String] = []
        var chunk: [[String]] = []
        var size = 0
        let overhead = node.utf8.count + 40
        func emit() {
            guard !chunk.isEmpty, let data = try? JSONEncoder().encode(Payload(node: node, items: chunk)) else { return }
            payloads.append(String(decoding: data, as: UTF8.self))
            chunk.removeAll()
            size = 0
        }
        for item in items {
            // Escaping may grow a message: count it as encoded.
            let itemSize = (try? JSONEncoder().encode(item).count) ?? Int.max
            guard itemSize + overhead <= LogNotice.maximumBytes else { continue }
            if size + itemSize + 1 + overhead > LogNotice.maximumBytes { emit() }
            chunk.append(item)
            size += itemSize + 1
        }
        emit()
        return payloads
    }

    /// "Still here", with nothing else to say.
    static func heartbeatPayload(node: String) -> [String] {
        (try? JSONEncoder().encode(Payload(node: node, items: []))).map { [String(decoding: $0, as: UTF8.self)] } ?? []
    }

    /// Another node's name and items (nil for this node's own or a payload that does not decode;
    /// no items for a heartbeat).
    static func decode(_ payload: String, ignoring node: String) -> (node: String, items: [(table: String, message: String)])? {
        guard let decoded = try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8)), decoded.node != node else { return nil }
        return (decoded.node, decoded.items.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil })
    }
}
