import GRDB

/// The database schema, as migrations from day one: never edit a shipped
/// migration, add a new one. docs/storage.md describes the tables.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: op log, snapshots, replicas") { db in
            try db.execute(sql: """
                CREATE TABLE op_batch (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  table_id TEXT NOT NULL,
                  author TEXT NOT NULL,
                  op_count INTEGER NOT NULL,
                  payload BLOB NOT NULL,
                  received_at REAL NOT NULL
                );
                CREATE INDEX op_batch_by_table ON op_batch (table_id, seq);
                CREATE TABLE snapshot (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  table_id TEXT NOT NULL,
                  up_to_seq INTEGER NOT NULL,
                  payload BLOB NOT NULL,
                  taken_at REAL NOT NULL
                );
                CREATE INDEX snapshot_by_table ON snapshot (table_id, id);
                CREATE TABLE replica (
                  table_id TEXT NOT NULL,
                  replica TEXT NOT NULL,
                  principal TEXT NOT NULL,
                  first_seen REAL NOT NULL,
                  PRIMARY KEY (table_id, replica)
                );
                """)
        }
        return migrator
    }
}
