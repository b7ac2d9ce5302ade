import TavoloDomain

extension TableHistory {
    /// The table, its sessions, every text that exists now, and everyone who ever joined.
    func overview(table: CoDesignTable, now: Int64) -> HistoryBody.Overview {
        let state = latestState
        let created = Self.milliseconds(table.createdAt)
        let span = self.span ?? (created, created)
        return HistoryBody.Overview(
            table: .init(id: table.id, title: table.title), start: span.start, end: span.end,
            sessions: state.sessions.map { session in
                .init(
                    id: session.id, title: session.title, status: session.status.rawValue,
                    openedAt: session.openedAt.map(Self.milliseconds), closedAt: session.closedAt.map(Self.milliseconds))
            },
            texts: textPaths(sessions: state.sessions),
            participants: state.participants.values.sorted { $0.id < $1.id }.map(HistoryBody.Person.init))
    }

    func hasSession(_ id: String) -> Bool { latestState.sessions.contains { $0.id == id } }

    func hasRoot(_ key: String) -> Bool { document.value(forKey: key) != nil }
}
