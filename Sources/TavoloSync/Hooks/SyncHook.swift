import TavoloCRDT
import TavoloTransport

/// Extends the live core (authentication, per-table data, permissions, custom messages).
///
/// The engine calls its hooks in the order they were installed, at these points and in this
/// lifecycle order: `authenticate`, `authorizeJoin`, `loadTable`, `tableOpened`, `memberJoined`,
/// `beforeChange`, `afterChange`, `afterStore`, `message`, `memberLeft`, `tableUnloaded`, `tick`,
/// `shutdown`. Every method has a default that does nothing, so a hook implements only
/// what it needs. All calls happen on the engine's loop: hooks keep their state without locks,
/// and return `.later` for anything that waits.
public protocol SyncHook: AnyObject {
    /// Called once, before any other method: the engine to act on (send, author, record).
    func install(on engine: SyncEngine)

    /// Who sent this `hello`. The first hook to answer with a principal decides; `.done(nil)` passes
    /// to the next hook. A hello no hook accepts gets `not_authenticated`.
    func authenticate(_ hello: ClientMessage.Hello, connection: ConnectionInfo) -> HookResult<Principal?>

    /// Whether this principal may join this table (refuse with `unauthorized`).
    func authorizeJoin(_ principal: Principal, table: String) -> HookResult<Void>

    /// Loads what the hook needs for a table before anyone joins it (off the loop, with `.later`);
    /// runs while the engine loads the table's document.
    func loadTable(_ table: String) -> HookResult<Void>

    /// The table's room exists and holds its stored document; nobody has joined yet.
    func tableOpened(_ room: Room)

    /// A member joined; the returned fields are added to their `joined` reply.
    func memberJoined(_ member: Member, in room: Room) -> [String: JSONValue]

    /// Operations that passed the engine's checks, before they are applied: refuse to drop them whole.
    func beforeChange(_ operations: Operations, by member: Member, in room: Room) -> HookResult<Void>

    /// Operations were applied (and queued for storage).
    func afterChange(_ operations: Operations, applied: Int, by member: Member, in room: Room)

    /// A batch of the table is durable (after the group commit); `operations` new operations.
    func afterStore(table: String, operations: Int)

    /// A message type the engine does not know. Answer nil if it is not yours: a type no hook takes
    /// gets `unknown_type`. `member` is nil before the connection joined a table.
    func message(_ fields: ClientMessage.Fields, ref: Int?, from connection: Connection, member: Member?, in room: Room?) -> HookResult<Void>?

    /// A member left (or their connection closed).
    func memberLeft(_ member: Member, in room: Room)

    /// The table was snapshotted and dropped from memory.
    func tableUnloaded(_ table: String)

    /// Every 50 ms.
    func tick(now: ContinuousClock.Instant)

    /// The server is stopping; the store is flushed after this.
    func shutdown()

    /// Another process wrote to the table's shared log (`SyncSettings.sharedLog`): a hook that
    /// keeps state from the store (table events) reads what is new.
    func logChanged(in room: Room)
}

extension SyncHook {
    public func install(on engine: SyncEngine) {}
    public func authenticate(_ hello: ClientMessage.Hello, connection: ConnectionInfo) -> HookResult<Principal?> { .done(nil) }
    public func authorizeJoin(_ principal: Principal, table: String) -> HookResult<Void> { .proceed }
    public func loadTable(_ table: String) -> HookResult<Void> { .proceed }
    public func tableOpened(_ room: Room) {}
    public func memberJoined(_ member: Member, in room: Room) -> [String: JSONValue] { [:] }
    public func beforeChange(_ operations: Operations, by member: Member, in room: Room) -> HookResult<Void> { .proceed }
    public func afterChange(_ operations: Operations, applied: Int, by member: Member, in room: Room) {}
    public func afterStore(table: String, operations: Int) {}
    public func message(
        _ fields: ClientMessage.Fields, ref: Int?, from connection: Connection, member: Member?, in room: Room?
    ) -> HookResult<Void>? { nil }
    public func memberLeft(_ member: Member, in room: Room) {}
    public func tableUnloaded(_ table: String) {}
    public func tick(now: ContinuousClock.Instant) {}
    public func shutdown() {}
    public func logChanged(in room: Room) {}
}
