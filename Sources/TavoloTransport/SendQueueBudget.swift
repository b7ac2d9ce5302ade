/// What may wait to be sent to one connection (docs/protocol.md, "Limits"): `sendQueueMessages`
/// messages and `sendQueueBytes` bytes, plus one message larger than that byte budget on its own
/// terms (up to `maxSingleMessageBytes`): the `joined` of a large table must reach a slow client
/// without its size counting against what follows it. Both transports apply the same rule.
public struct SendQueueBudget: Sendable, Equatable {
    public private(set) var messages = 0
    public private(set) var bytes = 0
    /// Bytes of the one oversized message waiting, if any.
    public private(set) var oversizedBytes = 0

    public init() {}

    /// How a message was admitted; pass it back to `release`.
    public enum Admission: Sendable, Equatable {
        case normal
        case oversized
        case refused
    }

    public mutating func admit(_ size: Int, limits: TransportConfiguration) -> Admission {
        guard messages < limits.sendQueueMessages else { return .refused }
        if bytes - oversizedBytes + size <= limits.sendQueueBytes {
            messages += 1
            bytes += size
            return .normal
        }
        guard oversizedBytes == 0, size > limits.sendQueueBytes, size <= limits.maxSingleMessageBytes else { return .refused }
        messages += 1
        bytes += size
        oversizedBytes = size
        return .oversized
    }

    public mutating func release(_ size: Int, _ admission: Admission) {
        messages -= 1
        bytes -= size
        if admission == .oversized { oversizedBytes = 0 }
    }

    public mutating func reset() { self = SendQueueBudget() }
}
