import Foundation
import GRDB
import Testing
import TavoloSQLite
import TavoloStorage

/// What only SQLite has (the shared contract is in TavoloStoreContractTests).
@Suite struct SQLiteStoreTests {
    @Test func unwritableDirectoryIsAClearError() {
        #expect(throws: StoreError.self) { try SQLiteStore(directory: "/proc/tavolo-cannot-write") }
    }
}

@Suite struct DurabilitySettingsTests {
    /// WAL with synchronous=FULL: a committed group is fsynced before anyone is told.
    @Test func commitsAreFsyncedBeforeAcknowledgement() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-sync-\(UUID().uuidString)").path
        let database = try DatabaseFile.open(directory: directory)
        let (mode, synchronous) = try database.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(mode == "wal")
        #expect(synchronous == 2)  // FULL
    }
}
