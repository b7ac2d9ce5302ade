/// What a hook answers at a point of the lifecycle. Hooks run on the engine's loop; anything
/// that waits (a database, a network, a clock) is returned as `.later`, runs in a task of its
/// own, and its answer continues the lifecycle on the loop, so no hook can stall other tables.
public enum HookResult<Value> {
    /// Go on, with this value.
    case done(Value)
    /// Stop here: the client gets this error (with the `ref` of its message).
    case refused(ProtocolError)
    /// Work to do off the loop; its outcome is decided on the loop when it ends.
    case later(Deferred<Value>)
}

extension HookResult where Value == Void {
    /// Go on.
    public static var proceed: HookResult<Void> { .done(()) }
}

/// Off-loop work and what to make of its answer. Only the answer (`Sendable`) crosses from
/// the task to the loop; `then`, which may touch the hook's own state, runs on the loop.
public struct Deferred<Value> {
    let work: @Sendable () async -> any Sendable
    let then: (any Sendable) -> HookResult<Value>

    public init<Answer: Sendable>(
        _ work: @escaping @Sendable () async -> Answer, then: @escaping (Answer) -> HookResult<Value>
    ) {
        self.work = { await work() }
        // The engine hands `then` exactly what `work` returned.
        self.then = { then($0 as! Answer) }
    }
}
