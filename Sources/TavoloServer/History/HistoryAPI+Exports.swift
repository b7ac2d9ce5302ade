import Foundation
import TavoloDomain
import TavoloExport
import TavoloTransport

/// The export endpoints: approved minutes, a text at a version, the audit log as CSV. Each
/// reads the table as stored now (exports are rare; the replay cache serves the scrubbing),
/// answers with a file to save, and is recorded in the audit log: the procedure must show
/// who took which records.
extension HistoryAPI {
    func minutes(table: CoDesignTable, session: String, format: String, for access: HistoryAccess) async throws -> HTTPResponse {
        let format = try exportFormat(format)
        let file: ExportedFile
        do {
            let archive = try await TableArchive.load(table: table.id, store: store, domain: domain)
            file = try await exporter.minutes(try archive.minutes(session: session), as: format)
        } catch {
            return Self.failure(error)
        }
        guard await record("minutes.exported", ["session": session, "format": format.rawValue], table: table, by: access) else { return Self.unrecorded }
        return Self.attachment(file)
    }

    func export(table: CoDesignTable, query: HistoryQuery, format: String, for access: HistoryAccess) async throws -> HTTPResponse {
        let format = try exportFormat(format)
        guard let path = query.string("text") else {
            throw HistoryParameterError(status: 400, message: "text: required, a text path such as 'project' or 'minutes:<session>/text'")
        }
        let at = query.string("at") == nil ? nil : try query.moment("at")
        let file: ExportedFile
        do {
            let archive = try await TableArchive.load(table: table.id, store: store, domain: domain)
            file = try await archive.textFile(path: path, at: at, as: format, exporter: exporter)
        } catch {
            return Self.failure(error)
        }
        var detail = ["text": path, "format": format.rawValue]
        if let at { detail["at"] = String(at) }
        guard await record("text.exported", detail, table: table, by: access) else { return Self.unrecorded }
        return Self.attachment(file)
    }

    func auditCSV(table: CoDesignTable, for access: HistoryAccess) async throws -> HTTPResponse {
        let entries: [AuditEvent]
        do {
            entries = try await AuditLog(domain: domain, store: store).entries(table: table.id)
        } catch {
            return .problem(503, "the audit log cannot be read now; retry")
        }
        let file = exporter.auditCSV(entries.map(AuditRow.init), filename: "audit-\(table.id).csv")
        guard await record("audit.exported", ["format": "csv"], table: table, by: access) else { return Self.unrecorded }
        return Self.attachment(file)
    }

    private func exportFormat(_ raw: String) throws -> ExportFormat {
        guard let format = ExportFormat(rawValue: raw) else {
            let known = ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw HistoryParameterError(status: 404, message: "no export format '\(raw)': one of \(known)")
        }
        return format
    }

    /// Records the export; if that fails the file is not handed out (an export that the audit
    /// log does not show would defeat it), and the caller answers 503.
    private func record(_ action: String, _ detail: [String: String], table: CoDesignTable, by access: HistoryAccess) async -> Bool {
        do {
            try await domain.audit(AuditEvent(actor: access.auditActor, action: action, table: table.id, fields: detail))
            return true
        } catch {
            return false
        }
    }

    private static let unrecorded = HTTPResponse.problem(503, "the export could not be recorded in the audit log; retry")

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

    static func failure(_ error: any Error) -> HTTPResponse {
        if let error = error as? ArchiveError {
            switch error {
            case .notFound: return .problem(404, error.description)
            case .notApproved, .changedSinceApproval: return .problem(409, error.description)
            case .storage: return .problem(503, error.description)
            }
        }
        if let error = error as? ExportError { return .problem(503, error.description) }
        return .problem(503, "the export cannot be made now (\(error)); retry")
    }
}
