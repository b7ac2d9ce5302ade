import Foundation

extension TableState {
    /// Checks `action` by `actor` at `now` and returns the events it produces.
    /// `newID` makes ids for new sessions and polls (injected so tests are deterministic).
    /// `contentHash` gives the SHA-256 (hex) of a session's minutes as they read now.
    public func decide(
        _ action: FacilitationAction, by actor: Participant, at now: Date, newID: () -> String,
        contentHash: (String) -> String = { _ in "" }
    ) throws(FacilitationError) -> [TableEvent] {
        func requireFacilitator(_ what: String) throws(FacilitationError) {
            guard actor.runsSessions else { throw FacilitationError(.forbidden, "only a facilitator can \(what)") }
        }
        func requireLive() throws(FacilitationError) -> SessionState {
            guard let live = liveSession else { throw FacilitationError(.wrongState, "no session is live") }
            return live
        }
        func requirePresent(_ id: String) throws(FacilitationError) {
            guard present[id] != nil else { throw FacilitationError(.notFound, "\(id) is not at the table") }
        }
        func poll(_ id: String) throws(FacilitationError) -> PollState {
            guard let poll = polls.first(where: { $0.poll.id == id }) else { throw FacilitationError(.notFound, "no poll \(id)") }
            return poll
        }

        func inReview(_ id: String) throws(FacilitationError) -> SessionState {
            guard let session = sessions.first(where: { $0.id == id }) else { throw FacilitationError(.notFound, "no session \(id)") }
            guard session.status == .minutesInReview else {
                throw FacilitationError(.wrongState, "the minutes of \(id) are not in review (\(session.status.rawValue))")
            }
            return session
        }
        func valid(_ value: String, _ rule: UserText) throws(FacilitationError) -> String {
            do { return try rule.validate(value) } catch { throw FacilitationError(.invalid, error.description) }
        }
        func amendment(_ id: String) throws(FacilitationError) -> Amendment {
            guard let found = sessions.lazy.flatMap(\.amendments).first(where: { $0.id == id }) else {
                throw FacilitationError(.notFound, "no amendment \(id)")
            }
            guard found.status == .proposed else { throw FacilitationError(.wrongState, "amendment \(id) was already \(found.status.rawValue)") }
            _ = try inReview(found.session)
            return found
        }

        switch action {
        case .setPermission(let area, let role, let canEdit):
            try requireFacilitator("change permissions")
            guard role == .pa || role == .ets else { throw FacilitationError(.invalid, "facilitators always edit and coordinators only read") }
            let area = try valid(area, .area)
            return [.permissionChanged(area: area, role: role, canEdit: canEdit, by: actor.id, at: now)]
        case .setReadOnly(let participant, let readOnly):
            try requireFacilitator("stop a member from editing")
            guard participant != actor.id else { throw FacilitationError(.invalid, "facilitators cannot make themselves read-only") }
            guard readOnly != self.readOnly.contains(participant) else {
                throw FacilitationError(.wrongState, readOnly ? "\(participant) is already read-only" : "\(participant) is not read-only")
            }
            guard !readOnly || present[participant] != nil || sessions.contains(where: { $0.attendance.contains { $0.participant.id == participant } })
            else { throw FacilitationError(.notFound, "no member \(participant) at this table") }
            return [.readOnlyChanged(participantID: participant, readOnly: readOnly, by: actor.id, at: now)]
        case .proposeAmendment(let id, let text):
            let session = try inReview(id)
            guard actor.runsSessions || session.attendance.contains(where: { $0.participant.id == actor.id }) else {
                throw FacilitationError(.forbidden, "only those who attended propose amendments")
            }
            let proposed = try valid(text, .amendment)
            return [.amendmentProposed(Amendment(id: newID(), session: id, authorID: actor.id, text: proposed), at: now)]
        case .acceptAmendment(let id):
            try requireFacilitator("accept amendments")
            _ = try amendment(id)
            return [.amendmentAccepted(id: id, by: actor.id, at: now)]
        case .rejectAmendment(let id):
            try requireFacilitator("reject amendments")
            _ = try amendment(id)
            return [.amendmentRejected(id: id, by: actor.id, at: now)]
        case .approveMinutes(let id):
            let session = try inReview(id)
            guard session.requiredApprovers.contains(actor.id) else {
                throw FacilitationError(.forbidden, "the minutes are approved by the PA and ETS members who attended")
            }
            guard !session.amendments.contains(where: { $0.status == .proposed }) else {
                throw FacilitationError(.wrongState, "some amendments are still waiting for the facilitator")
            }
            let hash = contentHash(id)
            var approvals = session.approvals
            approvals[actor.id] = hash
            var events: [TableEvent] = [.minutesApprovedBy(session: id, participantID: actor.id, contentHash: hash, at: now)]
            // Approvals count only for the text as it reads now: a later change needs them again.
            if session.requiredApprovers.allSatisfy({ approvals[$0] == hash }) {
                events.append(.minutesApproved(session: id, contentHash: hash, at: now))
            }
            return events
        case .scheduleSession(let title):
            try requireFacilitator("schedule sessions")
            let title = try valid(title, .sessionTitle)
            return [.sessionScheduled(session: newID(), title: title, at: now)]
        case .setSessionDetails(let id, let details):
            try requireFacilitator("record a session's details")
            guard let session = sessions.first(where: { $0.id == id }) else { throw FacilitationError(.notFound, "no session \(id)") }
            guard session.status != .approved else { throw FacilitationError(.wrongState, "the minutes of \(id) are approved and frozen") }
            var checked = details
            checked.place = try valid(details.place, .place)
            checked.meetingLink = try valid(details.meetingLink, .meetingLink)
            if !checked.meetingLink.isEmpty, !(checked.meetingLink.hasPrefix("https://") || checked.meetingLink.hasPrefix("http://")) {
                throw FacilitationError(.invalid, "the meeting link must start with https:// or http://")
            }
            for person in [checked.chair, checked.secretary].compactMap({ $0 }) where participants[person] == nil {
                throw FacilitationError(.notFound, "\(person) never joined this table: the chair and the secretary are chosen among its members")
            }
            return checked == session.details ? [] : [.sessionDetailsChanged(session: id, details: checked, by: actor.id, at: now)]
        case .openSession(let id):
            try requireFacilitator("open a session")
            guard let session = sessions.first(where: { $0.id == id }) else { throw FacilitationError(.notFound, "no session \(id)") }
            guard session.status == .scheduled else { throw FacilitationError(.wrongState, "session \(id) is \(session.status.rawValue), not scheduled") }
            guard liveSession == nil else { throw FacilitationError(.wrongState, "another session is live; close it first") }
            return [.sessionOpened(session: id, at: now)]
        case .closeSession(let id):
            try requireFacilitator("close a session")
            guard liveSession?.id == id else { throw FacilitationError(.wrongState, "session \(id) is not live") }
            return [.sessionClosed(session: id, at: now)]
        case .raiseHand(let kind):
            _ = try requireLive()
            guard actor.role != .coordinator else { throw FacilitationError(.forbidden, "coordinators follow the session without speaking") }
            let kind = kind ?? .speech
            if let raised = hands.first(where: { $0.participantID == actor.id }), raised.kind == kind { return [] }
            return [.handRaised(participantID: actor.id, kind: kind, at: now)]
        case .reorderQueue(let order):
            try requireFacilitator("reorder the speaking queue")
            guard order.count == queue.count, Set(order) == Set(queue) else {
                throw FacilitationError(.invalid, "the new order must list exactly the raised hands")
            }
            return order == queue ? [] : [.queueReordered(order: order, by: actor.id, at: now)]
        case .moveToItem(let item):
            try requireFacilitator("move to another agenda item")
            _ = try requireLive()
            let item = try valid(item, .agendaItem)
            let running = timers.filter { $0.key != item && $0.value.runningSince != nil }.keys.sorted()
            let stops = running.map { TableEvent.timerStopped(item: $0, at: now) }
            return stops + (timers[item]?.runningSince == nil ? [.timerStarted(item: item, at: now)] : [])
        case .lowerHand:
            return queue.contains(actor.id) ? [.handLowered(participantID: actor.id, at: now)] : []
        case .lowerHandOf(let id):
            try requireFacilitator("lower someone else's hand")
            return queue.contains(id) ? [.handLowered(participantID: id, at: now)] : []
        case .giveFloor(let id):
            try requireFacilitator("give the floor")
            _ = try requireLive()
            try requirePresent(id)
            return [.floorGiven(participantID: id, at: now)]
        case .releaseFloor:
            guard let holder = floor?.participantID else { return [] }
            guard actor.runsSessions || holder == actor.id else {
                throw FacilitationError(.forbidden, "only the speaker or a facilitator can end a turn")
            }
            return [.floorReleased(at: now)]
        case .startTimer(let item):
            try requireFacilitator("start timers")
            _ = try requireLive()
            let item = try valid(item, .agendaItem)
            return timers[item]?.runningSince == nil ? [.timerStarted(item: item, at: now)] : []
        case .stopTimer(let item):
            try requireFacilitator("stop timers")
            return timers[item]?.runningSince != nil ? [.timerStopped(item: item, at: now)] : []
        case .createPoll(let question, let options, let multiple, let anonymous):
            try requireFacilitator("launch polls")
            let question = try valid(question, .pollQuestion)
            guard (2...20).contains(options.count) else { throw FacilitationError(.invalid, "a poll has 2 to 20 options") }
            var checked: [String] = []
            for option in options { checked.append(try valid(option, .pollOption)) }
            let poll = Poll(id: newID(), question: question, options: checked, multipleChoice: multiple, anonymous: anonymous)
            return [.pollCreated(poll, at: now)]
        case .launchPolarity(let number, let anonymous):
            try requireFacilitator("launch polls")
            guard Polarities.all.indices.contains(number - 1) else {
                throw FacilitationError(.invalid, "polarities are numbered 1 to \(Polarities.all.count)")
            }
            guard !polls.contains(where: { $0.open && $0.poll.polarity == number }) else {
                throw FacilitationError(.wrongState, "polarity \(number) is already open")
            }
            let polarity = Polarities.all[number - 1]
            let poll = Poll(
                id: newID(), question: polarity.question, options: polarity.options, multipleChoice: false, anonymous: anonymous,
                polarity: number)
            return [.pollCreated(poll, at: now)]
        case .vote(let id, let choices):
            let state = try poll(id)
            guard state.open else { throw FacilitationError(.wrongState, "poll \(id) is closed") }
            guard actor.role != .coordinator else { throw FacilitationError(.forbidden, "coordinators do not vote") }
            guard !choices.isEmpty, Set(choices).count == choices.count,
                choices.allSatisfy({ state.poll.options.indices.contains($0) }),
                state.poll.multipleChoice || choices.count == 1
            else { throw FacilitationError(.invalid, "choose \(state.poll.multipleChoice ? "one or more" : "exactly one") of the options") }
            return [.voteCast(poll: id, participantID: actor.id, choices: choices.sorted(), at: now)]
        case .closePoll(let id):
            try requireFacilitator("close polls")
            return try poll(id).open ? [.pollClosed(poll: id, at: now)] : []
        case .showPollResults(let id):
            try requireFacilitator("show poll results")
            return try poll(id).resultsShown ? [] : [.pollResultsShown(poll: id, at: now)]
        case .correctAttendance(let sessionID, let participantID, let from, let to):
            try requireFacilitator("correct attendance")
            guard let session = sessions.first(where: { $0.id == sessionID }) else { throw FacilitationError(.notFound, "no session \(sessionID)") }
            guard session.status != .approved else { throw FacilitationError(.wrongState, "the minutes of \(sessionID) are approved and frozen") }
            guard participants[participantID] != nil else { throw FacilitationError(.notFound, "\(participantID) never joined this table") }
            if let to, to < from { throw FacilitationError(.invalid, "attendance cannot end before it starts") }
            return [.attendanceCorrected(session: sessionID, participantID: participantID, from: from, to: to, by: actor.id, at: now)]
        }
    }
}
