import TavoloCRDT
import TavoloDomain
import TavoloSync
import TavoloTransport

/// The server creates the shared objects of a co-design table itself (`TableLayout`), so that
/// two people never create the same one concurrently (a map key has one winner: the loser's
/// typing would be orphaned). Clients find them under the layout's root keys and only fill them in.
final class Scaffold {
    unowned var engine: SyncEngine!

    /// Objects every co-design table has.
    func table(_ room: Room) {
        engine.author(in: room) { document in
            if document.value(forKey: TableLayout.projectKey) == nil { _ = try document.makeObject(.text, at: TableLayout.projectKey) }
            if document.value(forKey: TableLayout.commentsKey) == nil { _ = try document.makeObject(.list, at: TableLayout.commentsKey) }
        }
    }

    /// Objects that events call for: a session's agenda and minutes, an organisation's proposal.
    /// `excluded` is a connection that gets them another way: a joiner, whose `joined` reply is
    /// built after this and already holds them (sending them first as `ops` would reach a client
    /// that has no document yet).
    func after(_ events: [TableEvent], in room: Room, except excluded: ConnectionID?) {
        for event in events {
            switch event {
            case .sessionScheduled(let session, _, _):
                engine.author(in: room, except: excluded) { document in try Self.session(session, in: &document) }
            case .joined(let participant, _) where participant.role == .ets && !participant.organisation.isEmpty:
                engine.author(in: room, except: excluded) { document in try Self.proposal(of: participant.organisation, in: &document) }
            default:
                break
            }
        }
    }

    private static func session(_ session: String, in document: inout Document) throws {
        let agenda = TableLayout.agendaKey(session: session)
        if document.value(forKey: agenda) == nil { _ = try document.makeObject(.list, at: agenda) }
        let key = TableLayout.minutesKey(session: session)
        guard document.value(forKey: key) == nil else { return }
        let minutes = try document.makeObject(.map, at: key)
        _ = try document.makeObject(.text, at: TableLayout.Minutes.text, in: minutes)
        for list in TableLayout.Minutes.lists { _ = try document.makeObject(.list, at: list, in: minutes) }
    }

    private static func proposal(of organisation: String, in document: inout Document) throws {
        let key = TableLayout.proposalKey(organisation: organisation)
        guard document.value(forKey: key) == nil else { return }
        let proposal = try document.makeObject(.map, at: key)
        try document.set(TableLayout.Proposal.organisation, to: .string(organisation), in: proposal)
        for section in TableLayout.Proposal.sections { _ = try document.makeObject(.text, at: section, in: proposal) }
    }
}
