import TavoloDomain
import TavoloSync

/// `audit`: a coordinator or facilitator reads the table's audit log, read off the loop.
final class AuditHook: SyncHook {
    let live: LiveTables
    let auditLog: AuditLog?
    private unowned var engine: SyncEngine!

    init(live: LiveTables, auditLog: AuditLog?) {
        self.live = live
        self.auditLog = auditLog
    }

    func install(on engine: SyncEngine) { self.engine = engine }

    func message(
        _ fields: ClientMessage.Fields, ref: Int?, from connection: Connection, member: Member?, in room: Room?
    ) -> HookResult<Void>? {
        guard fields.type == "audit" else { return nil }
        guard let ref else { return .refused(ProtocolError(.badMessage, "'audit' needs field 'ref'")) }
        guard let room, let participant = live.participant(connection.id, at: room.table) else {
            return .refused(ProtocolError(.notJoined, "join a table before reading its audit log"))
        }
        guard participant.role == .coordinator || participant.role == .facilitator else {
            return .refused(ProtocolError(.forbidden, "the audit log is for coordinators and facilitators"))
        }
        guard let auditLog else { return .refused(ProtocolError(.unavailable, "no audit log on this server")) }
        let table = room.table, id = connection.id
        // Answered when read; meanwhile this connection's other messages go on.
        engine.later({ () -> [AuditEvent]? in try? await auditLog.entries(table: table) }) { [unowned self] entries in
            if let entries {
                engine.send(DomainMessage.audit(ref: ref, entries), to: id)
            } else {
                engine.logger.error("cannot read the audit log", metadata: ["table.id": "\(table)"])
                engine.send(.error(ProtocolError(.unavailable, "the audit log cannot be read now", ref: ref)), to: id)
            }
        }
        return .proceed
    }
}
