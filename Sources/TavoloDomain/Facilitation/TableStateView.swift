import Foundation

/// What one participant may see of the table's state. Poll results stay hidden until the
/// facilitator shows them (facilitators always see the counts), and anonymous polls never
/// reveal who voted what: each person sees only their own vote.
public struct TableStateView: Codable, Sendable, Equatable {
    public var sessions: [SessionState]
    public var present: [Participant]
    public var queue: [String]
    /// The same hands with their kind, when raised, and since when their owner is away.
    public var hands: [RaisedHand]
    public var floor: Floor?
    public var spokenSeconds: [String: Double]
    public var spokenSecondsByOrganisation: [String: Double]
    public var timers: [String: ItemTimer]
    public var polls: [PollView]
    /// Per-area permission changes made by facilitators (area → role → may edit).
    public var permissionOverrides: [String: [Role: Bool]]
    /// Members a facilitator has stopped from editing.
    public var readOnly: [String]

    public struct PollView: Codable, Sendable, Equatable {
        public var poll: Poll
        public var open: Bool
        public var resultsShown: Bool
        /// Votes per option, when this viewer may see them.
        public var counts: [Int]?
        /// Who voted what, for open (non-anonymous) polls whose results are shown.
        public var votes: [String: [Int]]?
        /// The viewer's own choices.
        public var myVote: [Int]?
    }

    public init(_ state: TableState, for viewer: Participant) {
        sessions = state.sessions
        present = state.present.values.sorted { $0.id < $1.id }
        queue = state.queue
        hands = state.hands
        floor = state.floor
        spokenSeconds = state.spokenSeconds
        spokenSecondsByOrganisation = state.spokenSecondsByOrganisation
        timers = state.timers
        permissionOverrides = state.permissionOverrides
        readOnly = state.readOnly.sorted()
        polls = state.polls.map { poll in
            let mayCount = poll.resultsShown || viewer.runsSessions
            return PollView(
                poll: poll.poll, open: poll.open, resultsShown: poll.resultsShown, counts: mayCount ? poll.counts : nil,
                votes: poll.resultsShown && !poll.poll.anonymous ? poll.votes : nil, myVote: poll.votes[viewer.id])
        }
    }
}
