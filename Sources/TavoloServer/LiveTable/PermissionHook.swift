import TavoloCRDT
import TavoloSync

/// Refuses a batch that touches an area the sender's role may not change (docs/protocol.md,
/// "Permissions"). Installed only where roles are enforced (invitations, not open mode).
final class PermissionHook: SyncHook {
    let live: LiveTables

    init(live: LiveTables) { self.live = live }

    func beforeChange(_ operations: Operations, by member: Member, in room: Room) -> HookResult<Void> {
        guard let table = live[room.table], let participant = table.participants[member.connection] else {
            return .refused(ProtocolError(.forbidden, "not a participant of this table"))
        }
        for area in table.areas.areas(of: operations, in: room.document) {
            guard let area else {
                return .refused(ProtocolError(.forbidden, "operations target an object outside this table's shared objects"))
            }
            if case .refused(let why) = EditPolicy.decide(area: area, participant: participant, state: table.state) {
                return .refused(ProtocolError(.forbidden, "\(why) (\(area))"))
            }
        }
        return .proceed
    }
}
