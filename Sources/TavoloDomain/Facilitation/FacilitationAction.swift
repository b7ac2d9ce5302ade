import Foundation

/// What a participant asks for. `TableState.decide` checks it against the rules and the
/// asker's role and turns it into events, or refuses it with a reason.
public enum FacilitationAction: Codable, Sendable, Equatable {
    case scheduleSession(title: String)
    /// Facilitators record when and where a session meets, how, and who chairs it and takes its
    /// minutes (until its minutes are approved).
    case setSessionDetails(session: String, details: SessionDetails)
    case openSession(session: String)
    case closeSession(session: String)
    /// `kind` nil: a speech. Raising again changes the kind.
    case raiseHand(kind: HandKind? = nil)
    /// Facilitators put the queue in another order: `order` holds exactly the queue's ids.
    case reorderQueue(order: [String])
    /// Facilitators move the meeting to an agenda item: every running item timer stops, its own starts.
    case moveToItem(item: String)
    case lowerHand
    /// Facilitators may lower anyone's hand.
    case lowerHandOf(participantID: String)
    case giveFloor(participantID: String)
    case releaseFloor
    case startTimer(item: String)
    case stopTimer(item: String)
    case createPoll(question: String, options: [String], multipleChoice: Bool, anonymous: Bool)
    /// Opens polarity `number` (1…8) of the eight polarities of co-design (seed 002) as a poll:
    /// one at a time, so the table discusses and votes them in turn.
    case launchPolarity(number: Int, anonymous: Bool)
    case vote(poll: String, choices: [Int])
    case closePoll(poll: String)
    case showPollResults(poll: String)
    case correctAttendance(session: String, participantID: String, from: Date, to: Date?)
    /// Lets a role edit one area of the document, or stops it (`canEdit` nil: back to the default).
    /// Facilitators always edit, coordinators never do.
    case setPermission(area: String, role: Role, canEdit: Bool?)
    /// Stops one member from editing anything at this table (a member filling it, say), or lets them again.
    case setReadOnly(participantID: String, readOnly: Bool)
    /// During review: an attendee proposes a change to the minutes.
    case proposeAmendment(session: String, text: String)
    case acceptAmendment(id: String)
    case rejectAmendment(id: String)
    /// A PA or ETS attendee approves the minutes as they read now.
    case approveMinutes(session: String)
}

/// Why an action was refused.
public struct FacilitationError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case forbidden
        case invalid
        case notFound = "not_found"
        case wrongState = "wrong_state"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
