/// At most `running` LibreOffice conversions at once in this process, and at most `waiting`
/// more queued: each takes a second or more of a core and ~150 MB, and HTTP requests are not
/// cancelled when a client goes away, so without a bound anyone allowed to export could fill
/// the machine with them. Beyond the queue a conversion is refused (`ExportError.busy`).
actor ConversionSlots {
    static let shared = ConversionSlots(running: 2, waiting: 8)

    private let running: Int
    private let waiting: Int
    private var busy = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(running: Int, waiting: Int) {
        self.running = running
        self.waiting = waiting
    }

    /// Runs `body` once a slot is free.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy >= running {
            guard queue.count < waiting else { throw ExportError.busy }
            await withCheckedContinuation { queue.append($0) }  // the slot is handed over on release
        } else {
            busy += 1
        }
        defer { release() }
        try Task.checkCancellation()  // given up while waiting: no LibreOffice for nobody
        return try await body()
    }

    /// Conversions waiting for a slot.
    var queued: Int { queue.count }

    private func release() {
        if queue.isEmpty { busy -= 1 } else { queue.removeFirst().resume() }
    }
}
