import TavoloDomain

extension TableHistory {
    /// The table, its sessions, every text that exists now, and everyone who ever joined.
    /// `signed`: the table's signed copies (the last of each session is the one served).
    func overview(table: CoDesignTable, now: Int64, signed: [SignedCopy] = []) -> HistoryBody.Overview {
        let state = latestState
        let created = Self.milliseconds(table.createdAt)
        let span = self.span ?? (created, created)
        return HistoryBody.Overview(
            table: .init(id: table.id, title: table.title, procedure: table.procedure.isEmpty ? nil : table.procedure),
            start: span.start, end: span.end,
            sessions: state.sessions.map { session in
                let copy = signed.last { $0.session == session.id }
                let closed = session.closedAt.map(Self.milliseconds)
                let approved = session.approvedAt.map(Self.milliseconds)
                let uploaded = copy.map { Self.milliseconds($0.uploadedAt) }
                return .init(
                    id: session.id, title: session.title, status: session.status.rawValue,
                    openedAt: session.openedAt.map(Self.milliseconds), closedAt: closed, approvedAt: approved,
                    approvedContentHash: session.approvedContentHash,
                    signedCopy: copy.map { .init(kind: $0.kind, uploadedAt: Self.milliseconds($0.uploadedAt), sha256: $0.sha256) },
                    endsAt: [closed, approved, uploaded].compactMap { $0 }.max())
            },
            texts: textPaths(sessions: state.sessions),
            participants: state.participants.values.sorted { $0.id < $1.id }.map(HistoryBody.Person.init))
    }

    func hasSession(_ id: String) -> Bool { latestState.sessions.contains { $0.id == id } }

    func hasRoot(_ key: String) -> Bool { document.value(forKey: key) != nil }
}
