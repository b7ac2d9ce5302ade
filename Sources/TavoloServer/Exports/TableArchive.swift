import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloExport
import TavoloStorage

/// A table's stored history, loaded to be read and exported (never edited): its document,
/// its events and the state they rebuild. The command line exports from it; the live
/// server has the same pieces in its rooms and calls `MinutesRecord.init` directly.
public struct TableArchive: Sendable {
    public let table: CoDesignTable
    public let document: Document
    public let events: [TableEvent]
    public let state: TableState
    /// The procedure the table belongs to and the people invited to it: the verbale's head and its absentees.
    public let procedure: Procedure?
    public let invitations: [Invitation]
    /// Replica id → the principal that wrote with it (who wrote what).
    public let replicaOwners: [String: String]
    private let store: any Store

    /// Loads `table` as stored now.
    public static func load(table id: String, store: any Store, domain: any DomainStore) async throws(ArchiveError) -> TableArchive {
        let table: CoDesignTable
        let stored: StoredTable
        let storedEvents: [StoredEvent]
        let procedure: Procedure?
        let invitations: [Invitation]
        do {
            guard let found = try await domain.table(id) else { throw ArchiveError.notFound("table \(id)") }
            table = found
            procedure = found.procedure.isEmpty ? nil : try await domain.procedure(found.procedure)
            invitations = try await domain.invitations(table: id)
            stored = try await store.load(table: id)
            storedEvents = try await store.events(table: id)
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw ArchiveError.storage("\(error)")
        }
        var document: Document
        do {
            document = try stored.snapshot.map { try Document(decoding: $0, replica: readerReplica) } ?? Document(replica: readerReplica)
            document.apply(try Operations(concatenating: stored.batches))
        } catch {
            throw ArchiveError.storage("the stored history of \(id) does not decode: \(error)")
        }
        let events = storedEvents.compactMap { try? TableCoding.decoder.decode(TableEvent.self, from: Data($0.payload)) }
        var state = TableState()
        for event in events { state.apply(event) }
        return TableArchive(
            table: table, document: document, events: events, state: state, procedure: procedure, invitations: invitations,
            replicaOwners: stored.replicaOwners, store: store)
    }

    /// The approved minutes of `session`; `.notApproved` while they are not.
    public func minutes(session id: String) throws(ArchiveError) -> MinutesRecord {
        guard let session = state.sessions.first(where: { $0.id == id }) else { throw .notFound("session \(id) at table \(table.id)") }
        guard session.status == .approved else { throw .notApproved(session: id, status: session.status.rawValue) }
        // The export prints the approved hash beside the text: they must belong together. (With
        // `authentication: open` nothing freezes approved minutes, so they may have changed.)
        guard MinutesContent.hash(of: document, session: id) == session.approvedContentHash else {
            throw .changedSinceApproval(session: id)
        }
        return MinutesRecord(
            table: table, session: session, state: state, document: document, events: events, procedure: procedure, invitations: invitations)
    }

    /// The latest moment (milliseconds since 1970) a date can name, as in JavaScript (year 275760).
    public static let latestMoment: Int64 = 8_640_000_000_000_000

    /// The text at `path` (`project`, `minutes:<session>/text`, `proposal:<org>/goals`) as it
    /// read at `at` (milliseconds since 1970), or now. The same rule as the history view: the
    /// batches in stored order whose time (to the millisecond, never earlier than the batch
    /// before, as a clock that stepped back is read) is at or before `at`.
    public func text(path: String, at: Int64? = nil) async throws(ArchiveError) -> String {
        var version = document
        if let at {
            do {
                var included: [StoredBatch] = []
                var previous = Int64.min
                for batch in try await store.batches(table: table.id, after: 0) {
                    previous = max(previous, TableHistory.milliseconds(batch.receivedAt))
                    guard previous <= at else { break }
                    included.append(batch)
                }
                version = Document(replica: Self.readerReplica)
                version.apply(try Operations(concatenating: included))
            } catch {
                throw .storage("the stored history of \(table.id) does not decode: \(error)")
            }
        }
        guard let object = version.textObject(path: path) else {
            // Say whether the text never existed, or did not exist yet at `at`.
            throw document.textObject(path: path) == nil ? .notFound("text \(path) at table \(table.id)") : .notFound("text \(path) at that moment")
        }
        return version.text(object)
    }

    /// The text at `path` as of `at` (or now) as a file: the one wording the command line and
    /// the HTTP API both use, so an archived copy says the same whichever way it was taken.
    public func textFile(path: String, at: Int64?, as format: ExportFormat, exporter: Exporter) async throws -> ExportedFile {
        let body = try await text(path: path, at: at)
        let when = at.map { "al " + Date(timeIntervalSince1970: Double($0) / 1000).formatted(.iso8601) } ?? "attuale"
        let suffix = at.map { "-\($0)" } ?? ""
        var subtitle = "\(table.title) – versione \(when)"
        let named = document.textPath(path)
        // Minutes as they read before (or without) their approval must not pass for the approved record.
        if let root = named?.root, case .minutes(let id) = TableArea(rootKey: root),
            let session = state.sessions.first(where: { $0.id == id })
        {
            if session.status != .approved {
                let stage = switch session.status {
                case .scheduled: "seduta programmata"
                case .live: "seduta in corso"
                case .closed: "seduta chiusa"
                case .minutesInReview, .approved: "verbale in revisione"
                }
                subtitle += " – BOZZA: verbale non approvato (\(stage))"
            } else if let at, let approvedAt = session.approvedAt, at < TableHistory.milliseconds(approvedAt) {
                subtitle += " – BOZZA: verbale com'era prima dell'approvazione"
            }
        }
        let title = named.map { TableHistory.label(root: $0.root, key: $0.key, sessions: state.sessions) } ?? path
        return try await exporter.text(
            title: title, subtitle: subtitle, body: body, as: format, filename: "\(table.id)-\(path)\(suffix)")
    }

    /// Never writes: a replica id no client may take (`server` is reserved, this one is too long for none).
    static let readerReplica = "export-reader"
}

extension Operations {
    /// Stored batches as one, to apply in one pass (see `Operations.append`).
    init(concatenating batches: [StoredBatch]) throws {
        self = .empty
        for batch in batches { append(try Operations(decoding: batch.payload)) }
    }
}

extension Document {
    /// What a text path names: a root key holding a text (`key` nil), or `<root key>/<map key>`
    /// (split at the last `/`, since organisation names in `proposal:<organisation>` may hold one).
    func textPath(_ path: String) -> (root: String, key: String?, object: ObjectID)? {
        if case .object(let id, .text)? = value(forKey: path) { return (path, nil, id) }
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let root = String(path[..<slash]), key = String(path[path.index(after: slash)...])
        guard case .object(let map, .map)? = value(forKey: root), case .object(let id, .text)? = value(forKey: key, in: map) else { return nil }
        return (root, key, id)
    }

    func textObject(path: String) -> ObjectID? { textPath(path)?.object }
}

/// Why an archived record cannot be exported.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    /// Minutes are exported only once approved (HTTP 409).
    case notApproved(session: String, status: String)
    /// The minutes no longer hash to what was approved (HTTP 409).
    case changedSinceApproval(session: String)
    case storage(String)

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .notApproved(let session, let status): "the minutes of session \(session) are not approved yet (status: \(status))"
        case .changedSinceApproval(let session): "the minutes of session \(session) changed after their approval: they no longer match the approved content hash"
        case .storage(let why): "storage error: \(why)"
        }
    }
}

extension AuditRow {
    /// A line of the audit log (`AuditLog.entries`) as the CSV prints it.
    public init(_ event: AuditEvent) {
        self.init(at: event.at, actor: event.actor, action: event.action, table: event.table ?? "", detail: event.detail)
    }
}
