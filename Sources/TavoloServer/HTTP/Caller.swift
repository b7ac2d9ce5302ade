import TavoloDomain

/// Who an authenticated API request comes from, as `Authentication` established it.
enum Caller: Equatable, Sendable {
    /// The holder of the admin token (setting `adminToken`): every table.
    case administrator
    /// The holder of an invitation: its own table only. `invitation` is the invitation's id, the
    /// member's identity (one invitation, one seat).
    case member(table: String, role: Role, invitation: String)

    /// How the audit log names whoever asked (docs: `AuditEvent.actor`).
    var auditActor: String {
        switch self {
        case .administrator: "admin"
        case .member(_, _, let invitation): "invitation:\(invitation)"
        }
    }
}
