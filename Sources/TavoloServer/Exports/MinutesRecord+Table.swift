import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloExport

extension MinutesRecord {
    /// The verbale of `session` as the table holds it: agenda, text, decisions, open points
    /// and actions from the document (root keys `agenda:<session>` and `minutes:<session>`,
    /// docs/protocol.md), the session's record, attendance, polls, amendments and approvals
    /// from the table state, the absent from the table's `invitations`, the head from its `procedure`.
    ///
    /// `events` (the table's events, in order) place polls in the session — those created
    /// between its opening and its closing — and date each approval. Without them the
    /// record has no polls and no approval times: pass them for an archival copy.
    public init(
        table: CoDesignTable, session: SessionState, state: TableState, document: Document, events: [TableEvent] = [],
        procedure: Procedure? = nil, invitations: [Invitation] = []
    ) {
        let minutes = document.rootNode(TableLayout.minutesKey(session: session.id))
        func person(_ id: String) -> Participant? { state.participants[id] }
        func named(_ id: String?) -> Person? {
            guard let id, let who = person(id) else { return nil }
            return Person(name: who.name, organisation: who.organisation, role: who.role)
        }

        let agendaKey = TableLayout.agendaKey(session: session.id)
        let agendaIDs: [String] = {
            guard case .object(let list, _)? = document.value(forKey: agendaKey) else { return [] }
            return document.elementIDs(in: list).map(\.description)
        }()
        let agenda = document.rootNode(agendaKey)?.items.enumerated().map { index, item in
            AgendaItem(
                id: agendaIDs.indices.contains(index) ? agendaIDs[index] : "", title: item["title"]?.string ?? "",
                presenter: item["presenter"]?.string ?? "", minutes: item["minutes"]?.integer, status: item["status"]?.string ?? "todo")
        }

        var approvalTimes: [String: Date] = [:]
        var pollsOfSession: Set<String> = []
        let opened = session.openedAt ?? .distantFuture, closed = session.closedAt ?? .distantFuture
        for event in events {
            switch event {
            case .minutesApprovedBy(let id, let participant, _, let at) where id == session.id:
                approvalTimes[participant] = at
            case .pollCreated(let poll, let at) where at >= opened && at <= closed:
                pollsOfSession.insert(poll.id)
            default:
                break
            }
        }

        self.init(
            tableID: table.id, tableTitle: table.title, sessionID: session.id, sessionTitle: session.title,
            openedAt: session.openedAt, closedAt: session.closedAt,
            agenda: agenda ?? [],
            attendance: Self.attendance(session.attendance),
            minutesText: minutes?[TableLayout.Minutes.text]?.string ?? "",
            decisions: minutes?[TableLayout.Minutes.decisions]?.items.map { Entry($0.itemText, item: $0.agendaItem) } ?? [],
            openPoints: minutes?[TableLayout.Minutes.openPoints]?.items.map { Entry($0.itemText, item: $0.agendaItem) } ?? [],
            actions: minutes?[TableLayout.Minutes.actions]?.items.map {
                ActionItem(
                    who: $0[TableLayout.Minutes.actionWho]?.string ?? "", what: $0[TableLayout.Minutes.actionWhat]?.string ?? "",
                    due: $0[TableLayout.Minutes.actionDue]?.string ?? "", item: $0.agendaItem)
            } ?? [],
            polls: state.polls.filter { pollsOfSession.contains($0.poll.id) }.map { poll in
                PollResult(
                    question: poll.poll.question, options: poll.poll.options,
                    // Counts the table never saw stay out of its minutes too.
                    counts: poll.resultsShown ? poll.counts : [],
                    multipleChoice: poll.poll.multipleChoice, anonymous: poll.poll.anonymous, closed: !poll.open)
            },
            amendments: session.amendments.map { amendment in
                let author = person(amendment.authorID).map { "\($0.name) (\($0.organisation))" } ?? amendment.authorID
                return AmendmentEntry(text: amendment.text, status: amendment.status.rawValue, author: author)
            },
            approvals: session.approvals.sorted { (approvalTimes[$0.key] ?? .distantPast, $0.key) < (approvalTimes[$1.key] ?? .distantPast, $1.key) }
                .map { id, hash in
                    let who = person(id)
                    return Approval(
                        name: who?.name ?? id, organisation: who?.organisation ?? "", role: who?.role ?? .pa, at: approvalTimes[id], contentHash: hash)
                },
            contentHash: session.approvedContentHash ?? MinutesContent.hash(of: document, session: session.id),
            approvedAt: session.approvedAt)
        tableArea = table.area
        self.procedure = procedure.map { ProcedureInfo(title: $0.title, legalBasis: $0.legalBasis, actReference: $0.actReference) }
        sessionNumber = state.sessions.firstIndex { $0.id == session.id }.map { $0 + 1 }
        scheduledAt = session.details.scheduledAt
        mode = session.details.mode
        place = session.details.place
        meetingLink = session.details.meetingLink
        chair = named(session.details.chair)
        secretary = named(session.details.secretary)
        absent = Self.absent(invitations: invitations, attended: Set(session.attendance.map(\.participant.id)), until: session.closedAt)
    }

    /// One row per person, in order of first arrival: first arrival, last departure, and the
    /// minutes present (stretches added up, overlaps — two tabs — counted once).
    static func attendance(_ stretches: [Attendance]) -> [AttendanceEntry] {
        var byPerson: [String: [Attendance]] = [:]
        for stretch in stretches { byPerson[stretch.participant.id, default: []].append(stretch) }
        return byPerson.values.map { stretches -> AttendanceEntry in
            let sorted = stretches.sorted { $0.from < $1.from }
            let who = sorted[0].participant
            var seconds = 0.0
            var coveredUntil = Date.distantPast
            for stretch in sorted {
                guard let to = stretch.to else { continue }
                let start = max(stretch.from, coveredUntil)
                if to > start { seconds += to.timeIntervalSince(start) }
                coveredUntil = max(coveredUntil, to)
            }
            let open = sorted.contains { $0.to == nil }
            return AttendanceEntry(
                name: who.name, organisation: who.organisation, role: who.role, from: sorted[0].from,
                to: open ? nil : sorted.compactMap(\.to).max(), minutesPresent: Int((seconds / 60).rounded()))
        }.sorted { ($0.from, $0.name) < ($1.from, $1.name) }
    }

    /// Those invited to take part (PA, ETS, facilitators; not coordinators, who follow) by the
    /// session's close, whose invitation was not revoked before it, and who did not attend.
    static func absent(invitations: [Invitation], attended: Set<String>, until closed: Date?) -> [Person] {
        let limit = closed ?? .distantFuture
        return invitations.filter { invitation in
            invitation.role != .coordinator && invitation.issuedAt <= limit && (invitation.revokedAt.map { $0 > limit } ?? true)
                && !attended.contains("invitation:" + invitation.id)
        }
        .map { Person(name: $0.name, organisation: $0.organisation, role: $0.role) }
        .reduce(into: [Person]()) { people, person in if !people.contains(person) { people.append(person) } }
        .sorted { ($0.role.rawValue, $0.organisation, $0.name) < ($1.role.rawValue, $1.organisation, $1.name) }
    }
}

extension Document {
    /// The materialized object under a root key, if there is one.
    fileprivate func rootNode(_ key: String) -> Node? {
        guard case .object(let id, _)? = value(forKey: key) else { return nil }
        return node(id)
    }
}

extension Node {
    fileprivate subscript(key: String) -> Node? {
        guard case .map(let entries) = self else { return nil }
        return entries[key]
    }

    /// A list's items; nothing for anything else.
    fileprivate var items: [Node] {
        guard case .list(let items) = self else { return [] }
        return items
    }

    /// The agenda item an entry names (`item`, docs/protocol.md), if any.
    fileprivate var agendaItem: String? { self[TableLayout.Minutes.agendaItem]?.string.flatMap { $0.isEmpty ? nil : $0 } }

    /// A decision's or open point's text: its item map's `text`, or the item itself when it is a plain string.
    fileprivate var itemText: String { self[TableLayout.Minutes.itemText]?.string ?? string ?? "" }

    /// A text object or a string register, as clients may store either.
    fileprivate var string: String? {
        switch self {
        case .text(let text), .value(.string(let text)): text
        case .value(.int(let number)): String(number)
        default: nil
        }
    }

    fileprivate var integer: Int? {
        switch self {
        case .value(.int(let number)): Int(exactly: number)
        case .value(.double(let number)) where number.isFinite: Int(number)
        case .value(.string(let text)), .text(let text): Int(text.trimmingCharacters(in: .whitespaces))
        default: nil
        }
    }
}
