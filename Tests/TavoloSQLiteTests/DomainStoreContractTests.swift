import Foundation
import Testing
import TavoloDomain
import TavoloSQLite

/// One suite, every `DomainStore`: what a store must do is the same whatever keeps it.
@Suite struct DomainStoreContractTests {
    static func stores() throws -> [any DomainStore] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-domain-\(UUID().uuidString)").path
        return [InMemoryDomainStore(), SQLiteDomainStore(database: try DatabaseFile.open(directory: directory))]
    }

    @Test func proceduresAreCreatedReadUpdatedAndAudited() async throws {
        for store in try Self.stores() {
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
            #expect(actions == ["procedure.created", "procedure.updated"], "\(type(of: store))")
        }
    }

    @Test func tablesBelongToAnExistingProcedureAndArePublishedOnce() async throws {
        for store in try Self.stores() {
            try await store.createProcedure(Procedure(id: "avviso", title: "Avviso"), by: "admin")
            await #expect(throws: DomainError.notFound("procedure altro")) {
                try await store.createTable(CoDesignTable(id: "t", title: "T", procedure: "altro"), by: "admin")
            }
            try await store.createTable(CoDesignTable(id: "t", title: "T", area: "Anziani", procedure: "avviso"), by: "admin")
            var table = try #require(try await store.table("t"))
            #expect(table.procedure == "avviso" && table.area == "Anziani" && table.publishedAt == nil)

            try await store.setPublished(table: "t", true, by: "admin")
            try await store.setPublished(table: "t", true, by: "admin")  // already: nothing recorded
            table = try #require(try await store.table("t"))
            #expect(table.publishedAt != nil)
            try await store.setPublished(table: "t", false, by: "admin")
            #expect(try await store.table("t")?.publishedAt == nil)
            await #expect(throws: DomainError.notFound("table x")) { try await store.setPublished(table: "x", true, by: "admin") }
            let actions = try await store.auditLog(table: "t").map(\.action)
            #expect(actions == ["table.created", "table.published", "table.unpublished"], "\(type(of: store))")
        }
    }
}
