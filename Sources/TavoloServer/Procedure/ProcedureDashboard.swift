import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloExport
import TavoloStorage

/// What the cabina di regia (and the RUP) sees of a whole procedure: every table, its sessions
/// and where each stands, who still has to approve, which ETS take part, and how speaking time
/// and writing are shared between organisations across the procedure.
struct ProcedureDashboard: Encodable, Sendable {
    struct ProcedureFacts: Encodable, Sendable {
        var id: String
        var title: String
        var legalBasis: String
        var actReference: String
        var areas: [String]
    }

    struct TableSummary: Encodable, Sendable {
        var id: String
        var title: String
        var area: String
        var published: Bool
        var sessions: [SessionSummary]
        /// The ETS organisations that took part (someone of theirs joined the table).
        var etsOrganisations: [String]
        var participants: Int
    }

    struct SessionSummary: Encodable, Sendable {
        var id: String
        var number: Int
        var title: String
        /// `scheduled`, `live`, `minutes_in_review`, `approved`.
        var status: String
        var scheduledAt: Date?
        var openedAt: Date?
        var closedAt: Date?
        var approvedAt: Date?
        /// In review: the PA and ETS attendees who have not approved the text as it reads now.
        var pendingApprovals: [Person]
        var signed: Bool
    }

    struct Person: Encodable, Sendable, Equatable {
        var name: String
        var organisation: String
        var role: String
    }

    struct OrganisationShare: Encodable, Sendable {
        var organisation: String
        var tables: Int
        var spokenSeconds: Double
        /// Characters of the tables' texts, as they read now, written by the organisation's people.
        var characters: Int
        /// Shares of the procedure's totals, 0–100.
        var speakingShare: Double
        var writingShare: Double
    }

    var procedure: ProcedureFacts
    var tables: [TableSummary]
    var organisations: [OrganisationShare]

    /// Builds the dashboard from each table's events (cheap) and, for who wrote what, from the
    /// table's texts, recomputed only when the table has new batches (`writing`).
    static func build(
        procedure: Procedure, tables: [CoDesignTable], store: any Store, domain: any DomainStore, writing: WritingShares
    ) async throws -> ProcedureDashboard {
        var summaries: [TableSummary] = []
        var spoken: [String: Double] = [:]
        var written: [String: Int] = [:]
        var presence: [String: Set<String>] = [:]
        for table in tables {
            let state = LoadedTableData(isRegistered: true, title: nil, events: try await store.events(table: table.id)).state
            let signed = Set(try await domain.signedCopies(table: table.id).map(\.session))
            let sessions = state.sessions.enumerated().map { index, session in
                let pending = session.status == .minutesInReview
                    ? session.requiredApprovers.filter { session.approvals[$0] == nil }.compactMap { state.participants[$0] }
                        .sorted { ($0.organisation, $0.name) < ($1.organisation, $1.name) }
                        .map { Person(name: $0.name, organisation: $0.organisation, role: $0.role.rawValue) }
                    : []
                return SessionSummary(
                    id: session.id, number: index + 1, title: session.title, status: session.status.rawValue,
                    scheduledAt: session.details.scheduledAt, openedAt: session.openedAt, closedAt: session.closedAt,
                    approvedAt: session.approvedAt, pendingApprovals: pending, signed: signed.contains(session.id))
            }
            let ets = Set(state.participants.values.filter { $0.role == .ets }.map(\.organisation)).sorted()
            summaries.append(TableSummary(
                id: table.id, title: table.title, area: table.area, published: table.publishedAt != nil, sessions: sessions,
                etsOrganisations: ets, participants: state.participants.count))
            for (organisation, seconds) in state.spokenSecondsByOrganisation where !organisation.isEmpty {
                spoken[organisation, default: 0] += seconds
                presence[organisation, default: []].insert(table.id)
            }
            for (organisation, characters) in try await writing.byOrganisation(table: table.id, store: store, domain: domain)
            where !organisation.isEmpty {
                written[organisation, default: 0] += characters
                presence[organisation, default: []].insert(table.id)
            }
            for participant in state.participants.values where !participant.organisation.isEmpty {
                presence[participant.organisation, default: []].insert(table.id)
            }
        }
        let totalSpoken = spoken.values.reduce(0, +), totalWritten = written.values.reduce(0, +)
        let organisations = presence.keys.sorted().map { name in
            OrganisationShare(
                organisation: name, tables: presence[name]?.count ?? 0, spokenSeconds: (spoken[name] ?? 0).rounded(),
                characters: written[name] ?? 0,
                speakingShare: totalSpoken > 0 ? ((spoken[name] ?? 0) * 1000 / totalSpoken).rounded() / 10 : 0,
                writingShare: totalWritten > 0 ? (Double(written[name] ?? 0) * 1000 / Double(totalWritten)).rounded() / 10 : 0)
        }
        return ProcedureDashboard(
            procedure: ProcedureFacts(
                id: procedure.id, title: procedure.title, legalBasis: procedure.legalBasis, actReference: procedure.actReference,
                areas: procedure.areas),
            tables: summaries, organisations: organisations)
    }

    /// Characters of every text of the table, as it reads now, by the organisation of whoever wrote them.
    fileprivate static func writing(_ archive: TableArchive) -> [String: Int] {
        var byOrganisation: [String: Int] = [:]
        for text in archive.document.objectIDs(of: .text) {
            for span in archive.document.authorship(of: text) {
                guard let principal = archive.replicaOwners[span.replica.description],
                    let organisation = archive.state.participants[principal]?.organisation
                else { continue }
                byOrganisation[organisation, default: 0] += span.count
            }
        }
        return byOrganisation
    }

    /// The dashboard as two sheets: sessions, and organisations.
    var spreadsheet: Spreadsheet {
        let statusNames = ["scheduled": "programmata", "live": "in corso", "minutes_in_review": "verbale in revisione", "approved": "verbale approvato"]
        let dates = ItalianText()
        var sessionRows: [[Spreadsheet.Cell]] = []
        for table in tables {
            if table.sessions.isEmpty {
                sessionRows.append([.text(table.title), .text(table.area), "", "", .text("nessuna seduta"), "", "", "", .text(table.etsOrganisations.joined(separator: "; "))])
            }
            for session in table.sessions {
                let day = session.openedAt ?? session.scheduledAt
                sessionRows.append([
                    .text(table.title), .text(table.area), .number(Double(session.number)), .text(session.title),
                    .text(statusNames[session.status] ?? session.status), .text(day.map(dates.longDate) ?? ""),
                    .text(session.pendingApprovals.map { "\($0.name) (\($0.organisation))" }.joined(separator: "; ")),
                    .text(session.signed ? "sì" : "no"), .text(table.etsOrganisations.joined(separator: "; ")),
                ])
            }
        }
        let organisationRows: [[Spreadsheet.Cell]] = organisations.map {
            [.text($0.organisation), .number(Double($0.tables)), .number($0.spokenSeconds / 60), .number($0.speakingShare), .number(Double($0.characters)), .number($0.writingShare)]
        }
        return Spreadsheet(sheets: [
            .init(
                name: "Sedute",
                header: ["Tavolo", "Area", "Seduta n.", "Titolo", "Stato", "Data", "Approvazioni mancanti", "Copia firmata", "ETS partecipanti"],
                rows: sessionRows),
            .init(
                name: "Organizzazioni",
                header: ["Organizzazione", "Tavoli", "Minuti di parola", "Quota di parola %", "Caratteri scritti", "Quota di scrittura %"],
                rows: organisationRows),
        ])
    }
}

/// Who wrote what, per table and organisation: a replay of every text of the table, so it is
/// kept until the table has a new batch (the dashboard page refreshes every 30 s).
actor WritingShares {
    private var cached: [String: (lastBatch: Int64, byOrganisation: [String: Int])] = [:]

    func byOrganisation(table: String, store: any Store, domain: any DomainStore) async throws -> [String: Int] {
        let known = cached[table]
        let newer = try await store.batches(table: table, after: known?.lastBatch ?? 0)
        if let known, newer.isEmpty { return known.byOrganisation }
        let archive = try await TableArchive.load(table: table, store: store, domain: domain)
        let shares = ProcedureDashboard.writing(archive)
        cached[table] = (newer.last?.sequence ?? known?.lastBatch ?? 0, shares)
        return shares
    }
}
