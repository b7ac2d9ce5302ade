import Foundation

extension TableState {
    /// Applies an event already validated by `decide`. Replaying the stored events in order
    /// rebuilds the state exactly.
    public mutating func apply(_ event: TableEvent) {
        switch event {
        case .sessionScheduled(let id, let title, _):
            sessions.append(SessionState(id: id, title: title, status: .scheduled))
        case .sessionDetailsChanged(let id, let details, _, _):
            updateSession(id) { $0.details = details }
        case .sessionOpened(let id, let at):
            let attendance = present.values.sorted { $0.id < $1.id }.map { Attendance(participant: $0, from: at) }
            updateSession(id) { session in
                session.status = .live
                session.openedAt = at
                session.attendance = attendance
            }
        case .sessionClosed(let id, let at):
            endFloor(at: at)
            hands.removeAll()
            for item in timers.keys { stopTimer(item, at: at) }
            updateSession(id) { session in
                session.status = .minutesInReview
                session.closedAt = at
                for index in session.attendance.indices where session.attendance[index].to == nil {
                    session.attendance[index].to = at
                }
            }
        case .joined(let participant, let at):
            present[participant.id] = participant
            participants[participant.id] = participant
            markHand(of: participant.id, away: nil)
            if let live = liveSession?.id {
                updateSession(live) { $0.attendance.append(Attendance(participant: participant, from: at)) }
            }
        case .left(let id, let at):
            present[id] = nil
            markHand(of: id, away: at)
            if floor?.participantID == id { endFloor(at: at) }
            if let live = liveSession?.id {
                updateSession(live) { session in
                    if let index = session.attendance.lastIndex(where: { $0.participant.id == id && $0.to == nil }) {
                        session.attendance[index].to = at
                    }
                }
            }
        case .handRaised(let id, let kind, let at):
            raise(id, kind: kind ?? .speech, at: at)
        case .handLowered(let id, _), .handDropped(let id, _):
            lower(id)
        case .queueReordered(let order, _, _):
            reorderHands(order)
        case .floorGiven(let id, let at):
            endFloor(at: at)
            lower(id)
            floor = Floor(participantID: id, since: at)
        case .floorReleased(let at):
            endFloor(at: at)
        case .timerStarted(let item, let at):
            if timers[item]?.runningSince == nil { timers[item, default: ItemTimer()].runningSince = at }
        case .timerStopped(let item, let at):
            stopTimer(item, at: at)
        case .pollCreated(let poll, _):
            polls.append(PollState(poll: poll))
        case .voteCast(let pollID, let participant, let choices, _):
            updatePoll(pollID) { $0.votes[participant] = choices }
        case .pollClosed(let pollID, _):
            updatePoll(pollID) { $0.open = false }
        case .pollResultsShown(let pollID, _):
            updatePoll(pollID) { $0.resultsShown = true }
        case .permissionChanged(let area, let role, let canEdit, _, _):
            permissionOverrides[area, default: [:]][role] = canEdit
            if permissionOverrides[area]?.isEmpty == true { permissionOverrides[area] = nil }
        case .readOnlyChanged(let participant, let readOnly, _, _):
            if readOnly { self.readOnly.insert(participant) } else { self.readOnly.remove(participant) }
        case .amendmentProposed(let amendment, _):
            updateSession(amendment.session) { $0.amendments.append(amendment) }
        case .amendmentAccepted(let id, _, _):
            setAmendment(id, to: .accepted)
        case .amendmentRejected(let id, _, _):
            setAmendment(id, to: .rejected)
        case .minutesApprovedBy(let sessionID, let participantID, let hash, _):
            updateSession(sessionID) { $0.approvals[participantID] = hash }
        case .minutesApproved(let sessionID, let hash, let at):
            updateSession(sessionID) { session in
                session.status = .approved
                session.approvedContentHash = hash
                session.approvedAt = at
            }
        case .attendanceCorrected(let sessionID, let participantID, let from, let to, let by, _):
            guard let participant = participants[participantID] else { return }
            updateSession(sessionID) { session in
                session.attendance.removeAll { $0.participant.id == participantID }
                session.attendance.append(Attendance(participant: participant, from: from, to: to, correctedBy: by))
            }
        }
    }

    private mutating func endFloor(at: Date) {
        guard let id = floor?.participantID, let since = floor?.since else { return }
        let seconds = max(0, at.timeIntervalSince(since))
        spokenSeconds[id, default: 0] += seconds
        if let organisation = participants[id]?.organisation {
            spokenSecondsByOrganisation[organisation, default: 0] += seconds
        }
        floor = nil
    }

    private mutating func stopTimer(_ item: String, at: Date) {
        guard let since = timers[item]?.runningSince else { return }
        timers[item]?.elapsedSeconds += max(0, at.timeIntervalSince(since))
        timers[item]?.runningSince = nil
    }

    private mutating func updateSession(_ id: String, _ change: (inout SessionState) -> Void) {
        if let index = sessions.firstIndex(where: { $0.id == id }) { change(&sessions[index]) }
    }

    private mutating func setAmendment(_ id: String, to status: Amendment.Status) {
        for index in sessions.indices {
            if let found = sessions[index].amendments.firstIndex(where: { $0.id == id }) { sessions[index].amendments[found].status = status }
        }
    }

    private mutating func updatePoll(_ id: String, _ change: (inout PollState) -> Void) {
        if let index = polls.firstIndex(where: { $0.poll.id == id }) { change(&polls[index]) }
    }
}
