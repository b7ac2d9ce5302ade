import Foundation
import Testing
import TavoloDomain

/// One suite, every `DomainStore`: what a store must do is the same whatever keeps it.
@Suite struct DomainStoreContractTests {
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case memory, sqlite, postgres
        var testDescription: String { rawValue }

        /// The store, and what closes it; nil when PostgreSQL is not available (see `StoreKind`).
        func open() async throws -> (any DomainStore, @Sendable () async -> Void)? {
            switch self {
            case .memory: return (InMemoryDomainStore(), {})
            case .sqlite: return try await StoreKind.sqlite.open().map { ($0.domain, $0.close) }
            case .postgres: return try await StoreKind.postgres.open().map { ($0.domain, $0.close) }
            }
        }
    }

    @Test(arguments: Kind.allCases) func proceduresAreCreatedReadUpdatedAndAudited(_ kind: Kind) async throws {
        guard let (store, close) = try await kind.open() else { return }
        defer { Task { await close() } }
        let notice = Procedure(
            id: "avviso-2026", title: "Avviso pubblico di co-progettazione – Distretto Pianura Est",
            legalBasis: "art. 55 D.Lgs. 117/2017", actReference: "Determina n. 123 del 15/09/2026",
            areas: ["Anziani", "Disabilità", "Minori e famiglie"], createdAt: Date(timeIntervalSince1970: 1_800_000_000))
        try await store.createProcedure(notice, by: "admin")
        #expect(try await store.procedure("avviso-2026") == notice)
        await #expect(throws: DomainError.exists("procedure avviso-2026")) { try await store.createProcedure(notice, by: "admin") }

        var changed = notice
        changed.publicInitialsOnly = true
        changed.areas.append("Povertà")
        changed.createdAt = Date()  // never changes
        try await store.updateProcedure(changed, by: "admin")
        let read = try #require(try await store.procedure("avviso-2026"))
        #expect(read.publicInitialsOnly && read.areas.count == 4 && read.createdAt == notice.createdAt)
        await #expect(throws: DomainError.notFound("procedure nessuna")) {
            try await store.updateProcedure(Procedure(id: "nessuna", title: "x"), by: "admin")
        }
        #expect(try await store.procedures().map(\.id) == ["avviso-2026"])
        let actions = try await store.auditLog(table: nil).map(\.action)
        #expect(actions == ["procedure.created", "procedure.updated"])
    }

    @Test(arguments: Kind.allCases) func tablesBelongToAnExistingProcedureAndArePublishedOnce(_ kind: Kind) async throws {
        guard let (store, close) = try await kind.open() else { return }
        defer { Task { await close() } }
        try await store.createProcedure(Procedure(id: "avviso", title: "Avviso"), by: "admin")
        await #expect(throws: DomainError.notFound("procedure altro")) {
            try await store.createTable(CoDesignTable(id: "t", title: "T", procedure: "altro"), by: "admin")
        }
        try await store.createTable(CoDesignTable(id: "t", title: "T", area: "Anziani", procedure: "avviso"), by: "admin")
        await #expect(throws: DomainError.exists("table t")) {
            try await store.createTable(CoDesignTable(id: "t", title: "Altro"), by: "admin")
        }
        var table = try #require(try await store.table("t"))
        #expect(table.procedure == "avviso" && table.area == "Anziani" && table.publishedAt == nil && table.title == "T")

        try await store.setPublished(table: "t", true, by: "admin")
        try await store.setPublished(table: "t", true, by: "admin")  // already: nothing recorded
        table = try #require(try await store.table("t"))
        #expect(table.publishedAt != nil)
        try await store.setPublished(table: "t", false, by: "admin")
        #expect(try await store.table("t")?.publishedAt == nil)
        await #expect(throws: DomainError.notFound("table x")) { try await store.setPublished(table: "x", true, by: "admin") }
        let actions = try await store.auditLog(table: "t").map(\.action)
        #expect(actions == ["table.created", "table.published", "table.unpublished"])
        #expect(try await store.tables().map(\.id) == ["t"])
        #expect(try await store.table("nessuno") == nil)
    }

    @Test(arguments: Kind.allCases) func invitationsAreRecordedRevokedAndAudited(_ kind: Kind) async throws {
        guard let (store, close) = try await kind.open() else { return }
        defer { Task { await close() } }
        let issued = Date(timeIntervalSince1970: 1_800_000_000)
        let anna = Invitation(
            id: "inv-anna", table: "t", role: .facilitator, name: "Anna Rossi", organisation: "Comune di Molinella",
            issuedAt: issued, expiresAt: issued.addingTimeInterval(86_400))
        await #expect(throws: DomainError.notFound("table t")) { try await store.addInvitation(anna, by: "admin") }
        try await store.createTable(CoDesignTable(id: "t", title: "T"), by: "admin")
        try await store.addInvitation(anna, by: "admin")
        let bruno = Invitation(
            id: "inv-bruno", table: "t", role: .ets, name: "Bruno Neri", organisation: "Cooperativa Il Ponte",
            issuedAt: issued.addingTimeInterval(60), expiresAt: issued.addingTimeInterval(86_400))
        try await store.addInvitation(bruno, by: "admin")
        #expect(try await store.invitation("inv-anna") == anna)
        #expect(try await store.invitations(table: "t").map(\.id) == ["inv-anna", "inv-bruno"])
        #expect(try await store.invitation("nessuna") == nil)

        let before = Date().addingTimeInterval(-1)
        try await store.revokeInvitation("inv-bruno", by: "admin")
        await #expect(throws: DomainError.notFound("invitation nessuna")) { try await store.revokeInvitation("nessuna", by: "admin") }
        #expect(try await store.invitation("inv-bruno")?.revokedAt != nil)
        #expect(try await store.invitation("inv-anna")?.revokedAt == nil)
        #expect(try await store.invitationsRevoked(since: before).map(\.id) == ["inv-bruno"])
        #expect(try await store.invitationsRevoked(since: Date().addingTimeInterval(60)).isEmpty)

        try await store.audit(AuditEvent(actor: "invitation:inv-anna", action: "member.joined", table: "t", fields: ["role": "facilitator"]))
        let log = try await store.auditLog(table: "t")
        #expect(log.map(\.action) == ["table.created", "invitation.created", "invitation.created", "invitation.revoked", "member.joined"])
        #expect(log[1].detail.contains("Anna Rossi") && log[3].detail.contains("inv-bruno"))
        #expect(try await store.auditLog(table: nil).count == 5)
    }

    @Test(arguments: Kind.allCases) func signedCopiesAreKeptInOrderAndAudited(_ kind: Kind) async throws {
        guard let (store, close) = try await kind.open() else { return }
        defer { Task { await close() } }
        let copy = SignedCopy(
            table: "t", session: "s1", kind: "pades", bytes: Array(0...255) + [0, 0, 37], sha256: "ab12", contentHash: "cd34",
            uploadedAt: Date(timeIntervalSince1970: 1_800_000_123.25), uploadedBy: "admin")
        await #expect(throws: DomainError.notFound("table t")) { try await store.addSignedCopy(copy) }
        try await store.createTable(CoDesignTable(id: "t", title: "T"), by: "admin")
        try await store.addSignedCopy(copy)
        var second = copy
        second.kind = "cades"
        second.bytes = [1, 2, 3]
        try await store.addSignedCopy(second)
        #expect(try await store.signedCopies(table: "t") == [copy, second])
        #expect(try await store.signedCopies(table: "other").isEmpty)
        #expect(try await store.auditLog(table: "t").map(\.action) == ["table.created", "minutes.signed", "minutes.signed"])
    }
}
