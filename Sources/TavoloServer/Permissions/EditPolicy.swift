import TavoloDomain

/// Who may edit which area of a table's document (the defaults of the co-design procedure):
/// - facilitators edit everything;
/// - PA staff edit the agendas, the minutes and the shared project;
/// - ETS representatives edit their own organisation's proposal and the shared project;
/// - everyone but coordinators writes comments;
/// - coordinators only read.
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
        let (kind, argument) = split(area)
        switch kind {
        case "agenda":
            if let session = state.sessions.first(where: { $0.id == argument }), session.status != .scheduled && session.status != .live {
                return .refused("the agenda of a closed session cannot change")
            }
            return role == .facilitator || role == .pa ? .allowed : .refused("only facilitators and PA staff edit the agenda")
        case "minutes":
            if let session = state.sessions.first(where: { $0.id == argument }) {
                switch session.status {
                case .approved: return .refused("approved minutes are frozen")
                case .minutesInReview, .closed:
                    return role == .facilitator ? .allowed : .refused("minutes in review change only through amendments")
                case .scheduled, .live: break
                }
            }
            return role == .facilitator || role == .pa ? .allowed : .refused("ETS propose amendments to the minutes rather than editing them")
        case "proposal":
            if role == .facilitator { return .allowed }
            return role == .ets && argument == participant.organisation
                ? .allowed : .refused("only the organisation that owns a proposal (and facilitators) edit it")
        case "project":
            return .allowed
        case "comments":
            return .allowed
        default:
            return role == .facilitator ? .allowed : .refused("only facilitators create new kinds of shared object")
        }
    }

    private static func split(_ area: String) -> (String, String) {
        guard let colon = area.firstIndex(of: ":") else { return (area, "") }
        return (String(area[..<colon]), String(area[area.index(after: colon)...]))
    }
}
