import Foundation
import TavoloDomain
import TavoloExport
import TavoloStorage
import TavoloTransport

/// The read-only history API under `/api/tables/{table}/…` (docs/api.md, "History API"):
/// replay, authorship, differences, exports and the audit log as CSV. Members read their own
/// table's history with their invitation token; the administrator reads every table's.
public struct HistoryAPI: Sendable {
    let store: any Store
    let domain: any DomainStore
    let tokens: InvitationTokens
    let adminToken: String?
    let cache: HistoryCache
    /// Makes the export files (LibreOffice for ODT → PDF/A).
    let exporter: Exporter
    /// Checks signed copies of verbali (OpenSSL).
    let signatures: SignedCopyCheck
    /// One caller's heavy reads at once (429 beyond).
    let workLimit: MemberWorkLimit
    /// The dashboard's per-table writing shares, kept until a table changes.
    let writingShares = WritingShares()

    /// - Parameters:
    ///   - cachedTables: how many tables' histories stay in memory (least recently used dropped first).
    ///   - checkpointStride: a whole document is kept every this many batches; a jump replays at most that many.
    public init(
        store: any Store, domain: any DomainStore, tokens: InvitationTokens, adminToken: String?,
        cachedTables: Int = 4, checkpointStride: Int = 2048, exporter: Exporter = Exporter(), signatures: SignedCopyCheck = SignedCopyCheck()
    ) {
        self.exporter = exporter
        self.signatures = signatures
        self.workLimit = MemberWorkLimit()
        self.store = store
        self.domain = domain
        self.tokens = tokens
        self.adminToken = adminToken
        cache = HistoryCache(store: store, capacity: cachedTables, checkpointStride: checkpointStride)
    }

    /// Answers as the application does when this is its only API (tests, the history benchmark).
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        await HTTPRoutes(history: self).handle(request)
    }

    func overview(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, _) = try await readableTable(request)
        let history = try await history(of: table)
        let signed = (try? await domain.signedCopies(table: table.id)) ?? []
        return .json(try HistoryBody.encode(await history.overview(table: table, now: HistoryQuery.now, signed: signed)))
    }

    func events(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, _) = try await readableTable(request)
        let history = try await history(of: table)
        let session = HistoryQuery(request.query).string("session")
        if let session, await !history.hasSession(session) {
            throw HTTPError.badRequest("session: no session '\(session)' at this table")
        }
        let events = await history.timeline(session: session, people: history.people)
        return .json(try HistoryBody.encode(HistoryBody.Events(events: events)))
    }

    func state(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, _) = try await readableTable(request)
        let query = HistoryQuery(request.query)
        let at = try query.moment("at")
        let history = try await history(of: table)
        let area = query.string("area")
        if let area, await !history.hasRoot(area) {
            throw HTTPError.badRequest("area: no root key '\(area)' in this table's document")
        }
        return .json(try HistoryBody.encode(await history.state(at: at, area: area)))
    }

    func authorship(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, _) = try await readableTable(request)
        let query = HistoryQuery(request.query)
        let at = try query.moment("at")
        let history = try await history(of: table)
        let text = try await query.text(in: history)
        return .json(try HistoryBody.encode(await history.authorship(of: text, at: at)))
    }

    func diff(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, _) = try await readableTable(request)
        let query = HistoryQuery(request.query)
        let from = try query.moment("from", required: true), to = try query.moment("to", required: true)
        guard from <= to else { throw HTTPError.badRequest("from: must not be after to") }
        let history = try await history(of: table)
        let text = try await query.text(in: history)
        return .json(try HistoryBody.encode(await history.diff(of: text, from: from, to: to)))
    }

    /// The table's replayed history, brought up to date.
    func history(of table: CoDesignTable) async throws(HTTPError) -> TableHistory {
        do {
            return try await cache.history(of: table.id)
        } catch {
            throw .unavailable("the history cannot be read now; retry")
        }
    }
}
