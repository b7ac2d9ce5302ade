/// The area of a table's document a root key names; permissions are decided per area.
public enum TableArea: Hashable, Sendable {
    case project
    case comments
    case agenda(session: String)
    case minutes(session: String)
    case proposal(organisation: String)
    /// A root key outside the layout, kept as it is.
    case other(String)

    /// Parses a root key. The argument is everything after the first colon, so an organisation
    /// named `A:B` gives `proposal(organisation: "A:B")`.
    public init(rootKey: String) {
        if rootKey == TableLayout.projectKey {
            self = .project
        } else if rootKey == TableLayout.commentsKey {
            self = .comments
        } else if rootKey.hasPrefix(TableLayout.agendaPrefix) {
            self = .agenda(session: String(rootKey.dropFirst(TableLayout.agendaPrefix.count)))
        } else if rootKey.hasPrefix(TableLayout.minutesPrefix) {
            self = .minutes(session: String(rootKey.dropFirst(TableLayout.minutesPrefix.count)))
        } else if rootKey.hasPrefix(TableLayout.proposalPrefix) {
            self = .proposal(organisation: String(rootKey.dropFirst(TableLayout.proposalPrefix.count)))
        } else {
            self = .other(rootKey)
        }
    }

    /// The root key: `TableArea(rootKey: area.rootKey) == area` for every area but an `other`
    /// holding a key of the layout.
    public var rootKey: String {
        switch self {
        case .project: TableLayout.projectKey
        case .comments: TableLayout.commentsKey
        case .agenda(let session): TableLayout.agendaKey(session: session)
        case .minutes(let session): TableLayout.minutesKey(session: session)
        case .proposal(let organisation): TableLayout.proposalKey(organisation: organisation)
        case .other(let key): key
        }
    }

    /// The kind of object the area's root key holds; nil outside the layout.
    public var shape: TableLayout.Shape? {
        switch self {
        case .project: .text
        case .comments, .agenda: .list
        case .minutes, .proposal: .map
        case .other: nil
        }
    }

    /// The session an agenda or minutes belong to.
    public var session: String? {
        switch self {
        case .agenda(let session), .minutes(let session): session
        default: nil
        }
    }
}
