import Foundation

/// Something that happened in the life of a table, outside the shared documents.
/// Events are stored in order and replayed to rebuild `TableState`; they are also the
/// timeline coordinators replay later.
public enum TableEvent: Codable, Sendable, Equatable {
    case sessionScheduled(session: String, title: String, at: Date)
    case sessionDetailsChanged(session: String, details: SessionDetails, by: String, at: Date)
    case sessionOpened(session: String, at: Date)
    /// Closing a session ends the meeting and puts its minutes in review.
    case sessionClosed(session: String, at: Date)
    case joined(Participant, at: Date)
    case left(participantID: String, at: Date)
    /// `kind` is absent in events stored before kinds existed: a speech.
    case handRaised(participantID: String, kind: HandKind? = nil, at: Date)
    case handLowered(participantID: String, at: Date)
    /// A facilitator put the queue in a new order.
    case queueReordered(order: [String], by: String, at: Date)
    /// The hand of someone away for longer than the grace period was dropped by the server.
    case handDropped(participantID: String, at: Date)

    case floorGiven(participantID: String, at: Date)
    case floorReleased(at: Date)
    case timerStarted(item: String, at: Date)
    case timerStopped(item: String, at: Date)
    case pollCreated(Poll, at: Date)
    case voteCast(poll: String, participantID: String, choices: [Int], at: Date)
    case pollClosed(poll: String, at: Date)
    case pollResultsShown(poll: String, at: Date)
    case attendanceCorrected(session: String, participantID: String, from: Date, to: Date?, by: String, at: Date)
    /// A facilitator changed who may edit one area of the document (nil `canEdit` restores the default).
    case permissionChanged(area: String, role: Role, canEdit: Bool?, by: String, at: Date)
    case readOnlyChanged(participantID: String, readOnly: Bool, by: String, at: Date)
    case amendmentProposed(Amendment, at: Date)
    case amendmentAccepted(id: String, by: String, at: Date)
    case amendmentRejected(id: String, by: String, at: Date)
    /// One attendee approved the minutes as they read when `contentHash` was taken.
    case minutesApprovedBy(session: String, participantID: String, contentHash: String, at: Date)
    /// Every required approval is in for the same content: the minutes are frozen.
    case minutesApproved(session: String, contentHash: String, at: Date)

    public var at: Date {
        switch self {
        case .sessionScheduled(_, _, let at), .sessionDetailsChanged(_, _, _, let at), .sessionOpened(_, let at), .sessionClosed(_, let at), .joined(_, let at),
            .left(_, let at), .handRaised(_, _, let at), .handLowered(_, let at), .queueReordered(_, _, let at), .handDropped(_, let at), .floorGiven(_, let at),
            .floorReleased(let at), .timerStarted(_, let at), .timerStopped(_, let at), .pollCreated(_, let at),
            .voteCast(_, _, _, let at), .pollClosed(_, let at), .pollResultsShown(_, let at),
            .attendanceCorrected(_, _, _, _, _, let at), .permissionChanged(_, _, _, _, let at), .readOnlyChanged(_, _, _, let at), .amendmentProposed(_, let at), .amendmentAccepted(_, _, let at),
            .amendmentRejected(_, _, let at), .minutesApprovedBy(_, _, _, let at), .minutesApproved(_, _, let at):
            at
        }
    }
}

/// A question put to the table.
public struct Poll: Codable, Sendable, Equatable {
    public var id: String
    public var question: String
    public var options: [String]
    /// More than one option may be chosen.
    public var multipleChoice: Bool
    /// Who voted what is never shown, only the counts.
    public var anonymous: Bool
    /// Set when the poll is one of the eight polarities of co-design (1…8): its options are the
    /// polarity's two statements.
    public var polarity: Int?

    public init(id: String, question: String, options: [String], multipleChoice: Bool, anonymous: Bool, polarity: Int? = nil) {
        self.id = id
        self.question = question
        self.options = options
        self.multipleChoice = multipleChoice
        self.anonymous = anonymous
        self.polarity = polarity
    }
}

/// A change to the minutes proposed by an attendee during review.
public struct Amendment: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable { case proposed, accepted, rejected }

    public var id: String
    public var session: String
    public var authorID: String
    /// What should change, in the proposer's words (the facilitator edits the minutes accordingly).
    public var text: String
    public var status: Status = .proposed

    public init(id: String, session: String, authorID: String, text: String) {
        self.id = id
        self.session = session
        self.authorID = authorID
        self.text = text
    }
}
