import Foundation
import GRDB
import TavoloStorage

/// Opens `tavolo.sqlite` in the data directory and brings its schema up to date.
/// One queue per process is shared by the op-log store and the domain store.
public enum DatabaseFile {
    public static func open(directory: String) throws(StoreError) -> DatabaseQueue {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.journalMode = .wal
            // The command line and the server may write at the same time; wait rather than fail.
            configuration.busyMode = .timeout(5)
            let database = try DatabaseQueue(path: directory + "/tavolo.sqlite", configuration: configuration)
            // GRDB sets synchronous=NORMAL when it switches to WAL, which survives a process crash
            // but not a power cut. An acknowledged edit must survive both: FULL, set after opening.
            // (A DatabaseQueue has one connection, so the setting stays.)
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Schema.migrator.migrate(database)
            return database
        } catch {
            throw .io("cannot open the database in \(directory): \(error)")
        }
    }
}
