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

    /// - Parameters:
    ///   - cachedTables: how many tables' histories stay in memory (least recently used dropped first).
    ///   - checkpointStride: a whole document is kept every this many batches; a jump replays at most that many.
    public init(
        store: any Store, domain: any DomainStore, tokens: InvitationTokens, adminToken: String?,
        cachedTables: Int = 4, checkpointStride: Int = 2048, exporter: Exporter = Exporter()
    ) {
        self.exporter = exporter
        self.store = store
        self.domain = domain
        self.tokens = tokens
        self.adminToken = adminToken
        cache = HistoryCache(store: store, capacity: cachedTables, checkpointStride: checkpointStride)
    }

    /// Whether `path` lies in the history API's part of `/api/tables/{id}/` (`history…`,
    /// `sessions/…`, `documents/…`, `audit.csv`): the application sends these here, so that an
    /// unknown one is a 404 from us rather than a token refusal from the admin API.
    public static func handles(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 5, parts[1] == "api", parts[2] == "tables", !parts[3].isEmpty else { return false }
        return ["history", "sessions", "documents", "audit.csv"].contains(parts[4])
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        guard let route = HistoryRoute(path: request.path) else { return .problem(404, "no such endpoint: \(request.path)") }
        // HEAD would make (and record) an export nobody receives: exports answer GET only.
        let isExport = switch route { case .minutes, .export, .auditCSV: true; default: false }
        guard request.method == "GET" || (request.method == "HEAD" && !isExport) else {
            let allowed = isExport ? "GET" : "GET or HEAD"
            return .problem(405, "method \(request.method) not allowed on \(request.path) (\(allowed)): the history is read-only")
                .with(header: ("Allow", isExport ? "GET" : "GET, HEAD"))
        }
        let access: HistoryAccess
        switch await HistoryAccess.check(
            authorization: request.headers["authorization"], adminToken: adminToken, tokens: tokens, domain: domain)
        {
        case .failure(let refusal):
            let response = HTTPResponse.problem(refusal.status, refusal.message)
            return refusal.status == 401 ? response.with(header: ("WWW-Authenticate", "Bearer")) : response
        case .success(let granted): access = granted
        }
        let table: CoDesignTable
        do {
            if case .member(let own, _, _) = access, own != route.table {
                return .problem(403, "this invitation is for another table")
            }
            guard let found = try await domain.table(route.table) else { return .problem(404, "table \(route.table) not found") }
            table = found
        } catch {
            return .problem(503, "storage unavailable; retry")
        }
        if case .auditCSV = route, case .member(_, let role, _) = access, role != .coordinator, role != .facilitator {
            return .problem(403, "the audit log is for coordinators and facilitators")
        }
        do {
            return try await answer(route, request: request, table: table, access: access)
        } catch let error as HistoryParameterError {
            return .problem(error.status, error.message)
        } catch {
            return .problem(503, "the history cannot be read now; retry")
        }
    }

    private func answer(_ route: HistoryRoute, request: HTTPRequest, table: CoDesignTable, access: HistoryAccess) async throws -> HTTPResponse {
        let query = HistoryQuery(request.query)
        switch route {
        case .overview:
            let history = try await cache.history(of: table.id)
            return .json(try HistoryBody.encode(await history.overview(table: table, now: HistoryQuery.now)))
        case .events:
            let history = try await cache.history(of: table.id)
            let session = query.string("session")
            if let session, await !history.hasSession(session) {
                throw HistoryParameterError(status: 400, message: "session: no session '\(session)' at this table")
            }
            let events = await history.timeline(session: session, people: history.people)
            return .json(try HistoryBody.encode(HistoryBody.Events(events: events)))
        case .state:
            let at = try query.moment("at")
            let history = try await cache.history(of: table.id)
            let area = query.string("area")
            if let area, await !history.hasRoot(area) {
                throw HistoryParameterError(status: 400, message: "area: no root key '\(area)' in this table's document")
            }
            return .json(try HistoryBody.encode(await history.state(at: at, area: area)))
        case .authorship:
            let at = try query.moment("at")
            let history = try await cache.history(of: table.id)
            let text = try await query.text(in: history)
            return .json(try HistoryBody.encode(await history.authorship(of: text, at: at)))
        case .diff:
            let from = try query.moment("from", required: true), to = try query.moment("to", required: true)
            guard from <= to else { throw HistoryParameterError(status: 400, message: "from: must not be after to") }
            let history = try await cache.history(of: table.id)
            let text = try await query.text(in: history)
            return .json(try HistoryBody.encode(await history.diff(of: text, from: from, to: to)))
        case .minutes(_, let session, let format):
            return try await minutes(table: table, session: session, format: format, for: access)
        case .export(_, let format):
            return try await export(table: table, query: query, format: format, for: access)
        case .auditCSV:
            return try await auditCSV(table: table, for: access)
        }
    }
}

/// A parameter that cannot be used, with the status to answer.
struct HistoryParameterError: Error {
    var status: Int
    var message: String
}
