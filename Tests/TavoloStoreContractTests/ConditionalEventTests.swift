import Foundation
import Synchronization
import Testing
import TavoloPostgres
import TavoloStorage

/// A decision is stored only if no other node stored an event of the table after the state it was
/// decided on: of two nodes deciding on the same state, exactly one succeeds.
@Suite struct ConditionalEventTests {
    private func event(_ byte: UInt8, table: String = "t") -> StoredEvent {
        StoredEvent(table: table, actor: "facilitatore", payload: [byte], at: Date(timeIntervalSince1970: 1_800_000_000))
    }

    private func conditional(_ store: any Store, _ event: StoredEvent, seen: Int64) async -> Result<Int64, StoreError> {
        await withCheckedContinuation { continuation in
            store.appendEvent(event, unlessAnotherNodeWroteAfter: seen) { continuation.resume(returning: $0) }
        }
    }

    /// Two nodes' stores on one new database (nil without a test server), and how to close them.
    private func twoNodes() async throws -> (PostgresStore, PostgresStore, @Sendable () async -> Void)? {
        guard let url = StoreKind.postgresURL() else { return nil }
        let database = try await TestDatabase.create(baseURL: url)
        let poolA = try await PostgresPool.open(try PostgresLocation(url: database, poolSize: 2))
        let poolB = try await PostgresPool.open(try PostgresLocation(url: database, poolSize: 2))
        let nodeA = PostgresStore(pool: poolA, node: "A"), nodeB = PostgresStore(pool: poolB, node: "B")
        return (nodeA, nodeB, {
            await nodeA.close()
            await nodeB.close()
            await poolA.close()
            await poolB.close()
        })
    }

    @Test func twoNodesDecidingOnTheSameStateOneWins() async throws {
        guard let (nodeA, nodeB, close) = try await twoNodes() else { return }
        let before = try await nodeA.appendingEvent(event(0))

        // Both decide on the state that ends at `before`; A stores first, B is refused.
        let first = await conditional(nodeA, event(1), seen: before)
        let second = await conditional(nodeB, event(2), seen: before)
        let winner = try first.get()
        #expect(second == .failure(.conflict("another node changed the table first")))
        // B, having read A's event, decides again and is stored; A's own later events never block A.
        #expect(try await conditional(nodeB, event(3), seen: winner).get() > winner)
        _ = try await nodeA.appendingEvent(event(4))
        let afterB = try await nodeB.events(table: "t").map(\.sequence).max() ?? 0
        #expect(try await conditional(nodeA, event(5), seen: afterB).get() > afterB)
        // Another table's decisions are not a conflict; nor are events stored without condition
        // (someone joining on the other node).
        #expect(try await conditional(nodeB, event(6, table: "u"), seen: 0).get() > 0)
        let seenByA = try await nodeA.events(table: "t").map(\.sequence).max() ?? 0
        _ = try await nodeB.appendingEvent(event(7))
        #expect(try await conditional(nodeA, event(8), seen: seenByA).get() > seenByA)

        let stored = try await nodeA.events(table: "t")
        #expect(stored.map(\.payload) == [[0], [1], [3], [4], [5], [7], [8]])
        #expect(stored.map(\.node) == ["A", "A", "B", "A", "A", "B", "A"])
        await close()
    }

    /// The events of one decision are refused together, or stored together with consecutive
    /// sequence numbers (one transaction).
    @Test func theEventsOfOneDecisionGoTogether() async throws {
        guard let (nodeA, nodeB, close) = try await twoNodes() else { return }
        let before = try await nodeA.appendingEvent(event(0))
        let won = try await conditional(nodeA, event(1), seen: before).get()

        func decide(_ store: any Store, _ bytes: [UInt8], seen: Int64) async -> [Result<Int64, StoreError>] {
            let outcomes = ResultsBox()
            return await withCheckedContinuation { continuation in
                store.appendEvents(bytes.map { event($0) }, unlessAnotherNodeWroteAfter: seen) { result in
                    if let all = outcomes.add(result, expecting: bytes.count) { continuation.resume(returning: all) }
                }
            }
        }
        let refused = await decide(nodeB, [2, 3, 4], seen: before)
        #expect(refused.allSatisfy { $0 == .failure(.conflict("another node changed the table first")) })
        let stored = try await decide(nodeB, [5, 6, 7], seen: won).map { try $0.get() }
        #expect(stored == [stored[0], stored[0] + 1, stored[0] + 2])
        #expect(try await nodeA.events(table: "t").map(\.payload) == [[0], [1], [5], [6], [7]])
        await close()
    }

    /// One process writes SQLite: the condition always holds.
    @Test func sqliteStoresEveryDecision() async throws {
        guard let opened = try await StoreKind.sqlite.open() else { return }
        _ = try await opened.store.appendingEvent(event(0))
        let stored = await conditional(opened.store, event(1), seen: 0)
        #expect(try stored.get() > 0)
        #expect(try await opened.store.events(table: "t").map(\.payload) == [[0], [1]])
        await opened.close()
    }
}

/// Results gathered from store callbacks; `add` returns them all once `expecting` have come.
private final class ResultsBox: Sendable {
    private let results = Mutex<[Result<Int64, StoreError>]>([])
    func add(_ result: Result<Int64, StoreError>, expecting count: Int) -> [Result<Int64, StoreError>]? {
        results.withLock { results in
            results.append(result)
            return results.count == count ? results : nil
        }
    }
}
