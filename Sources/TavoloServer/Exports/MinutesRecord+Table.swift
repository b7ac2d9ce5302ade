import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloExport

extension MinutesRecord {
    /// The minutes of `session` as the table holds them: agenda, text, decisions, open points
    /// and actions from the document (root keys `agenda:<session>` and `minutes:<session>`,
    /// docs/protocol.md), attendance, polls, amendments and approvals from the table state.
    ///
    /// `events` (the table's events, in order) place polls in the session — those created
    /// between its opening and its closing — and date each approval. Without them the
    /// record has no polls and no approval times: pass them for an archival copy.
    public init(table: CoDesignTable, session: SessionState, state: TableState, document: Document, events: [TableEvent] = []) {
        let minutes = document.rootNode(TableLayout.minutesKey(session: session.id))
        func person(_ id: String) -> Participant? { state.participants[id] }

        let agenda = document.rootNode(TableLayout.agendaKey(session: session.id))?.items.map { item in
            AgendaItem(
                title: item["title"]?.string ?? "", presenter: item["presenter"]?.string ?? "",
                minutes: item["minutes"]?.integer, status: item["status"]?.string ?? "todo")
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
            // In order of arrival, as a register of attendance reads.
            attendance: session.attendance.sorted { ($0.from, $0.participant.name) < ($1.from, $1.participant.name) }.map {
                AttendanceEntry(name: $0.participant.name, organisation: $0.participant.organisation, role: $0.participant.role, from: $0.from, to: $0.to)
            },
            minutesText: minutes?[TableLayout.Minutes.text]?.string ?? "",
            decisions: minutes?[TableLayout.Minutes.decisions]?.items.map(\.itemText) ?? [],
            openPoints: minutes?[TableLayout.Minutes.openPoints]?.items.map(\.itemText) ?? [],
            actions: minutes?[TableLayout.Minutes.actions]?.items.map {
                ActionItem(
                    who: $0[TableLayout.Minutes.actionWho]?.string ?? "", what: $0[TableLayout.Minutes.actionWhat]?.string ?? "",
                    due: $0[TableLayout.Minutes.actionDue]?.string ?? "")
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
