import Foundation
import TavoloDomain

/// Everything the approved verbale of one session says, as plain values: what the exports
/// print. Built on the server from the table's document, state, invitations and procedure
/// (`TavoloServer/Exports`); this module never sees any of them.
public struct MinutesRecord: Sendable, Equatable {
    public var tableID: String
    public var tableTitle: String
    /// The area of intervention, empty when not given.
    public var tableArea: String = ""
    /// The procedure the table belongs to, if any.
    public var procedure: ProcedureInfo?
    public var sessionID: String
    public var sessionTitle: String
    /// The session's place among the table's sessions, from 1.
    public var sessionNumber: Int?
    public var scheduledAt: Date?
    public var openedAt: Date?
    public var closedAt: Date?
    public var mode: SessionDetails.Mode?
    public var place: String = ""
    public var meetingLink: String = ""
    /// Who chaired the session (presidente) and who took the minutes (verbalizzante).
    public var chair: Person?
    public var secretary: Person?
    public var agenda: [AgendaItem]
    /// One row per person who attended.
    public var attendance: [AttendanceEntry]
    /// People invited to the table (PA, ETS, facilitators) who did not attend.
    public var absent: [Person] = []
    /// The minutes text, Markdown source (the subset `MarkdownParser` reads).
    public var minutesText: String
    public var decisions: [Entry]
    public var openPoints: [Entry]
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
        decisions: [Entry] = [], openPoints: [Entry] = [], actions: [ActionItem] = [], polls: [PollResult] = [],
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

    /// The day the verbale is of: the opening, or else the day it was called for, or approved.
    public var meetingDay: Date? { openedAt ?? scheduledAt ?? approvedAt }

    /// The procedure's data a verbale heads with.
    public struct ProcedureInfo: Sendable, Equatable {
        public var title: String
        public var legalBasis: String
        public var actReference: String

        public init(title: String, legalBasis: String = "", actReference: String = "") {
            self.title = title
            self.legalBasis = legalBasis
            self.actReference = actReference
        }
    }

    /// Someone the verbale names.
    public struct Person: Sendable, Equatable {
        public var name: String
        public var organisation: String
        public var role: Role

        public init(name: String, organisation: String, role: Role) {
            self.name = name
            self.organisation = organisation
            self.role = role
        }
    }

    /// One item of the agenda (ordine del giorno).
    public struct AgendaItem: Sendable, Equatable {
        /// The item's id in the document (`replica@counter`): what decisions and actions name.
        public var id: String
        public var title: String
        public var presenter: String
        /// Time box in minutes, when one was set.
        public var minutes: Int?
        /// `todo`, `current` or `done` (docs/protocol.md); anything else is printed as it is.
        public var status: String

        public init(id: String = "", title: String, presenter: String = "", minutes: Int? = nil, status: String = "todo") {
            self.id = id
            self.title = title
            self.presenter = presenter
            self.minutes = minutes
            self.status = status
        }
    }

    /// One person's presence at the session, however many times they reconnected.
    public struct AttendanceEntry: Sendable, Equatable {
        public var name: String
        public var organisation: String
        public var role: Role
        /// First arrival.
        public var from: Date
        /// Last departure; nil while a record was still open (the session closes every record, so rarely).
        public var to: Date?
        /// Minutes present in all (the stretches added up, overlaps counted once).
        public var minutesPresent: Int?

        public init(name: String, organisation: String, role: Role, from: Date, to: Date? = nil, minutesPresent: Int? = nil) {
            self.name = name
            self.organisation = organisation
            self.role = role
            self.from = from
            self.to = to
            self.minutesPresent = minutesPresent
        }
    }

    /// A decision or an open point, and the agenda item it belongs to.
    public struct Entry: Sendable, Equatable, ExpressibleByStringInterpolation {
        public var text: String
        /// An `AgendaItem.id`; nil or unknown: "Altro".
        public var item: String?

        public init(_ text: String, item: String? = nil) {
            self.text = text
            self.item = item
        }

        public init(stringLiteral text: String) { self.init(text) }
    }

    /// An action item: who does what, by when.
    public struct ActionItem: Sendable, Equatable {
        public var who: String
        public var what: String
        /// As written in the minutes, by convention `YYYY-MM-DD`.
        public var due: String
        public var item: String?

        public init(who: String, what: String, due: String = "", item: String? = nil) {
            self.who = who
            self.what = what
            self.due = due
            self.item = item
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
