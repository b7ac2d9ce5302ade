import Foundation
import Testing
import TavoloDomain

/// The in-memory store keeps the rules of the SQLite one, so tests that use it test the real thing.
@Suite struct InMemoryDomainStoreTests {
    private func invitation(_ id: String, table: String = "ambito") -> Invitation {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        return Invitation(
            id: id, table: table, role: .ets, name: "Elena", organisation: "Coop. Il Ponte", issuedAt: now, expiresAt: now + 3600)
    }

    private func makeStore(tables: String...) async throws -> InMemoryDomainStore {
        let store = InMemoryDomainStore()
        for table in tables { try await store.createTable(CoDesignTable(id: table, title: "Tavolo \(table)"), by: "admin") }
        return store
    }

    @Test func aTableIdIsTakenOnce() async throws {
        let store = try await makeStore(tables: "ambito")
        await #expect(throws: DomainError.exists("table ambito")) {
            try await store.createTable(CoDesignTable(id: "ambito", title: "Altro"), by: "admin")
        }
        #expect(await store.tables().map(\.title) == ["Tavolo ambito"])
        #expect(await store.auditLog(table: "ambito").map(\.action) == ["table.created"])
    }

    @Test func invitationsOnlyToExistingTables() async throws {
        let store = try await makeStore(tables: "ambito")
        await #expect(throws: DomainError.notFound("table altrove")) {
            try await store.addInvitation(invitation("elena", table: "altrove"), by: "admin")
        }
        #expect(await store.invitation("elena") == nil)
        #expect(await store.auditLog(table: "altrove").isEmpty)
        try await store.addInvitation(invitation("elena"), by: "admin")
        #expect(await store.invitations(table: "ambito") == [invitation("elena")])
    }

    @Test func revokingMarksTheInvitationAndAuditsIt() async throws {
        let store = try await makeStore(tables: "ambito")
        try await store.addInvitation(invitation("elena"), by: "admin")
        let before = Date()
        try await store.revokeInvitation("elena", by: "invitation:fabio")
        let revokedAt = try #require(await store.invitation("elena")?.revokedAt)
        #expect(revokedAt >= before)
        let last = try #require(await store.auditLog(table: "ambito").last)
        #expect(last.action == "invitation.revoked" && last.actor == "invitation:fabio")
        #expect(last.detail == #"{"invitation":"elena"}"#)
        // Revoking again keeps the first time, as SQLite's `WHERE revoked_at IS NULL` does.
        try await store.revokeInvitation("elena", by: "admin")
        #expect(await store.invitation("elena")?.revokedAt == revokedAt)
        await #expect(throws: DomainError.notFound("invitation nessuno")) { try await store.revokeInvitation("nessuno", by: "admin") }
    }

    @Test func revokedSinceListsOnlyRevocationsFromThatMoment() async throws {
        let store = try await makeStore(tables: "ambito")
        for id in ["anna", "bruno", "carla"] { try await store.addInvitation(invitation(id), by: "admin") }
        try await store.revokeInvitation("anna", by: "admin")
        try await Task.sleep(for: .milliseconds(5))
        let cut = Date()
        try await store.revokeInvitation("bruno", by: "admin")
        #expect(await store.invitationsRevoked(since: cut).map(\.id) == ["bruno"])
        // Never-revoked invitations are not revocations, however far back one looks.
        #expect(await store.invitationsRevoked(since: .distantPast).map(\.id) == ["anna", "bruno"])
        #expect(await store.invitationsRevoked(since: Date() + 60).isEmpty)
    }

    @Test func theAuditLogIsFilteredByTable() async throws {
        let store = try await makeStore(tables: "anziani", "minori")
        try await store.addInvitation(invitation("elena", table: "minori"), by: "admin")
        await store.audit(AuditEvent(actor: "server", action: "server.started", table: nil))
        #expect(await store.auditLog(table: "anziani").map(\.action) == ["table.created"])
        #expect(await store.auditLog(table: "minori").map(\.action) == ["table.created", "invitation.created"])
        #expect(await store.auditLog(table: nil).map(\.action) == ["table.created", "table.created", "invitation.created", "server.started"])
        #expect(await store.auditLog(table: "altrove").isEmpty)
    }
}
