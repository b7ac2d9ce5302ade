import Foundation
import GRDB
import Testing
import TavoloDomain
import TavoloSQLite
import TavoloStorage

/// The public record (audit log, op log, table events) refuses changes in the database itself,
/// whoever opens the file.
@Suite struct AppendOnlyTests {
    private func open() throws -> DatabaseQueue {
        try DatabaseFile.open(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-append-\(UUID().uuidString)").path)
    }

    @Test func theAuditLogIsAppendOnly() async throws {
        let database = try open()
        let domain = SQLiteDomainStore(database: database)
        try await domain.createTable(CoDesignTable(id: "t", title: "T"), by: "admin")
        await #expect(throws: (any Error).self) {
            try await database.write { db in try db.execute(sql: "DELETE FROM audit_event") }
        }
        await #expect(throws: (any Error).self) {
            try await database.write { db in try db.execute(sql: "UPDATE audit_event SET actor = 'someone'") }
        }
        #expect(try await domain.auditLog(table: "t").count == 1)
    }

    @Test func theOpLogAndTableEventsAreAppendOnly() async throws {
        let database = try open()
        let sqlite = SQLiteStore(database: database)
        await withCheckedContinuation { done in
            sqlite.append(StoredBatch(table: "ambito", author: "a", operationCount: 1, payload: [1])) { _ in }
            sqlite.appendEvent(StoredEvent(table: "ambito", actor: "a", payload: Array("{}".utf8), at: Date())) { _ in }
            sqlite.afterPendingWrites { done.resume() }
        }
        await #expect(throws: (any Error).self) { try await database.write { db in try db.execute(sql: "DELETE FROM table_event") } }
        await #expect(throws: (any Error).self) { try await database.write { db in try db.execute(sql: "UPDATE op_batch SET author = 'x'") } }
        await #expect(throws: (any Error).self) { try await database.write { db in try db.execute(sql: "DELETE FROM op_batch") } }
        await sqlite.close()
    }
}
