import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloStorage
import TavoloTransport

/// The server creates the shared objects of a co-design table itself, so that two people
/// never create the same one concurrently (a map key has one winner: the loser's typing
/// would be orphaned). Clients find them under fixed root keys (docs/protocol.md) and only
/// fill them in.
extension SyncEngine {
    static let proposalSections = ["goals", "activities", "resources", "cofinancing", "partners"]

    /// Objects every co-design table has.
    func scaffoldTable(_ room: Room) {
        author(in: room) { document in
            if document.value(forKey: "project") == nil { _ = try document.makeObject(.text, at: "project") }
            if document.value(forKey: "comments") == nil { _ = try document.makeObject(.list, at: "comments") }
        }
    }

    /// Objects that events call for: a session's agenda and minutes, an organisation's proposal.
    /// `excluded` is a connection that gets them another way: a joiner, whose `joined` reply is
    /// built after this and already holds them (sending them first as `ops` would reach a client
    /// that has no document yet).
    func scaffold(after events: [TableEvent], in room: Room, except excluded: ConnectionID? = nil) {
        guard room.isCoDesignTable else { return }
        for event in events {
            switch event {
            case .sessionScheduled(let session, _, _):
                author(in: room, except: excluded) { document in
                    if document.value(forKey: "agenda:\(session)") == nil { _ = try document.makeObject(.list, at: "agenda:\(session)") }
                    if document.value(forKey: "minutes:\(session)") == nil {
                        let minutes = try document.makeObject(.map, at: "minutes:\(session)")
                        _ = try document.makeObject(.text, at: "text", in: minutes)
                        for list in ["decisions", "openPoints", "actions"] { _ = try document.makeObject(.list, at: list, in: minutes) }
                    }
                }
            case .joined(let participant, _) where participant.role == .ets && !participant.organisation.isEmpty:
                let key = "proposal:\(participant.organisation)"
                author(in: room, except: excluded) { document in
                    guard document.value(forKey: key) == nil else { return }
                    let proposal = try document.makeObject(.map, at: key)
                    try document.set("organisation", to: .string(participant.organisation), in: proposal)
                    for section in Self.proposalSections { _ = try document.makeObject(.text, at: section, in: proposal) }
                }
            default:
                break
            }
        }
    }

    /// Makes server-authored edits, stores them, and sends them to everyone once durable.
    private func author(in room: Room, except excluded: ConnectionID? = nil, _ edit: (inout Document) throws -> Void) {
        let before = room.document.version
        do {
            try edit(&room.document)
        } catch {
            logger.error("cannot scaffold the table", metadata: ["table.id": "\(room.table)", "error": "\(error)"])
            return
        }
        let count = room.document.operationCount - before.counts.values.reduce(0, +)
        guard count > 0 else { return }
        let payload = room.document.encodedOperations(since: before)
        room.operationsSinceSnapshot += count
        let table = room.table
        let recipients = room.members.keys.filter { $0 != excluded }
        let message = ServerMessage.operations(author: Room.serverReplica, payload: payload).json
        store.append(StoredBatch(table: table, author: Room.serverReplica, operationCount: count, payload: payload)) {
            [transport, feedback] outcome in
            switch outcome {
            case .success: transport.send(.text(message), to: recipients)
            case .failure: feedback.yield(.storeFailed(table: table))
            }
        }
    }
}
