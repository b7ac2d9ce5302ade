import Foundation

extension TableEvent {
    /// The audit-log entry for events that are administrative (joins and leaves, sessions,
    /// permissions, amendments, approvals, attendance corrections); nil for the rest.
    public func auditEntry(table: String, actor: String) -> AuditEvent? {
        func entry(_ action: String, _ detail: [String: String]) -> AuditEvent {
            AuditEvent(at: at, actor: actor, action: action, table: table, fields: detail)
        }
        switch self {
        case .joined(let participant, _):
            return entry("member.joined", [
                "participant": participant.id, "name": participant.name, "organisation": participant.organisation,
                "role": participant.role.rawValue,
            ])
        case .left(let id, _): return entry("member.left", ["participant": id])
        case .sessionOpened(let session, _): return entry("session.opened", ["session": session])
        case .sessionDetailsChanged(let session, let details, _, _):
            return entry("session.details", details.auditFields.merging(["session": session]) { _, new in new })
        case .sessionClosed(let session, _): return entry("session.closed", ["session": session])
        case .permissionChanged(let area, let role, let canEdit, _, _):
            return entry("permission.changed", ["area": area, "role": role.rawValue, "canEdit": canEdit.map { "\($0)" } ?? "default"])
        case .readOnlyChanged(let participant, let readOnly, _, _):
            return entry(readOnly ? "member.readOnly" : "member.editing", ["participant": participant])
        case .amendmentAccepted(let id, _, _): return entry("amendment.accepted", ["amendment": id])
        case .amendmentRejected(let id, _, _): return entry("amendment.rejected", ["amendment": id])
        case .minutesApprovedBy(let session, let participant, let hash, _):
            return entry("minutes.approval", ["session": session, "participant": participant, "contentHash": hash])
        case .minutesApproved(let session, let hash, _):
            return entry("minutes.approved", ["session": session, "contentHash": hash])
        case .attendanceCorrected(let session, let participant, _, _, _, _):
            return entry("attendance.corrected", ["session": session, "participant": participant])
        case .sessionScheduled, .handRaised, .handLowered, .queueReordered, .handDropped, .floorGiven, .floorReleased, .timerStarted, .timerStopped,
            .pollCreated, .voteCast, .pollClosed, .pollResultsShown, .amendmentProposed:
            return nil
        }
    }
}
