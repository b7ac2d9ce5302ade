import TavoloCRDT
import TavoloDomain
import TavoloSync
import TavoloTransport

/// Refuses a batch that would take a member past their quota (per minute, share of the table)
/// or a non-facilitator, non-PA member into the table's reserve (docs/protocol.md, "Quotas").
final class QuotaHook: SyncHook {
    let live: LiveTables
    let quotas: QuotaSettings
    let maxDocumentOperations: Int
    /// Per table, per principal: operations their replicas hold, and their recent rate.
    private var authored: [String: [String: Int]] = [:]
    private var rates: [String: [String: MinuteWindow]] = [:]

    init(live: LiveTables, quotas: QuotaSettings, maxDocumentOperations: Int) {
        self.live = live
        self.quotas = quotas
        self.maxDocumentOperations = maxDocumentOperations
    }

    func tableOpened(_ room: Room) {
        var counts: [String: Int] = [:]
        for (replica, count) in room.document.version.counts {
            guard let principal = room.owner(of: replica) else { continue }
            counts[principal, default: 0] += count
        }
        authored[room.table] = counts
    }

    func tableUnloaded(_ table: String) {
        authored[table] = nil
        rates[table] = nil
    }

    func beforeChange(_ operations: Operations, by member: Member, in room: Room) -> HookResult<Void> {
        guard let participant = live.participant(member.connection, at: room.table), participant.role != .facilitator else {
            return .proceed
        }
        let count = operations.count, principal = member.principal.id
        let tableTotal = room.document.operationCount
        if participant.role != .pa, tableTotal + count > maxDocumentOperations * (100 - quotas.reservePercent) / 100 {
            return .refused(ProtocolError(
                .limitExceeded,
                "table \(room.table) is nearly full: its last \(quotas.reservePercent)% is kept for facilitators and PA staff",
                limit: "reservePercent"))
        }
        let mine = authored[room.table]?[principal] ?? 0
        guard mine + count <= maxDocumentOperations * quotas.memberSharePercent / 100 else {
            return .refused(ProtocolError(
                .limitExceeded, "you have written \(quotas.memberSharePercent)% of what this table may hold; ask the facilitator",
                limit: "memberSharePercent"))
        }
        var window = rates[room.table]?[principal] ?? MinuteWindow()
        guard window.recorded(now: .now) + count <= quotas.memberOperationsPerMinute else {
            return .refused(ProtocolError(
                .limitExceeded, "more than \(quotas.memberOperationsPerMinute) operations in a minute; wait a moment and resend",
                limit: "memberOperationsPerMinute"))
        }
        window.record(count, now: .now)
        rates[room.table, default: [:]][principal] = window
        return .proceed
    }

    func afterChange(_ operations: Operations, applied: Int, by member: Member, in room: Room) {
        authored[room.table, default: [:]][member.principal.id, default: 0] += applied
    }
}

/// Operations recorded in the last minute, in six ten-second buckets.
struct MinuteWindow {
    private var buckets = [Int](repeating: 0, count: 6)
    private var current = 0
    private var currentStart: ContinuousClock.Instant?

    mutating func recorded(now: ContinuousClock.Instant) -> Int {
        advance(to: now)
        return buckets.reduce(0, +)
    }

    mutating func record(_ count: Int, now: ContinuousClock.Instant) {
        advance(to: now)
        buckets[current] += count
    }

    private mutating func advance(to now: ContinuousClock.Instant) {
        guard let start = currentStart else {
            currentStart = now
            return
        }
        let elapsed = start.duration(to: now)
        let steps = min(6, Int(elapsed.components.seconds / 10))
        guard steps > 0 else { return }
        for _ in 0..<steps {
            current = (current + 1) % 6
            buckets[current] = 0
        }
        currentStart = start + .seconds(10 * steps)
        if steps == 6 { currentStart = now }
    }
}
