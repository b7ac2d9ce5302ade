/// The endpoints of the history API (docs/api.md, "History API"): every one a `GET` behind the
/// bearer check, taking the admin token or an invitation to the table.
extension HistoryAPI {
    func register(in router: inout Router) {
        let readers: [any Middleware] = [
            Authentication(
                authenticator: BearerAuthenticator(adminToken: adminToken, tokens: tokens, domain: domain), admits: .administratorOrMember)
        ]
        // The heavy reads: at most a few of one caller's at once (429 beyond).
        let heavy = readers + [workLimit]
        router.get("/api/tables/\(.table)/history", through: readers) { try await overview($0) }
        router.get("/api/tables/\(.table)/history/events", through: readers) { try await events($0) }
        router.get("/api/tables/\(.table)/history/state", through: heavy) { try await state($0) }
        router.get("/api/tables/\(.table)/history/authorship", through: heavy) { try await authorship($0) }
        router.get("/api/tables/\(.table)/history/diff", through: heavy) { try await diff($0) }
        // HEAD would make (and record) an export nobody receives: exports answer GET only.
        router.get("/api/tables/\(.table)/sessions/\(.session)/minutes.\(.format)", head: false, through: heavy) { try await minutes($0) }
        router.get("/api/tables/\(.table)/documents/export.\(.format)", head: false, through: heavy) { try await export($0) }
        router.get("/api/tables/\(.table)/audit.csv", head: false, through: readers) { try await auditCSV($0) }
        router.get("/api/procedures/\(.procedure)/dashboard", through: heavy) { try await dashboard($0) }
        router.get("/api/procedures/\(.procedure)/dashboard.\(.format)", head: false, through: heavy) { try await dashboardFile($0) }
        router.post("/api/tables/\(.table)/sessions/\(.session)/signed", through: readers) { try await uploadSignedCopy($0) }
        router.get("/api/tables/\(.table)/sessions/\(.session)/signed", through: readers) { try await signedCopy($0) }
    }
}
