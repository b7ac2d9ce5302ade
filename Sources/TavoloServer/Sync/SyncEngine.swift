import Foundation
import Logging
import TavoloCRDT
import TavoloDomain
import TavoloStorage
import TavoloTransport

/// The live-table engine: protocol v1 on `/ws` (docs/protocol.md).
///
/// Every event passes through `handle` on one task, so rooms and connections need
/// no locks. The only work that leaves that task is the store's: acknowledgements
/// and broadcasts are sent from its durability callbacks, so nobody ever hears of
/// an operation that a crash could still lose.
final class SyncEngine {
    let transport: any Transport
    let store: any Store
    let authenticator: any Authenticator
    let auditLog: AuditLog?
    /// The registered co-design tables, whose shared objects the server scaffolds.
    let tables: (any DomainStore)?
    /// Lets facilitators invite people from the table.
    let invitations: InvitationIssuer?
    let settings: SyncSettings
    let logger: Logger
    /// Events the engine sends itself from store callbacks (store failures).
    let feedback: AsyncStream<EngineInput>.Continuation

    var connections: [ConnectionID: ConnectionState] = [:]
    var rooms: [String: Room] = [:]
    /// Revocations are looked for every few seconds, also those made by the command line.
    var revocationsCheckedAt = Date()
    var revocationCheckRunning = false

    init(
        transport: any Transport, store: any Store, authenticator: any Authenticator, auditLog: AuditLog?,
        tables: (any DomainStore)?, invitations: InvitationIssuer?, settings: SyncSettings, logger: Logger,
        feedback: AsyncStream<EngineInput>.Continuation
    ) {
        self.tables = tables
        self.invitations = invitations
        self.transport = transport
        self.store = store
        self.authenticator = authenticator
        self.auditLog = auditLog
        self.settings = settings
        self.logger = logger
        self.feedback = feedback
    }

    func opened(_ info: ConnectionInfo) {
        connections[info.id] = ConnectionState(info: info, messagesPerSecond: settings.messagesPerSecond, now: .now)
    }

    func closed(_ id: ConnectionID) {
        leaveRoom(id)
        connections[id] = nil
    }

    func received(_ message: WebSocketMessage, from id: ConnectionID) async {
        guard connections[id] != nil else { return }
        guard connections[id]!.bucket.take(now: .now) else {
            send(.error(ProtocolError(.limitExceeded, "more than \(settings.messagesPerSecond) messages per second; slow down and resend", limit: "messagesPerSecond")), to: id)
            return
        }
        guard case .text(let text) = message else {
            send(.error(ProtocolError(.badMessage, "protocol v1 uses JSON text frames")), to: id)
            return
        }
        let decoded: ClientMessage
        do {
            decoded = try ClientMessage.decode(text)
        } catch {
            send(.error(error), to: id)
            return
        }
        switch decoded {
        case .hello(let greeting): await hello(greeting, from: id)
        case .join(let table, let version): await join(table, version: version, from: id)
        case .operations(let ref, let payload): receiveOperations(payload, ref: ref, from: id)
        case .presence(let state): receivePresence(state, from: id)
        case .action(let ref, let action): receiveAction(action, ref: ref, from: id)
        case .audit(let ref): readAudit(ref: ref, from: id)
        case .invite(let ref, let role, let name, let organisation, let days):
            invite(ref: ref, role: role, name: name, organisation: organisation, days: days, from: id)
        case .leave: leaveRoom(id)
        }
    }

    func send(_ message: ServerMessage, to id: ConnectionID) {
        transport.send(.text(message.json), to: id)
    }

    private func hello(_ hello: ClientMessage.Hello, from id: ConnectionID) async {
        guard hello.protocolVersion == ProtocolError.protocolVersion else {
            send(.error(ProtocolError(
                .unsupportedProtocol,
                "this server speaks protocol \(ProtocolError.protocolVersion), not \(hello.protocolVersion)")), to: id)
            transport.close(id, code: .protocolError, reason: "unsupported protocol version")
            return
        }
        guard connections[id]?.principal == nil else {
            send(.error(ProtocolError(.badMessage, "hello was already received on this connection")), to: id)
            return
        }
        guard Identifier.isValid(hello.replica), hello.replica != Room.serverReplica else {
            send(.error(ProtocolError(.badMessage, "replica must be 1-64 characters of A-Z a-z 0-9 _ -")), to: id)
            return
        }
        switch await authenticator.authenticate(hello) {
        case .failure(let error):
            send(.error(error), to: id)
            transport.close(id, code: .policyViolation, reason: error.message)
        case .success(let principal):
            connections[id]?.principal = principal
            connections[id]?.replica = hello.replica
            send(.welcome(replica: hello.replica, principal: principal.id), to: id)
        }
    }

    /// Periodic work: trailing presence updates, snapshots by time, unloading idle tables.
    func tick(now: ContinuousClock.Instant) {
        flushPresence(now: now)
        checkRevocations()
        for room in rooms.values {
            if let first = room.firstUnsnapshotted, first.duration(to: now) >= .seconds(settings.snapshotEverySeconds) {
                snapshot(room)
            }
            if room.members.isEmpty, let since = room.emptySince, since.duration(to: now) >= .seconds(settings.roomIdleSeconds) {
                unload(room)
            }
        }
    }

    /// Looks (off the engine's task) for invitations revoked since the last look, at most every 2 s.
    func checkRevocations() {
        guard let tables, !revocationCheckRunning, Date().timeIntervalSince(revocationsCheckedAt) >= 2 else { return }
        revocationCheckRunning = true
        let since = revocationsCheckedAt.addingTimeInterval(-1)  // overlap: a revocation in the same second is not missed
        revocationsCheckedAt = Date()
        Task { [feedback, logger] in
            do {
                let revoked = try await tables.invitationsRevoked(since: since)
                feedback.yield(.revoked(principals: Set(revoked.map { "invitation:" + $0.id })))
            } catch {
                logger.warning("cannot check revocations", metadata: ["error": "\(error)"])
                feedback.yield(.revoked(principals: []))
            }
        }
    }

    /// Ends the connections of revoked invitations: a revoked link stops working at once.
    func revoked(_ principals: Set<String>) {
        revocationCheckRunning = false
        for (id, state) in connections where state.principal.map({ principals.contains($0.id) }) == true {
            send(.error(ProtocolError(.notAuthenticated, InvitationError.revoked.description)), to: id)
            transport.close(id, code: .policyViolation, reason: "invitation revoked")
        }
    }

    func snapshot(_ room: Room) {
        room.operationsSinceSnapshot = 0
        room.firstUnsnapshotted = nil
        let table = room.table
        store.saveSnapshot(table: table, payload: room.document.encodeSnapshot()) { [logger] result in
            if case .failure(let error) = result {
                logger.error("snapshot failed", metadata: ["table.id": "\(table)", "error": "\(error)"])
            }
        }
    }

    func unload(_ room: Room) {
        if room.operationsSinceSnapshot > 0 { snapshot(room) }
        rooms[room.table] = nil
        logger.info("table unloaded", metadata: ["table.id": "\(room.table)"])
    }

    /// A write failed: what is in memory is ahead of the disk. Drop the room so it reloads
    /// from what is durable; its clients reconnect and resend what was not acknowledged.
    func storeFailed(table: String) {
        guard let room = rooms.removeValue(forKey: table) else { return }
        for id in room.members.keys {
            connections[id]?.table = nil
            send(.error(ProtocolError(.unavailable, "storage failed; reconnect and resend unacknowledged operations")), to: id)
            transport.close(id, code: .internalError, reason: "storage failed")
        }
    }

    /// At shutdown: snapshot what changed, then let the store finish every queued write.
    func shutdown() async {
        for room in rooms.values where room.operationsSinceSnapshot > 0 { snapshot(room) }
        await store.close()
    }
}

/// Everything the engine's loop reacts to.
enum EngineInput: Sendable {
    case transport(TransportEvent)
    case tick
    case storeFailed(table: String)
    /// Principals whose invitations were revoked while they may be connected.
    case revoked(principals: Set<String>)
}
