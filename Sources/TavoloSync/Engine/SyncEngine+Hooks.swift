/// Running hooks in order, on the loop, and resuming deferred ones when their work ends.
extension SyncEngine {
    /// Runs `work` off the loop, then `then` with its answer on the loop.
    public func later<Answer: Sendable>(_ work: @escaping @Sendable () async -> Answer, then: @escaping (Answer) -> Void) {
        nextTicket += 1
        let ticket = nextTicket
        // The engine stores the answer of exactly this work under this ticket.
        parked[ticket] = { then($0 as! Answer) }
        Task { [inputs] in inputs.yield(.resumed(ticket: ticket, answer: await work())) }
    }

    /// Settles one hook's answer, deferring as often as the hook asks.
    func settle<Value>(_ result: HookResult<Value>, _ done: @escaping (Result<Value, ProtocolError>) -> Void) {
        switch result {
        case .done(let value): done(.success(value))
        case .refused(let error): done(.failure(error))
        case .later(let deferred):
            later(deferred.work) { [unowned self] answer in settle(deferred.then(answer), done) }
        }
    }

    /// Asks each hook in order; stops at the first refusal, or at the first answer `decides` accepts.
    /// Synchronous when every hook answers at once.
    func ask<Value>(
        _ question: @escaping (any SyncHook) -> HookResult<Value>, decides: @escaping (Value) -> Bool = { _ in false },
        from index: Int = 0, _ done: @escaping (Result<Value?, ProtocolError>) -> Void
    ) {
        guard index < hooks.count else {
            done(.success(nil))
            return
        }
        settle(question(hooks[index])) { [unowned self] result in
            switch result {
            case .failure(let error): done(.failure(error))
            case .success(let value) where decides(value): done(.success(value))
            case .success: ask(question, decides: decides, from: index + 1, done)
            }
        }
    }

    /// Runs `step` with the connection marked busy (its next messages wait), then lets it go on.
    func whileBusy(_ connection: Connection, _ step: (_ finished: @escaping () -> Void) -> Void) {
        connection.busy = true
        step { [unowned self] in
            connection.busy = false
            schedule(connection)
        }
    }
}
