import Foundation
import TavoloDomain
import TavoloExport
import TavoloTransport

/// The procedure dashboard (docs/api.md): for the administrator, and for the cabina di regia —
/// coordinators invited to any table of the procedure, who by their role follow it all.
extension HistoryAPI {
    func dashboard(_ request: APIRequest) async throws -> HTTPResponse {
        try .encoded(await buildDashboard(request))
    }

    func dashboardFile(_ request: APIRequest) async throws -> HTTPResponse {
        let format = request.parameters[.format]
        let dashboard = try await buildDashboard(request)
        let name = "cruscotto-\(dashboard.procedure.id)"
        switch format {
        case "csv":
            return Self.attachment(ExportedFile(contentType: "text/csv; charset=utf-8", filename: name + ".csv", bytes: dashboard.spreadsheet.csv()))
        case "ods":
            return Self.attachment(ExportedFile(contentType: Spreadsheet.odsMediaType, filename: name + ".ods", bytes: dashboard.spreadsheet.ods()))
        default:
            throw HTTPError.notFound("no dashboard format '\(format)': csv or ods")
        }
    }

    private func buildDashboard(_ request: APIRequest) async throws -> ProcedureDashboard {
        let caller = try request.authenticatedCaller()
        let id = request.parameters[.procedure]
        guard let procedure = try await domain.procedure(id) else { throw HTTPError.notFound("procedure \(id) not found") }
        if case .member(let table, let role, _) = caller {
            guard role == .coordinator, try await domain.table(table)?.procedure == id else {
                throw HTTPError.forbidden("the procedure's dashboard is for its coordinators (cabina di regia) and the administrator")
            }
        }
        let tables = try await domain.tables().filter { $0.procedure == id }
        do {
            return try await ExportSlots.shared.run { try await ProcedureDashboard.build(procedure: procedure, tables: tables, store: store, domain: domain, writing: writingShares) }
        } catch let error as HTTPError {
            throw error
        } catch let error as ArchiveError {
            throw error
        } catch {
            throw HTTPError.unavailable("the dashboard cannot be made now (\(error)); retry")
        }
    }
}
