import TavoloDomain
import TavoloTransport

/// The export endpoints: approved minutes, a text at a version, the audit log as CSV.
extension HistoryAPI {
    func minutes(table: CoDesignTable, session: String, format: String) async throws -> HTTPResponse {
        .problem(501, "exports not available")
    }

    func export(table: CoDesignTable, query: HistoryQuery, format: String) async throws -> HTTPResponse {
        .problem(501, "exports not available")
    }

    func auditCSV(table: CoDesignTable) async throws -> HTTPResponse {
        .problem(501, "exports not available")
    }
}
