import Foundation
import Testing
import TavoloDomain

/// A scripted table: actions go through `decide`, events through `apply`, as the server does.
private struct Table {
    var state = TableState()
    var events: [TableEvent] = []
    var clock = Date(timeIntervalSince1970: 1_800_000_000)
    var ids = 0

    static let facilitator = Participant(id: "f", name: "Fabio", organisation: "Facilitazione", role: .facilitator)
    static let pa = Participant(id: "p", name: "Paola", organisation: "Comune di Budrio", role: .pa)
    static let ets1 = Participant(id: "e1", name: "Elena", organisation: "Coop. Il Ponte", role: .ets)
    static let ets2 = Participant(id: "e2", name: "Enzo", organisation: "Coop. Il Ponte", role: .ets)
    static let coordinator = Participant(id: "c", name: "Carlo", organisation: "Ufficio di Piano", role: .coordinator)

    mutating func advance(_ seconds: Double) { clock = clock.addingTimeInterval(seconds) }

    mutating func record(_ event: TableEvent) {
        state.apply(event)
        events.append(event)
    }

    @discardableResult
    mutating func act(_ action: FacilitationAction, by actor: Participant) throws(FacilitationError) -> [TableEvent] {
        var counter = ids
        let produced = try state.decide(action, by: actor, at: clock) {
            counter += 1
            return "id\(counter)"
        }
        ids = counter
        for event in produced { record(event) }
        return produced
    }

    mutating func join(_ participant: Participant) { record(.joined(participant, at: clock)) }
    mutating func leave(_ participant: Participant) { record(.left(participantID: participant.id, at: clock)) }

    /// Schedules and opens a session with everyone present; returns its id.
    mutating func openSession() throws -> String {
        for participant in [Self.facilitator, Self.pa, Self.ets1, Self.ets2, Self.coordinator] { join(participant) }
        try act(.scheduleSession(title: "Prima seduta"), by: Self.facilitator)
        let id = state.sessions.last!.id
        try act(.openSession(session: id), by: Self.facilitator)
        return id
    }
}

private func refusal(_ body: () throws -> Void) -> FacilitationError.Code? {
    do {
        try body()
        return nil
    } catch let error as FacilitationError {
        return error.code
    } catch {
        return nil
    }
}

@Suite struct SessionLifecycleTests {
    @Test func scheduledLiveThenMinutesInReview() throws {
        var table = Table()
        let session = try table.openSession()
        #expect(table.state.liveSession?.id == session)
        table.advance(3600)
        try table.act(.closeSession(session: session), by: Table.facilitator)
        let closed = table.state.sessions[0]
        #expect(closed.status == .minutesInReview)
        #expect(closed.closedAt == table.clock)
        #expect(closed.attendance.allSatisfy { $0.to == table.clock })
    }

    @Test func onlyFacilitatorsRunSessionsAndStatesAreRespected() throws {
        var table = Table()
        #expect(refusal { try table.act(.scheduleSession(title: "x"), by: Table.pa) } == .forbidden)
        #expect(refusal { try table.act(.scheduleSession(title: "  "), by: Table.facilitator) } == .invalid)
        let session = try table.openSession()
        #expect(refusal { try table.act(.closeSession(session: session), by: Table.ets1) } == .forbidden)
        #expect(refusal { try table.act(.openSession(session: session), by: Table.facilitator) } == .wrongState)
        try table.act(.scheduleSession(title: "Seconda"), by: Table.facilitator)
        #expect(refusal { try table.act(.openSession(session: table.state.sessions[1].id), by: Table.facilitator) } == .wrongState)
        #expect(refusal { try table.act(.openSession(session: "nessuna"), by: Table.facilitator) } == .notFound)
    }
}

@Suite struct SpeakingQueueTests {
    @Test func handsQueueInOrderAndSpeakingTimeIsCountedPerPersonAndOrganisation() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.raiseHand(), by: Table.ets1)
        try table.act(.raiseHand(), by: Table.pa)
        try table.act(.raiseHand(), by: Table.ets1)  // twice is once
        #expect(table.state.queue == ["e1", "p"])
        #expect(refusal { try table.act(.giveFloor(participantID: "e1"), by: Table.pa) } == .forbidden)
        #expect(refusal { try table.act(.raiseHand(), by: Table.coordinator) } == .forbidden)

        try table.act(.giveFloor(participantID: "e1"), by: Table.facilitator)
        #expect(table.state.floor?.participantID == "e1")
        #expect(table.state.queue == ["p"])
        table.advance(90)
        try table.act(.giveFloor(participantID: "p"), by: Table.facilitator)
        table.advance(30)
        try table.act(.releaseFloor, by: Table.pa)  // the speaker may end their own turn
        try table.act(.raiseHand(), by: Table.ets2)
        try table.act(.giveFloor(participantID: "e2"), by: Table.facilitator)
        table.advance(60)
        table.leave(Table.ets2)  // leaving ends the turn

        #expect(table.state.floor == nil)
        #expect(table.state.spokenSeconds == ["e1": 90, "p": 30, "e2": 60])
        #expect(table.state.spokenSecondsByOrganisation == ["Coop. Il Ponte": 150, "Comune di Budrio": 30])
    }

    @Test func aPointOfOrderGoesAheadAndKindsAreShown() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.raiseHand(), by: Table.ets1)
        try table.act(.raiseHand(kind: .clarification), by: Table.ets2)
        try table.act(.raiseHand(kind: .pointOfOrder), by: Table.pa)
        #expect(table.state.queue == ["p", "e1", "e2"])
        #expect(table.state.hands.map(\.kind) == [.pointOfOrder, .speech, .clarification])
        // A second point of order queues behind the first; raising again with another kind changes it.
        try table.act(.raiseHand(kind: .pointOfOrder), by: Table.ets2)
        #expect(table.state.queue == ["p", "e2", "e1"])
        try table.act(.raiseHand(kind: .reply), by: Table.ets1)
        #expect(table.state.hands[2].kind == .reply && table.state.queue == ["p", "e2", "e1"])
        #expect(try table.act(.raiseHand(kind: .reply), by: Table.ets1).isEmpty)  // the same again changes nothing
    }

    @Test func aFacilitatorReordersTheQueue() throws {
        var table = Table()
        _ = try table.openSession()
        for member in [Table.ets1, Table.pa, Table.ets2] { try table.act(.raiseHand(), by: member) }
        #expect(refusal { try table.act(.reorderQueue(order: ["e2", "p", "e1"]), by: Table.pa) } == .forbidden)
        #expect(refusal { try table.act(.reorderQueue(order: ["e2", "p"]), by: Table.facilitator) } == .invalid)
        #expect(refusal { try table.act(.reorderQueue(order: ["e2", "p", "x"]), by: Table.facilitator) } == .invalid)
        #expect(refusal { try table.act(.reorderQueue(order: ["e2", "p", "p"]), by: Table.facilitator) } == .invalid)
        try table.act(.reorderQueue(order: ["e2", "p", "e1"]), by: Table.facilitator)
        #expect(table.state.queue == ["e2", "p", "e1"])
        #expect(try table.act(.reorderQueue(order: ["e2", "p", "e1"]), by: Table.facilitator).isEmpty)
    }

    /// A phone that drops off for a moment keeps its place; after the grace period the hand is dropped.
    @Test func aRaisedHandSurvivesAShortDisconnection() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.raiseHand(), by: Table.ets1)
        try table.act(.raiseHand(), by: Table.pa)
        let left = table.clock
        table.leave(Table.ets1)
        #expect(table.state.queue == ["e1", "p"] && table.state.hands[0].awaySince == left)
        table.advance(60)
        #expect(table.state.handsToDrop(at: table.clock, grace: 120).isEmpty)
        table.join(Table.ets1)
        #expect(table.state.hands[0].awaySince == nil)

        table.leave(Table.ets1)
        table.advance(119)
        #expect(table.state.handsToDrop(at: table.clock, grace: 120).isEmpty)
        table.advance(1)
        let dropped = table.state.handsToDrop(at: table.clock, grace: 120)
        #expect(dropped == [.handDropped(participantID: "e1", at: table.clock)])
        for event in dropped { table.record(event) }
        #expect(table.state.queue == ["p"])
        // The floor cannot go to someone away.
        try table.act(.raiseHand(), by: Table.ets2)
        table.leave(Table.ets2)
        #expect(refusal { try table.act(.giveFloor(participantID: "e2"), by: Table.facilitator) } == .notFound)
    }

    @Test func movingToAnItemStopsTheOthersTimers() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.moveToItem(item: "punto-1"), by: Table.facilitator)
        table.advance(300)
        #expect(refusal { try table.act(.moveToItem(item: "punto-2"), by: Table.pa) } == .forbidden)
        try table.act(.moveToItem(item: "punto-2"), by: Table.facilitator)
        #expect(table.state.timers["punto-1"]?.runningSince == nil && table.state.timers["punto-1"]?.elapsedSeconds == 300)
        #expect(table.state.timers["punto-2"]?.runningSince == table.clock)
        #expect(try table.act(.moveToItem(item: "punto-2"), by: Table.facilitator).isEmpty)
    }

    @Test func storedEventsWithoutAKindAreSpeeches() throws {
        let old = Data(#"{"handRaised":{"participantID":"e1","at":0}}"#.utf8)
        let event = try JSONDecoder().decode(TableEvent.self, from: old)
        var state = TableState()
        state.apply(event)
        #expect(state.hands.map(\.kind) == [.speech])
        let action = try JSONDecoder().decode(FacilitationAction.self, from: Data(#"{"raiseHand":{}}"#.utf8))
        #expect(action == .raiseHand(kind: nil))
    }

    @Test func othersCannotEndSomeoneElsesTurn() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.giveFloor(participantID: "e1"), by: Table.facilitator)
        #expect(refusal { try table.act(.releaseFloor, by: Table.pa) } == .forbidden)
        #expect(refusal { try table.act(.giveFloor(participantID: "absent"), by: Table.facilitator) } == .notFound)
    }
}

@Suite struct TimerTests {
    @Test func timersAccumulateAcrossStartsAndStopAtClose() throws {
        var table = Table()
        let session = try table.openSession()
        try table.act(.startTimer(item: "punto-1"), by: Table.facilitator)
        table.advance(120)
        try table.act(.stopTimer(item: "punto-1"), by: Table.facilitator)
        table.advance(500)
        try table.act(.startTimer(item: "punto-1"), by: Table.facilitator)
        table.advance(30)
        #expect(table.state.timers["punto-1"]?.seconds(at: table.clock) == 150)
        #expect(refusal { try table.act(.startTimer(item: "punto-2"), by: Table.ets1) } == .forbidden)
        try table.act(.closeSession(session: session), by: Table.facilitator)
        #expect(table.state.timers["punto-1"]?.elapsedSeconds == 150)
        #expect(table.state.timers["punto-1"]?.runningSince == nil)
    }
}

@Suite struct PollTests {
    @Test func singleChoicePollWithValidationAndResults() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.createPoll(question: "Quale giorno?", options: ["Lunedì", "Giovedì"], multipleChoice: false, anonymous: false), by: Table.facilitator)
        let poll = table.state.polls[0].poll.id
        try table.act(.vote(poll: poll, choices: [1]), by: Table.pa)
        try table.act(.vote(poll: poll, choices: [0]), by: Table.ets1)
        try table.act(.vote(poll: poll, choices: [1]), by: Table.ets1)  // a new vote replaces the old one
        #expect(refusal { try table.act(.vote(poll: poll, choices: [0, 1]), by: Table.ets2) } == .invalid)
        #expect(refusal { try table.act(.vote(poll: poll, choices: [7]), by: Table.ets2) } == .invalid)
        #expect(refusal { try table.act(.vote(poll: poll, choices: [0]), by: Table.coordinator) } == .forbidden)
        #expect(table.state.polls[0].counts == [0, 2])
        #expect(!table.state.polls[0].resultsShown)
        try table.act(.closePoll(poll: poll), by: Table.facilitator)
        #expect(refusal { try table.act(.vote(poll: poll, choices: [0]), by: Table.ets2) } == .wrongState)
        try table.act(.showPollResults(poll: poll), by: Table.facilitator)
        #expect(table.state.polls[0].resultsShown)
    }

    @Test func multipleChoiceAndPolarities() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.createPoll(question: "Temi?", options: ["a", "b", "c"], multipleChoice: true, anonymous: true), by: Table.facilitator)
        try table.act(.vote(poll: table.state.polls[0].poll.id, choices: [2, 0]), by: Table.pa)
        #expect(table.state.polls[0].counts == [1, 0, 1])
        #expect(refusal { try table.act(.createPoll(question: "?", options: ["solo"], multipleChoice: false, anonymous: false), by: Table.facilitator) } == .invalid)
        #expect(refusal { try table.act(.launchPolarity(number: 1, anonymous: true), by: Table.ets1) } == .forbidden)
        #expect(refusal { try table.act(.launchPolarity(number: 9, anonymous: true), by: Table.facilitator) } == .invalid)
        #expect(refusal { try table.act(.launchPolarity(number: 0, anonymous: true), by: Table.facilitator) } == .invalid)
        // One at a time, in the order the facilitator chooses.
        try table.act(.launchPolarity(number: 1, anonymous: true), by: Table.facilitator)
        #expect(table.state.polls.count == 2)
        #expect(refusal { try table.act(.launchPolarity(number: 1, anonymous: true), by: Table.facilitator) } == .wrongState)
        let first = table.state.polls[1]
        #expect(first.poll.polarity == 1 && first.poll.question.hasPrefix("Polarità 1") && first.poll.options.count == 2 && first.poll.anonymous)
        try table.act(.closePoll(poll: first.poll.id), by: Table.facilitator)
        try table.act(.launchPolarity(number: 8, anonymous: false), by: Table.facilitator)
        #expect(table.state.polls.count == 3 && table.state.polls[2].poll.question.hasPrefix("Polarità 8"))
        try table.act(.launchPolarity(number: 1, anonymous: true), by: Table.facilitator)  // again, once closed
        #expect(table.state.polls.count == 4)
    }
}

@Suite struct SessionDetailsTests {
    @Test func aFacilitatorRecordsWhenWhereHowAndByWhom() throws {
        var table = Table()
        let session = try table.openSession()
        let at = Date(timeIntervalSince1970: 1_800_100_000)
        var details = SessionDetails(
            scheduledAt: at, mode: .mixed, place: "Sala consiliare, Piazza Garibaldi 1, Budrio", meetingLink: "https://meet.example.org/tavolo",
            chair: "p", secretary: "f")
        #expect(refusal { try table.act(.setSessionDetails(session: session, details: details), by: Table.pa) } == .forbidden)
        try table.act(.setSessionDetails(session: session, details: details), by: Table.facilitator)
        #expect(table.state.sessions[0].details == details)
        #expect(try table.act(.setSessionDetails(session: session, details: details), by: Table.facilitator).isEmpty)
        let audit = try #require(table.events.last?.auditEntry(table: "t", actor: "f"))
        #expect(audit.action == "session.details" && audit.detail.contains("Sala consiliare"))

        details.chair = "nobody"
        #expect(refusal { try table.act(.setSessionDetails(session: session, details: details), by: Table.facilitator) } == .notFound)
        details.chair = "p"
        details.meetingLink = "javascript:alert(1)"
        #expect(refusal { try table.act(.setSessionDetails(session: session, details: details), by: Table.facilitator) } == .invalid)
        details.meetingLink = ""
        details.place = "Sala\u{0}"
        #expect(refusal { try table.act(.setSessionDetails(session: session, details: details), by: Table.facilitator) } == .invalid)
        #expect(refusal { try table.act(.setSessionDetails(session: "x", details: SessionDetails()), by: Table.facilitator) } == .notFound)
    }

    @Test func sessionsStoredBeforeDetailsDecode() throws {
        let old = Data(#"{"sessionScheduled":{"session":"s","title":"Prima","at":0}}"#.utf8)
        var state = TableState()
        state.apply(try JSONDecoder().decode(TableEvent.self, from: old))
        #expect(state.sessions[0].details == SessionDetails())
        let details = try JSONDecoder().decode(SessionDetails.self, from: Data(#"{"place":"Sala"}"#.utf8))
        #expect(details.place == "Sala" && details.meetingLink == "" && details.mode == nil)
    }
}

@Suite struct AttendanceTests {
    @Test func attendanceFollowsJoinsAndLeavesAndCanBeCorrected() throws {
        var table = Table()
        let session = try table.openSession()
        let opened = table.clock
        table.advance(600)
        table.leave(Table.ets2)
        table.advance(300)
        table.join(Table.ets2)
        let late = Participant(id: "l", name: "Lucia", organisation: "Associazione Aurora", role: .ets)
        table.join(late)
        table.advance(1200)
        try table.act(.closeSession(session: session), by: Table.facilitator)

        let enzo = table.state.sessions[0].attendance.filter { $0.participant.id == "e2" }
        #expect(enzo.map(\.from) == [opened, opened.addingTimeInterval(900)])
        #expect(enzo.map(\.to) == [opened.addingTimeInterval(600), opened.addingTimeInterval(2100)])

        #expect(refusal { try table.act(.correctAttendance(session: session, participantID: "l", from: opened, to: nil), by: Table.pa) } == .forbidden)
        try table.act(.correctAttendance(session: session, participantID: "l", from: opened, to: opened.addingTimeInterval(2100)), by: Table.facilitator)
        let lucia = table.state.sessions[0].attendance.filter { $0.participant.id == "l" }
        #expect(lucia.count == 1 && lucia[0].from == opened && lucia[0].correctedBy == "f")
        #expect(refusal { try table.act(.correctAttendance(session: session, participantID: "l", from: table.clock, to: opened), by: Table.facilitator) } == .invalid)
    }

    @Test func replayingTheEventsRebuildsTheSameState() throws {
        var table = Table()
        let session = try table.openSession()
        try table.act(.raiseHand(), by: Table.ets1)
        try table.act(.giveFloor(participantID: "e1"), by: Table.facilitator)
        table.advance(42)
        try table.act(.raiseHand(kind: .pointOfOrder), by: Table.pa)
        try table.act(.launchPolarity(number: 2, anonymous: false), by: Table.facilitator)
        try table.act(.vote(poll: table.state.polls[0].poll.id, choices: [0]), by: Table.pa)
        try table.act(.closeSession(session: session), by: Table.facilitator)

        var replayed = TableState()
        for event in table.events { replayed.apply(event) }
        #expect(replayed == table.state)
        // Events survive a JSON round trip, which is how they are stored.
        let decoded = try JSONDecoder().decode([TableEvent].self, from: JSONEncoder().encode(table.events))
        #expect(decoded == table.events)
    }
}

@Suite struct StateViewTests {
    @Test func pollResultsAndAnonymousVotesStayHidden() throws {
        var table = Table()
        _ = try table.openSession()
        try table.act(.createPoll(question: "Segreto?", options: ["sì", "no"], multipleChoice: false, anonymous: true), by: Table.facilitator)
        let poll = table.state.polls[0].poll.id
        try table.act(.vote(poll: poll, choices: [0]), by: Table.pa)
        try table.act(.vote(poll: poll, choices: [1]), by: Table.ets1)

        let beforeForETS = TableStateView(table.state, for: Table.ets1).polls[0]
        #expect(beforeForETS.counts == nil && beforeForETS.votes == nil && beforeForETS.myVote == [1])
        #expect(TableStateView(table.state, for: Table.facilitator).polls[0].counts == [1, 1])

        try table.act(.showPollResults(poll: poll), by: Table.facilitator)
        let after = TableStateView(table.state, for: Table.coordinator).polls[0]
        #expect(after.counts == [1, 1])
        #expect(after.votes == nil)  // anonymous: never who voted what
        #expect(after.myVote == nil)
    }
}

@Suite struct MinutesWorkflowTests {
    @Test func amendmentsThenApprovalsByEveryPAandETSAttendeeFreezeTheMinutes() throws {
        var table = Table()
        let session = try table.openSession()
        table.leave(Table.ets2)  // attended, left early: still an attendee whose approval is needed
        try table.act(.closeSession(session: session), by: Table.facilitator)
        var hash = "hash-1"
        func act(_ action: FacilitationAction, by actor: Participant) throws {
            var counter = table.ids
            let events = try table.state.decide(action, by: actor, at: table.clock, newID: { counter += 1; return "id\(counter)" }, contentHash: { _ in hash })
            table.ids = counter
            for event in events { table.record(event) }
        }
        let outsider = Participant(id: "x", name: "Xenia", organisation: "Altro", role: .ets)
        table.join(outsider)
        #expect(refusal { try act(.proposeAmendment(session: session, text: "Correggere la data"), by: outsider) } == .forbidden)
        try act(.proposeAmendment(session: session, text: "Correggere la data"), by: Table.ets1)
        let amendment = table.state.sessions[0].amendments[0]
        #expect(amendment.authorID == "e1" && amendment.status == .proposed)
        #expect(refusal { try act(.approveMinutes(session: session), by: Table.pa) } == .wrongState)  // amendment pending
        #expect(refusal { try act(.acceptAmendment(id: amendment.id), by: Table.pa) } == .forbidden)
        try act(.acceptAmendment(id: amendment.id), by: Table.facilitator)
        #expect(refusal { try act(.rejectAmendment(id: amendment.id), by: Table.facilitator) } == .wrongState)

        hash = "hash-2"  // the facilitator applied the amendment to the text
        try act(.approveMinutes(session: session), by: Table.pa)
        try act(.approveMinutes(session: session), by: Table.ets1)
        #expect(refusal { try act(.approveMinutes(session: session), by: Table.coordinator) } == .forbidden)
        #expect(refusal { try act(.approveMinutes(session: session), by: Table.facilitator) } == .forbidden)
        #expect(table.state.sessions[0].status == .minutesInReview)  // Enzo has not approved yet
        hash = "hash-3"  // a late change: earlier approvals no longer match
        try act(.approveMinutes(session: session), by: Table.ets2)
        #expect(table.state.sessions[0].status == .minutesInReview)
        try act(.approveMinutes(session: session), by: Table.pa)
        try act(.approveMinutes(session: session), by: Table.ets1)
        let approved = table.state.sessions[0]
        #expect(approved.status == .approved)
        #expect(approved.approvedContentHash == "hash-3")
        #expect(approved.approvals == ["p": "hash-3", "e1": "hash-3", "e2": "hash-3"])
        #expect(refusal { try act(.proposeAmendment(session: session, text: "troppo tardi"), by: Table.ets1) } == .wrongState)
        #expect(refusal { try act(.correctAttendance(session: session, participantID: "e1", from: table.clock, to: nil), by: Table.facilitator) } == .wrongState)
    }
}
