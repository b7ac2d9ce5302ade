import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloSync

/// The timeline: table events (facilitation, attendance, approvals) merged with the document
/// events, in time order, optionally those of one session only.
extension TableHistory {
    /// - Parameter session: only events of this session: those naming it, and the others recorded
    ///   while it was open or in review (from `openedAt` to `approvedAt`, else `closedAt`, or to now).
    func timeline(session: String?, people: PeopleDirectory) -> [HistoryBody.Event] {
        var window: ClosedRange<Int64>?
        if let session {
            let found = latestState.sessions.first { $0.id == session }
            if let opened = found?.openedAt.map(Self.milliseconds) {
                // A clock that stepped back may close a session "before" it opened.
                // Its history runs to its approval: the review belongs to the session.
                let end = found.flatMap { $0.approvedAt ?? $0.closedAt }.map(Self.milliseconds) ?? .max
                window = opened...max(opened, end)
            }
        }
        func included(_ at: Int64, _ named: String?) -> Bool {
            guard let session else { return true }
            if let named { return named == session }
            return window?.contains(at) ?? false
        }

        var merged: [(at: Int64, order: Int, event: HistoryBody.Event)] = []
        var state = TableState()
        for (index, timed) in events.enumerated() {
            let before = state
            state.apply(timed.event)
            guard let (kind, named, detail, actor) = describe(timed, before: before, after: state, people: people),
                included(timed.at, named)
            else { continue }
            merged.append((timed.at, index, HistoryBody.Event(at: timed.at, kind: kind, actor: actor, detail: detail)))
        }
        for (index, event) in documentEvents.enumerated() {
            let actor = people.person(replica: event.replica)
            switch event.kind {
            case .agendaItemCurrent(let named, let item):
                guard included(event.at, named) else { continue }
                let title = plainText(document.value(forKey: "title", in: item))
                merged.append((event.at, events.count + index, HistoryBody.Event(
                    at: event.at, kind: "agendaItemCurrent", actor: actor,
                    detail: ["session": .string(named), "item": .string(Self.key(item)), "title": .string(title)])))
            case .decisionAdded(let named, let item):
                guard included(event.at, named) else { continue }
                let text = plainText(document.value(forKey: TableLayout.Minutes.itemText, in: item))
                merged.append((event.at, events.count + index, HistoryBody.Event(
                    at: event.at, kind: "decisionAdded", actor: actor,
                    detail: ["session": .string(named), "item": .string(Self.key(item)), "text": .string(text)])))
            }
        }
        return merged.sorted { ($0.at, $0.order) < ($1.at, $1.order) }.map(\.event)
    }

    /// `replica@counter`, the form the browser client names objects by.
    static func key(_ object: ObjectID) -> String {
        object.creator.map { "\($0.replica)@\($0.counter)" } ?? "root"
    }

    /// A string register, or a text object's content.
    private func plainText(_ value: Value?) -> String {
        switch value {
        case .string(let text)?: text
        case .object(let id, .text)?: document.text(id)
        default: ""
        }
    }

    /// Kind, the session it names (if any), detail and actor of a table event; nil for events
    /// the timeline leaves out (hands lowered, timers, individual votes).
    private func describe(
        _ timed: TimedEvent, before: TableState, after: TableState, people: PeopleDirectory
    ) -> (String, String?, [String: JSONValue], HistoryBody.Person?)? {
        let actor = people.person(principal: timed.actor)
        func person(_ id: String) -> JSONValue { TableCoding.json(people.person(principal: id)) }
        func poll(_ id: String, in state: TableState) -> [String: JSONValue] {
            guard let found = state.polls.first(where: { $0.poll.id == id }) else { return ["poll": .string(id)] }
            return ["poll": .string(id), "question": .string(found.poll.question), "options": .array(found.poll.options.map(JSONValue.string))]
        }
        func amendment(_ id: String) -> (String?, [String: JSONValue]) {
            let found = after.sessions.lazy.flatMap(\.amendments).first { $0.id == id }
            return (found?.session, ["id": .string(id), "text": .string(found?.text ?? "")])
        }
        func ms(_ date: Date) -> JSONValue { .number(Double(Self.milliseconds(date))) }
        switch timed.event {
        case .joined(let participant, _):
            return ("joined", nil, [:], HistoryBody.Person(participant))
        case .left(let id, _):
            return ("left", nil, [:], people.person(principal: id))
        case .sessionScheduled(let session, let title, _):
            return ("sessionScheduled", session, ["session": .string(session), "title": .string(title)], actor)
        case .sessionDetailsChanged(let session, _, _, _):
            return ("sessionDetailsChanged", session, ["session": .string(session)], actor)
        case .sessionOpened(let session, _):
            return ("sessionOpened", session, ["session": .string(session)], actor)
        case .sessionClosed(let session, _):
            return ("sessionClosed", session, ["session": .string(session)], actor)
        case .handRaised(let id, let kind, _):
            return ("handRaised", nil, ["kind": .string((kind ?? .speech).rawValue)], people.person(principal: id))
        case .handDropped(let id, _):
            return ("handDropped", nil, [:], people.person(principal: id))
        case .floorGiven(let id, _):
            return ("floorGiven", nil, ["participant": person(id)], actor)
        case .floorReleased:
            return ("floorReleased", nil, before.floor.map { ["participant": person($0.participantID)] } ?? [:], actor)
        case .pollCreated(let created, _):
            return ("pollCreated", nil, poll(created.id, in: after), actor)
        case .pollClosed(let id, _):
            return ("pollClosed", nil, poll(id, in: after), actor)
        case .pollResultsShown(let id, _):
            var detail = poll(id, in: after)
            let counts = after.polls.first { $0.poll.id == id }?.counts ?? []
            detail["counts"] = .array(counts.map { .number(Double($0)) })
            return ("pollResults", nil, detail, actor)
        case .attendanceCorrected(let session, let id, let from, let to, _, _):
            var detail: [String: JSONValue] = ["session": .string(session), "participant": person(id), "from": ms(from)]
            if let to { detail["to"] = ms(to) }
            return ("attendanceCorrected", session, detail, actor)
        case .readOnlyChanged(let id, let readOnly, _, _):
            return ("readOnlyChanged", nil, ["participant": person(id), "readOnly": .bool(readOnly)], actor)
        case .permissionChanged(let area, let role, let canEdit, _, _):
            return ("permissionChanged", nil, [
                "area": .string(area), "role": .string(role.rawValue), "canEdit": canEdit.map(JSONValue.bool) ?? .null,
            ], actor)
        case .amendmentProposed(let proposed, _):
            return ("amendmentProposed", proposed.session, ["id": .string(proposed.id), "text": .string(proposed.text)], actor)
        case .amendmentAccepted(let id, _, _):
            let (session, detail) = amendment(id)
            return ("amendmentAccepted", session, detail, actor)
        case .amendmentRejected(let id, _, _):
            let (session, detail) = amendment(id)
            return ("amendmentRejected", session, detail, actor)
        case .minutesApprovedBy(let session, let id, let hash, _):
            return ("minutesApproval", session, ["session": .string(session), "contentHash": .string(hash)], people.person(principal: id))
        case .minutesApproved(let session, let hash, _):
            return ("minutesApproved", session, ["session": .string(session), "contentHash": .string(hash)], nil)
        case .handLowered, .queueReordered, .timerStarted, .timerStopped, .voteCast:
            return nil
        }
    }
}
