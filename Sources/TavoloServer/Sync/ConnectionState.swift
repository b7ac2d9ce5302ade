import TavoloTransport

/// What the engine knows about one connection.
struct ConnectionState {
    let info: ConnectionInfo
    var principal: Principal?
    /// The replica id bound at `hello`: every operation this connection sends must carry it.
    var replica: String?
    var table: String?
    var bucket: TokenBucket
    var lastPresence: ContinuousClock.Instant?
    var pendingPresence: JSONValue?

    init(info: ConnectionInfo, messagesPerSecond: Int, now: ContinuousClock.Instant) {
        self.info = info
        self.bucket = TokenBucket(rate: messagesPerSecond, now: now)
    }
}

enum Identifier {
    /// Table and replica ids: 1 to 64 of `A–Z a–z 0–9 _ -`, safe in logs, URLs and file names.
    static func isValid(_ text: String) -> Bool {
        guard (1...64).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D
        }
    }
}
