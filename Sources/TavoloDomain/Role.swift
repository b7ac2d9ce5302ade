/// What someone does at a co-design table (see shared/domain.md).
public enum Role: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable {
    /// Runs the session: agenda, timer, speaking queue, polls, minutes approval.
    case facilitator
    /// Staff of the public administration (pubblica amministrazione).
    case pa
    /// Representative of a Third Sector organisation (ente del Terzo settore).
    case ets
    /// Read-only reviewer (RUP, Ufficio di Piano).
    case coordinator

    /// The label people see, Italian first.
    public var italianLabel: String {
        switch self {
        case .facilitator: "Facilitatore"
        case .pa: "Pubblica amministrazione"
        case .ets: "Ente del Terzo settore"
        case .coordinator: "Coordinamento"
        }
    }
}
