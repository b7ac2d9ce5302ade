import TavoloTransport

/// Bounds the heavy reads one caller may run at once (history jumps, authorship, differences,
/// exports, the dashboard): beyond `perCaller` the request answers `429` with `Retry-After`, so
/// one member starting a dozen exports cannot take the server's memory or its export queue from
/// everyone else. Together with `ExportSlots` (one export at a time for the whole server) this
/// keeps the memory of a storm bounded.
struct MemberWorkLimit: Middleware {
    let counter: Counter
    let perCaller: Int

    init(perCaller: Int = 4, counter: Counter = Counter()) {
        self.perCaller = perCaller
        self.counter = counter
    }

    actor Counter {
        private var running: [String: Int] = [:]

        func enter(_ key: String, limit: Int) -> Bool {
            guard running[key, default: 0] < limit else { return false }
            running[key, default: 0] += 1
            return true
        }

        func leave(_ key: String) {
            running[key, default: 1] -= 1
            if running[key] == 0 { running[key] = nil }
        }
    }

    func respond(to request: APIRequest, next: APIHandler) async throws -> HTTPResponse {
        let key = try request.authenticatedCaller().auditActor
        guard await counter.enter(key, limit: perCaller) else {
            throw HTTPError(
                status: 429, message: "too many requests of yours at once: at most \(perCaller) run together; retry in a moment",
                headers: [("Retry-After", "2")])
        }
        do {
            let response = try await next(request)
            await counter.leave(key)
            return response
        } catch {
            await counter.leave(key)
            throw error
        }
    }
}
