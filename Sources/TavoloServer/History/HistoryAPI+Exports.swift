import Foundation
import TavoloDomain
import TavoloExport
import TavoloTransport

/// The export endpoints: approved minutes, a text at a version, the audit log as CSV. Each
/// reads the table as stored now (exports are rare; the replay cache serves the scrubbing),
/// answers with a file to save, and is recorded in the audit log: the procedure must show
/// who took which records. The archive's and the exporter's errors are answered by `ErrorMiddleware`.
extension HistoryAPI {
    func minutes(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, caller) = try await readableTable(request)
        let session = request.parameters[.session]
        let format = try exportFormat(request.parameters[.format])
        let history = try await history(of: table)
        let procedure = table.procedure.isEmpty ? nil : try await domain.procedure(table.procedure)
        let invitations = try await domain.invitations(table: table.id)
        let file = try await exporting {
            let record = try await history.minutes(session: session, table: table, procedure: procedure, invitations: invitations)
            return try await exporter.minutes(record, as: format)
        }
        try await record("minutes.exported", ["session": session, "format": format.rawValue], table: table, by: caller)
        return Self.attachment(file)
    }

    func export(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, caller) = try await readableTable(request)
        let format = try exportFormat(request.parameters[.format])
        let query = HistoryQuery(request.query)
        guard let path = query.string("text") else {
            throw HTTPError.badRequest("text: required, a text path such as 'project' or 'minutes:<session>/text'")
        }
        let at = query.string("at") == nil ? nil : try query.moment("at")
        let file = try await exporting {
            let archive = try await TableArchive.load(table: table.id, store: store, domain: domain)
            return try await archive.textFile(path: path, at: at, as: format, exporter: exporter)
        }
        var detail = ["text": path, "format": format.rawValue]
        if let at { detail["at"] = String(at) }
        try await record("text.exported", detail, table: table, by: caller)
        return Self.attachment(file)
    }

    func auditCSV(_ request: APIRequest) async throws -> HTTPResponse {
        let (table, caller) = try await readableTable(request)
        try caller.mayReadAuditLog()
        let entries: [AuditEvent]
        do {
            entries = try await AuditLog(domain: domain, store: store).entries(table: table.id)
        } catch {
            throw HTTPError.unavailable("the audit log cannot be read now; retry")
        }
        let file = exporter.auditCSV(entries.map(AuditRow.init), filename: "audit-\(table.id).csv")
        try await record("audit.exported", ["format": "csv"], table: table, by: caller)
        return Self.attachment(file)
    }

    private func exportFormat(_ raw: String) throws(HTTPError) -> ExportFormat {
        guard let format = ExportFormat(rawValue: raw) else {
            let known = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw .notFound("no export format '\(raw)': one of \(known)")
        }
        return format
    }

    /// Makes a file, one at a time (`ExportSlots`); an error other than the archive's or the
    /// exporter's own is a 503 too. A request its client gave up is not recorded (`record`).
    private func exporting(_ make: @Sendable () async throws -> ExportedFile) async throws -> ExportedFile {
        do {
            return try await ExportSlots.shared.run(make)
        } catch let error as CancellationError {
            throw error
        } catch let error as HTTPError {
            throw error
        } catch let error as ArchiveError {
            throw error
        } catch let error as ExportError {
            throw error
        } catch {
            throw HTTPError.unavailable("the export cannot be made now (\(error)); retry")
        }
    }

    /// Records the export; if that fails the file is not handed out (an export that the audit
    /// log does not show would defeat it): a 503.
    private func record(_ action: String, _ detail: [String: String], table: CoDesignTable, by caller: Caller) async throws {
        // The client gave up while the file was made: nothing is handed out, so nothing is recorded.
        try Task.checkCancellation()
        do {
            try await domain.audit(AuditEvent(actor: caller.auditActor, action: action, table: table.id, fields: detail))
        } catch {
            throw HTTPError.unavailable("the export could not be recorded in the audit log; retry")
        }
    }

    static func attachment(_ file: ExportedFile) -> HTTPResponse {
        // The name is ASCII-safe by construction (ExportedFile); filename* carries it for every browser.
        let encoded = file.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export"
        return HTTPResponse(
            status: 200, contentType: file.contentType,
            headers: [
                ("Content-Disposition", "attachment; filename=\"\(file.filename)\"; filename*=UTF-8''\(encoded)"),
                ("Cache-Control", "no-store"),
            ],
            body: file.bytes)
    }
}
