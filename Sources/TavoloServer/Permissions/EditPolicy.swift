import TavoloDomain

/// Who may edit which area of a table's document (the defaults of the co-design procedure):
/// - facilitators edit everything;
/// - PA staff edit the agendas, the minutes and the shared project;
/// - ETS representatives edit their own organisation's proposal and the shared project;
/// - everyone but coordinators writes comments;
/// - coordinators only read.
/// A facilitator can change these defaults per area for PA and ETS (`setPermission`).
/// The agenda of a closed session, and minutes once approved, accept no edits from anyone;
/// minutes in review change only through the facilitator (who applies accepted amendments).
struct EditPolicy {
    enum Decision: Equatable {
        case allowed
        case refused(String)
    }

    static func decide(area: String, participant: Participant, state: TableState) -> Decision {
        let role = participant.role
        if role == .coordinator { return .refused("coordinators read only") }
        if state.readOnly.contains(participant.id) { return .refused("a facilitator has made you read-only at this table") }
        let parsed = TableArea(rootKey: area)
        if let frozen = frozenReason(parsed, role: role, state: state) { return .refused(frozen) }
        if role != .facilitator, let override = state.permissionOverrides[area]?[role] {
            return override ? .allowed : .refused("a facilitator has made \(area) read-only for \(role.rawValue)")
        }
        switch parsed {
        case .agenda:
            return role == .facilitator || role == .pa ? .allowed : .refused("only facilitators and PA staff edit the agenda")
        case .minutes:
            return role == .facilitator || role == .pa ? .allowed : .refused("ETS propose amendments to the minutes rather than editing them")
        case .proposal(let organisation):
            if role == .facilitator { return .allowed }
            return role == .ets && organisation == participant.organisation
                ? .allowed : .refused("only the organisation that owns a proposal (and facilitators) edit it")
        case .project:
            return .allowed
        case .comments:
            return .allowed
        case .other:
            return role == .facilitator ? .allowed : .refused("only facilitators create new kinds of shared object")
        }
    }

    /// States that no permission can override: closed agendas, minutes in review or approved.
    private static func frozenReason(_ area: TableArea, role: Role, state: TableState) -> String? {
        guard let id = area.session, let session = state.sessions.first(where: { $0.id == id }) else { return nil }
        switch (area, session.status) {
        case (.agenda, .closed), (.agenda, .minutesInReview), (.agenda, .approved):
            return "the agenda of a closed session cannot change"
        case (.minutes, .approved):
            return "approved minutes are frozen"
        case (.minutes, .minutesInReview), (.minutes, .closed):
            return role == .facilitator ? nil : "minutes in review change only through amendments"
        default:
            return nil
        }
    }
}
