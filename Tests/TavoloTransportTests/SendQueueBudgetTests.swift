import Testing
import TavoloTransport

/// One message over the byte budget (a join to a large table) may wait alone; what follows it
/// is counted without it.
@Suite struct SendQueueBudgetTests {
    private var limits: TransportConfiguration {
        var limits = TransportConfiguration()
        limits.sendQueueBytes = 1000
        limits.maxSingleMessageBytes = 10_000
        return limits
    }

    @Test func oneOversizedMessageWaitsOnItsOwnTerms() {
        var budget = SendQueueBudget()
        #expect(budget.admit(5000, limits: limits) == .oversized)
        #expect(budget.admit(900, limits: limits) == .normal)   // counted as if the large one were not there
        #expect(budget.admit(200, limits: limits) == .refused)  // but the byte budget still holds
        #expect(budget.admit(5000, limits: limits) == .refused) // and only one may wait
        budget.release(5000, .oversized)
        #expect(budget.admit(5000, limits: limits) == .oversized)
        #expect(budget.admit(20_000, limits: limits) == .refused)
    }

    @Test func aLargeJoinReachesASlowClientThenTheQueueIsBoundedAgain() async throws {
        let transport = InMemoryTransport(configuration: limits)
        let client = try transport.connect()
        transport.send(.text(String(repeating: "j", count: 8000)), to: client.id)
        for _ in 0..<9 { transport.send(.text(String(repeating: "o", count: 100)), to: client.id) }
        #expect(client.closeStatus == nil)
        transport.send(.text(String(repeating: "o", count: 200)), to: client.id)
        #expect(client.closeStatus?.code == .policyViolation)
    }
}
