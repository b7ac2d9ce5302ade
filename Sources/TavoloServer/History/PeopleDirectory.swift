import TavoloDomain

/// Who is behind a principal id or a replica id, as the history shows them.
struct PeopleDirectory: Sendable {
    /// Everyone who ever joined the table, by principal id.
    var participants: [String: Participant]
    /// Replica id → principal id.
    var owners: [String: String]

    static let server = HistoryBody.Person(id: "server", name: "Tavolo", organisation: "", role: "server")

    func person(principal: String) -> HistoryBody.Person {
        if let participant = participants[principal] { return HistoryBody.Person(participant) }
        if principal == "server" { return Self.server }
        return HistoryBody.Person(id: principal, name: principal, organisation: "", role: "")
    }

    func person(replica: String) -> HistoryBody.Person {
        if replica == "server" { return Self.server }
        guard let principal = owners[replica] else { return HistoryBody.Person(id: "replica:" + replica, name: replica, organisation: "", role: "") }
        return person(principal: principal)
    }
}
