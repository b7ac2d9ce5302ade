import Foundation
import TavoloDomain

/// Everything the approved minutes of one session say, as plain values: what the
/// exports print. Built on the server from the table's document and state
/// (`TavoloServer/Exports`); this module never sees either.
public struct MinutesRecord: Sendable, Equatable {
    public var tableID: String
    public var tableTitle: String
    public var sessionID: String
    public var sessionTitle: String
    public var openedAt: Date?
    public var closedAt: Date?
    public var agenda: [AgendaItem]
    public var attendance: [AttendanceEntry]
    /// The minutes text, Markdown source (the subset `MarkdownParser` reads).
    public var minutesText: String
    public var decisions: [String]
    public var openPoints: [String]
    public var actions: [ActionItem]
    public var polls: [PollResult]
    public var amendments: [AmendmentEntry]
    public var approvals: [Approval]
    /// SHA-256 (lower-case hex) of the approved minutes' canonical content (docs/protocol.md, "Minutes").
    public var contentHash: String
    public var approvedAt: Date?

    public init(
        tableID: String, tableTitle: String, sessionID: String, sessionTitle: String, openedAt: Date? = nil,
        closedAt: Date? = nil, agenda: [AgendaItem] = [], attendance: [AttendanceEntry] = [], minutesText: String = "",
        decisions: [String] = [], openPoints: [String] = [], actions: [ActionItem] = [], polls: [PollResult] = [],
        amendments: [AmendmentEntry] = [], approvals: [Approval] = [], contentHash: String, approvedAt: Date? = nil
    ) {
        self.tableID = tableID
        self.tableTitle = tableTitle
        self.sessionID = sessionID
        self.sessionTitle = sessionTitle
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.agenda = agenda
        self.attendance = attendance
        self.minutesText = minutesText
        self.decisions = decisions
        self.openPoints = openPoints
        self.actions = actions
        self.polls = polls
        self.amendments = amendments
        self.approvals = approvals
        self.contentHash = contentHash
        self.approvedAt = approvedAt
    }

    /// One item of the agenda (ordine del giorno).
    public struct AgendaItem: Sendable, Equatable {
        public var title: String
        public var presenter: String
        /// Time box in minutes, when one was set.
        public var minutes: Int?
        /// `todo`, `current` or `done` (docs/protocol.md); anything else is printed as it is.
        public var status: String

        public init(title: String, presenter: String = "", minutes: Int? = nil, status: String = "todo") {
            self.title = title
            self.presenter = presenter
            self.minutes = minutes
            self.status = status
        }
    }

    /// One stretch of someone's presence at the session.
    public struct AttendanceEntry: Sendable, Equatable {
        public var name: String
        public var organisation: String
        public var role: Role
        public var from: Date
        /// Nil while the record was still open (the session closes every record, so rarely).
        public var to: Date?

        public init(name: String, organisation: String, role: Role, from: Date, to: Date? = nil) {
            self.name = name
            self.organisation = organisation
            self.role = role
            self.from = from
            self.to = to
        }
    }

    /// An action item: who does what, by when.
    public struct ActionItem: Sendable, Equatable {
        public var who: String
        public var what: String
        /// As written in the minutes, by convention `YYYY-MM-DD`.
        public var due: String

        public init(who: String, what: String, due: String = "") {
            self.who = who
            self.what = what
            self.due = due
        }
    }

    /// A poll taken during the session, with its counts.
    public struct PollResult: Sendable, Equatable {
        public var question: String
        public var options: [String]
        /// Votes per option, in the order of `options`; empty when the results were never shown to the table.
        public var counts: [Int]
        public var multipleChoice: Bool
        public var anonymous: Bool
        public var closed: Bool

        public init(question: String, options: [String], counts: [Int], multipleChoice: Bool = false, anonymous: Bool = false, closed: Bool = true) {
            self.question = question
            self.options = options
            self.counts = counts
            self.multipleChoice = multipleChoice
            self.anonymous = anonymous
            self.closed = closed
        }
    }

    /// An amendment proposed during review, and what the facilitator decided.
    public struct AmendmentEntry: Sendable, Equatable {
        public var text: String
        /// `proposed`, `accepted` or `rejected`.
        public var status: String
        /// Who proposed it: name and organisation as the table knows them.
        public var author: String

        public init(text: String, status: String, author: String) {
            self.text = text
            self.status = status
            self.author = author
        }
    }

    /// One attendee's approval of the minutes.
    public struct Approval: Sendable, Equatable {
        public var name: String
        public var organisation: String
        public var role: Role
        /// When they approved, if the caller knows it (it comes from the table's events).
        public var at: Date?
        /// The content hash they approved.
        public var contentHash: String

        public init(name: String, organisation: String, role: Role, at: Date? = nil, contentHash: String) {
            self.name = name
            self.organisation = organisation
            self.role = role
            self.at = at
            self.contentHash = contentHash
        }
    }
}
