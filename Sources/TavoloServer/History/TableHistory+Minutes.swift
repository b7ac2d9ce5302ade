import Foundation
import TavoloDomain
import TavoloExport

/// The verbale straight from the history already in memory: the latest document and state are
/// there (kept up to date by `refresh`), so an export costs the rendering, not a replay of the
/// table's whole log (1.2–1.7 s for a three-hour session when each export loaded it anew).
extension TableHistory {
    /// The approved verbale of `session`, as `TableArchive.minutes` makes it.
    func minutes(
        session id: String, table: CoDesignTable, procedure: Procedure?, invitations: [Invitation]
    ) throws(ArchiveError) -> MinutesRecord {
        guard let session = latestState.sessions.first(where: { $0.id == id }) else { throw .notFound("session \(id) at table \(table.id)") }
        guard session.status == .approved else { throw .notApproved(session: id, status: session.status.rawValue) }
        guard MinutesContent.hash(of: document, session: id) == session.approvedContentHash else { throw .changedSinceApproval(session: id) }
        return MinutesRecord(
            table: table, session: session, state: latestState, document: document, events: events.map(\.event), procedure: procedure,
            invitations: invitations)
    }
}
