import Foundation
import TavoloDomain
import TavoloStorage
import TavoloTransport

extension SyncEngine {
    func participant(for principal: Principal) -> Participant {
        Participant(
            id: principal.id, name: principal.name, organisation: principal.organisation,
            role: Role(rawValue: principal.role) ?? .coordinator)
    }

    func receiveAction(_ action: FacilitationAction, ref: Int, from id: ConnectionID) {
        guard let table = connections[id]?.table, let room = rooms[table], let participant = room.participants[id] else {
            send(.error(ProtocolError(.notJoined, "join a table before acting on it", ref: ref)), to: id)
            return
        }
        let events: [TableEvent]
        do {
            events = try room.state.decide(
                action, by: participant, at: Date(), newID: { UUID().uuidString.lowercased() },
                contentHash: { MinutesContent.hash(of: room.document, session: $0) })
        } catch {
            let code: ProtocolError.Code =
                switch error.code {
                case .forbidden: .forbidden
                case .invalid: .invalidAction
                case .notFound: .notFound
                case .wrongState: .wrongState
                }
            send(.error(ProtocolError(code, error.message, ref: ref)), to: id)
            return
        }
        record(events, in: room, actor: participant.id, acknowledging: (id, ref))
    }

    /// Applies events, stores them, and once they are durable sends everyone the new state
    /// (each their own view) and the requester its `done`.
    func record(
        _ events: [TableEvent], in room: Room, actor: String, acknowledging request: (ConnectionID, Int)? = nil,
        except excluded: ConnectionID? = nil
    ) {
        let table = room.table
        for event in events {
            room.state.apply(event)
            let payload = (try? TableCoding.encoder.encode(event)).map { [UInt8]($0) } ?? []
            store.appendEvent(StoredEvent(table: table, actor: actor, payload: payload, at: event.at)) { [feedback] result in
                if case .failure = result { feedback.yield(.storeFailed(table: table)) }
            }
        }
        var messages: [(ConnectionID, String)] = []
        if !events.isEmpty {
            // Views differ only in polls (who may see counts, one's own vote): without polls one
            // encoding serves everyone, which is what joins, leaves and the queue produce.
            var shared: String?
            for (id, participant) in room.participants where id != excluded {
                if room.state.polls.isEmpty, let shared {
                    messages.append((id, shared))
                    continue
                }
                let text = ServerMessage.table(TableStateView(room.state, for: participant)).json
                if room.state.polls.isEmpty { shared = text }
                messages.append((id, text))
            }
        }
        scaffold(after: events, in: room, except: excluded)
        let done = request.map { ($0.0, ServerMessage.done(ref: $0.1).json) }
        store.afterPendingWrites { [transport, messages] in
            for (id, text) in messages { transport.send(.text(text), to: id) }
            if let (id, text) = done { transport.send(.text(text), to: id) }
        }
    }

    /// Sends the audit log to a coordinator or facilitator, read off the engine's task.
    func readAudit(ref: Int, from id: ConnectionID) {
        guard let table = connections[id]?.table, let participant = rooms[table]?.participants[id] else {
            send(.error(ProtocolError(.notJoined, "join a table before reading its audit log", ref: ref)), to: id)
            return
        }
        guard participant.role == .coordinator || participant.role == .facilitator else {
            send(.error(ProtocolError(.forbidden, "the audit log is for coordinators and facilitators", ref: ref)), to: id)
            return
        }
        guard let auditLog else {
            send(.error(ProtocolError(.unavailable, "no audit log on this server", ref: ref)), to: id)
            return
        }
        Task { [transport, logger] in
            do {
                let entries = try await auditLog.entries(table: table)
                transport.send(.text(ServerMessage.audit(ref: ref, entries).json), to: id)
            } catch {
                logger.error("cannot read the audit log", metadata: ["table.id": "\(table)", "error": "\(error)"])
                transport.send(.text(ServerMessage.error(ProtocolError(.unavailable, "the audit log cannot be read now", ref: ref)).json), to: id)
            }
        }
    }

    /// A facilitator invites someone to this table; the link comes back to them only.
    func invite(ref: Int, role: String, name: String, organisation: String, days: Int, from id: ConnectionID) {
        guard let table = connections[id]?.table, let participant = rooms[table]?.participants[id] else {
            send(.error(ProtocolError(.notJoined, "join a table before inviting to it", ref: ref)), to: id)
            return
        }
        guard participant.role == .facilitator else {
            send(.error(ProtocolError(.forbidden, "only facilitators invite people", ref: ref)), to: id)
            return
        }
        guard let role = Role(rawValue: role) else {
            send(.error(ProtocolError(.invalidAction, "role must be facilitator, pa, ets or coordinator", ref: ref)), to: id)
            return
        }
        guard let invitations else {
            send(.error(ProtocolError(.unavailable, "invitations are not available on this server", ref: ref)), to: id)
            return
        }
        Task { [transport] in
            let answer: ServerMessage
            do {
                let issued = try await invitations.issue(
                    table: table, role: role, name: name, organisation: organisation, days: days, by: participant.id)
                answer = .invitation(ref: ref, id: issued.invitation.id, link: issued.link, expiresAt: issued.invitation.expiresAt)
            } catch let error as DomainError {
                answer = .error(ProtocolError(.invalidAction, error.description, ref: ref))
            } catch {
                answer = .error(ProtocolError(.unavailable, "the invitation cannot be created now", ref: ref))
            }
            transport.send(.text(answer.json), to: id)
        }
    }

    /// Rebuilds a room's state from its stored events. Whoever was present when the server
    /// stopped is marked as having left at the last recorded moment.
    func replayEvents(_ stored: [StoredEvent], into room: Room) {
        for event in stored {
            guard let decoded = try? TableCoding.decoder.decode(TableEvent.self, from: Data(event.payload)) else {
                logger.critical("stored event does not decode", metadata: ["table.id": "\(room.table)", "store.seq": "\(event.sequence)"])
                continue
            }
            room.state.apply(decoded)
        }
        guard let last = stored.last?.at, !room.state.present.isEmpty else { return }
        record(room.state.present.keys.sorted().map { TableEvent.left(participantID: $0, at: last) }, in: room, actor: "server")
    }
}
