import Foundation
import TavoloDomain
import TavoloSync
import TavoloTransport

/// `invite` (a facilitator invites someone from the table) and revocations: a revoked link
/// stops working at once, also when revoked from the command line.
final class InvitationHook: SyncHook {
    let live: LiveTables
    let invitations: InvitationIssuer?
    let tables: (any DomainStore)?
    private unowned var engine: SyncEngine!
    /// Revocations are looked for every 2 s.
    private var checkedAt = Date()
    private var checking = false
    /// Expired invitations are looked for every second.
    private var expiryCheckedAt = Date()

    init(live: LiveTables, invitations: InvitationIssuer?, tables: (any DomainStore)?) {
        self.live = live
        self.invitations = invitations
        self.tables = tables
    }

    func install(on engine: SyncEngine) { self.engine = engine }

    func message(
        _ fields: ClientMessage.Fields, ref: Int?, from connection: Connection, member: Member?, in room: Room?
    ) -> HookResult<Void>? {
        guard fields.type == "invite" else { return nil }
        let ref: Int, role: String, name: String, organisation: String, days: Int
        do throws(ProtocolError) {
            ref = try fields.required("ref", \.integer)
            role = try fields.required("role", \.string)
            name = try fields.required("name", \.string)
            organisation = try fields.optional("organisation", \.string) ?? ""
            days = try fields.optional("days", \.integer) ?? 30
        } catch {
            return .refused(error)
        }
        guard let room, let participant = live.participant(connection.id, at: room.table) else {
            return .refused(ProtocolError(.notJoined, "join a table before inviting to it"))
        }
        guard participant.role == .facilitator else { return .refused(ProtocolError(.forbidden, "only facilitators invite people")) }
        guard let invited = Role(rawValue: role) else {
            return .refused(ProtocolError(.invalidAction, "role must be facilitator, pa, ets or coordinator"))
        }
        guard let invitations else { return .refused(ProtocolError(.unavailable, "invitations are not available on this server")) }
        let table = room.table, id = connection.id
        engine.later({ () -> ServerMessage in
            do {
                let issued = try await invitations.issue(
                    table: table, role: invited, name: name, organisation: organisation, days: days, by: participant.id)
                return DomainMessage.invitation(
                    ref: ref, id: issued.invitation.id, link: issued.link, expiresAt: issued.invitation.expiresAt)
            } catch let error as DomainError {
                return .error(ProtocolError(.invalidAction, error.description, ref: ref))
            } catch {
                return .error(ProtocolError(.unavailable, "the invitation cannot be created now", ref: ref))
            }
        }) { [unowned self] answer in engine.send(answer, to: id) }
        return .proceed
    }

    /// An invitation that expires while its holder is connected ends the connection then (within 1 s).
    private func closeExpired() {
        let now = Date()
        for connection in Array(engine.openConnections) where connection.principal?.expiresAt.map({ $0 <= now }) == true {
            engine.send(.error(ProtocolError(.notAuthenticated, InvitationError.expired.description)), to: connection.id)
            engine.close(connection, code: .policyViolation, reason: "invitation expired")
        }
    }

    func tick(now: ContinuousClock.Instant) {
        if Date().timeIntervalSince(expiryCheckedAt) >= 1 {
            expiryCheckedAt = Date()
            closeExpired()
        }
        guard let tables, !checking, Date().timeIntervalSince(checkedAt) >= 2 else { return }
        checking = true
        let since = checkedAt.addingTimeInterval(-1)  // overlap: a revocation in the same second is not missed
        checkedAt = Date()
        engine.later({ () -> Set<String>? in
            try? await Set(tables.invitationsRevoked(since: since).map { "invitation:" + $0.id })
        }) { [unowned self] revoked in
            checking = false
            guard let revoked else {
                engine.logger.warning("cannot check revocations")
                return
            }
            for connection in Array(engine.openConnections) where connection.principal.map({ revoked.contains($0.id) }) == true {
                engine.send(.error(ProtocolError(.notAuthenticated, InvitationError.revoked.description)), to: connection.id)
                engine.close(connection, code: .policyViolation, reason: "invitation revoked")
            }
        }
    }
}
