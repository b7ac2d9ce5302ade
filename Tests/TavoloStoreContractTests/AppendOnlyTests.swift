import Foundation
import Testing
import TavoloDomain
import TavoloStorage

/// The public record (audit log, op log, table events, signed copies) refuses changes in the
/// database itself, whoever connects: SQLite and PostgreSQL alike.
@Suite struct AppendOnlyTests {
    @Test(arguments: StoreKind.allCases) func theAuditLogIsAppendOnly(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        try await opened.domain.createTable(CoDesignTable(id: "t", title: "T"), by: "admin")
        await #expect(throws: (any Error).self) { try await opened.execute("DELETE FROM audit_event") }
        await #expect(throws: (any Error).self) { try await opened.execute("UPDATE audit_event SET actor = 'someone'") }
        #expect(try await opened.domain.auditLog(table: "t").count == 1)
        await opened.close()
    }

    @Test(arguments: StoreKind.allCases) func theOpLogTableEventsAndSignedCopiesAreAppendOnly(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        let store = opened.store
        store.append(StoredBatch(table: "ambito", author: "a", operationCount: 1, payload: [1])) { _ in }
        store.appendEvent(StoredEvent(table: "ambito", actor: "a", payload: Array("{}".utf8), at: Date())) { _ in }
        await store.pendingWritesDone()
        try await opened.domain.createTable(CoDesignTable(id: "t", title: "T"), by: "admin")
        try await opened.domain.addSignedCopy(
            SignedCopy(table: "t", session: "s", kind: "pades", bytes: [1], sha256: "x", contentHash: "y", uploadedBy: "admin"))
        for statement in [
            "DELETE FROM table_event", "UPDATE table_event SET actor = 'x'", "UPDATE op_batch SET author = 'x'",
            "DELETE FROM op_batch", "DELETE FROM signed_copy", "UPDATE signed_copy SET kind = 'x'",
        ] {
            await #expect(throws: (any Error).self, "\(statement)") { try await opened.execute(statement) }
        }
        #expect(try await store.batches(table: "ambito", after: 0).count == 1)
        #expect(try await store.events(table: "ambito").count == 1)
        await opened.close()
    }

    /// PostgreSQL has a third way to empty a table; it is refused too.
    @Test func truncateIsRefusedOnPostgres() async throws {
        guard let opened = try await StoreKind.postgres.open() else { return }
        for table in ["audit_event", "op_batch", "table_event", "signed_copy"] {
            await #expect(throws: (any Error).self, "\(table)") { try await opened.execute("TRUNCATE \(table)") }
        }
        await opened.close()
    }
}
