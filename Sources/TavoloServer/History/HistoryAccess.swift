import TavoloDomain

/// Which tables a caller may read: the administrator every one, a member only the table of
/// the invitation (any other, existing or not, is a 403, so members cannot probe for tables).
extension HistoryAPI {
    /// The table the request names, with its caller.
    func readableTable(_ request: APIRequest) async throws -> (table: CoDesignTable, caller: Caller) {
        let caller = try request.authenticatedCaller()
        let id = request.parameters[.table]
        if case .member(let own, _, _) = caller, own != id { throw HTTPError.forbidden("this invitation is for another table") }
        let found: CoDesignTable?
        do {
            found = try await domain.table(id)
        } catch {
            throw HTTPError.unavailable("storage unavailable; retry")
        }
        guard let found else { throw HTTPError.notFound("table \(id) not found") }
        return (found, caller)
    }
}

extension Caller {
    /// The audit log is for coordinators and facilitators (and the administrator).
    func mayReadAuditLog() throws(HTTPError) {
        if case .member(_, let role, _) = self, role != .coordinator, role != .facilitator {
            throw .forbidden("the audit log is for coordinators and facilitators")
        }
    }
}
