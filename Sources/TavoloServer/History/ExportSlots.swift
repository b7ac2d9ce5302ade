/// At most one export is made at a time in this process, and at most `waiting` more wait:
/// making one reads and replays a table's whole history (a second or more and hundreds of MB
/// for a long table), so forty at once filled memory and starved the live tables of the
/// second core. Beyond the queue an export is refused with 503 (retry); one given up by its
/// client while it waits is never started.
actor ExportSlots {
    static let shared = ExportSlots(running: 1, waiting: 16)

    private let running: Int
    private let waiting: Int
    private var busy = 0
    private var queue: [CheckedContinuation<Void, Never>] = []

    init(running: Int, waiting: Int) {
        self.running = running
        self.waiting = waiting
    }

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy >= running {
            guard queue.count < waiting else { throw HTTPError.unavailable("too many exports at once; retry in a moment") }
            await withCheckedContinuation { queue.append($0) }  // the slot is handed over on release
        } else {
            busy += 1
        }
        defer { release() }
        try Task.checkCancellation()
        return try await body()
    }

    private func release() {
        if queue.isEmpty { busy -= 1 } else { queue.removeFirst().resume() }
    }
}
