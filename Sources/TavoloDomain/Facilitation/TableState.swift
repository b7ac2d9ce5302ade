import Foundation

/// The live, non-document state of a table: sessions, who is present, the speaking
/// queue, timers, polls and attendance. A value rebuilt by applying `TableEvent`s in order.
public struct TableState: Codable, Sendable, Equatable {
    public var sessions: [SessionState] = []
    /// Participants connected now, by id.
    public var present: [String: Participant] = [:]
    /// Everyone who ever joined, by id (names for the timeline and the reports).
    public var participants: [String: Participant] = [:]
    /// Raised hands, in the order they will be given the floor (`queue` lists their ids).
    public var hands: [RaisedHand] = []
    /// Who has the floor, since when.
    public var floor: Floor?
    /// Seconds each participant and each organisation has spoken (fairness for the facilitator).
    public var spokenSeconds: [String: Double] = [:]
    public var spokenSecondsByOrganisation: [String: Double] = [:]
    /// Timers per agenda item: accumulated seconds, and since when running.
    public var timers: [String: ItemTimer] = [:]
    public var polls: [PollState] = []
    /// Per-area changes to who may edit, made by facilitators: area → role → may edit.
    public var permissionOverrides: [String: [Role: Bool]] = [:]
    /// Members a facilitator has stopped from editing anything at this table.
    public var readOnly: Set<String> = []

    public init() {}

    /// The session that is live, if any.
    public var liveSession: SessionState? { sessions.last { $0.status == .live } }
}

/// The current speaker.
public struct Floor: Codable, Sendable, Equatable {
    public var participantID: String
    public var since: Date
}

/// One session (seduta) of a table.
public struct SessionState: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case scheduled, live, closed
        case minutesInReview = "minutes_in_review"
        case approved
    }

    public var id: String
    public var title: String
    public var status: Status
    /// When and where, how, chaired and minuted by whom.
    public var details = SessionDetails()
    public var openedAt: Date?
    public var closedAt: Date?
    /// Who attended and when: filled from joins and leaves while live, correctable by the facilitator.
    public var attendance: [Attendance] = []
    /// Amendments proposed during review.
    public var amendments: [Amendment] = []
    /// Approvals so far: participant id → the content hash they approved.
    public var approvals: [String: String] = [:]
    /// Set when the minutes are approved and frozen: SHA-256 of their content, hex.
    public var approvedContentHash: String?
    public var approvedAt: Date?

    /// Everyone from the PA and the ETS who attended: their approvals are required.
    public var requiredApprovers: Set<String> {
        Set(attendance.filter { $0.participant.role == .pa || $0.participant.role == .ets }.map(\.participant.id))
    }
}

/// One stretch of presence at a session.
public struct Attendance: Codable, Sendable, Equatable {
    public var participant: Participant
    public var from: Date
    public var to: Date?
    /// Set when a facilitator corrected it (id of the facilitator).
    public var correctedBy: String?
}

public struct ItemTimer: Codable, Sendable, Equatable {
    public var elapsedSeconds: Double = 0
    public var runningSince: Date?

    /// Seconds counted at `now`, including the running stretch.
    public func seconds(at now: Date) -> Double {
        elapsedSeconds + (runningSince.map { now.timeIntervalSince($0) } ?? 0)
    }
}

public struct PollState: Codable, Sendable, Equatable {
    public var poll: Poll
    public var open = true
    public var resultsShown = false
    /// Choices per participant id (kept for open polls; for anonymous ones only counts are ever shown).
    public var votes: [String: [Int]] = [:]

    /// Votes per option.
    public var counts: [Int] {
        var counts = Array(repeating: 0, count: poll.options.count)
        for choices in votes.values { for choice in choices where counts.indices.contains(choice) { counts[choice] += 1 } }
        return counts
    }
}
