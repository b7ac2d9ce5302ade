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
        migrator.registerMigration("v2: tables, invitations, audit log") { db in
            try db.execute(sql: """
                CREATE TABLE co_table (
                  id TEXT PRIMARY KEY,
                  title TEXT NOT NULL,
                  created_at REAL NOT NULL
                );
                CREATE TABLE invitation (
                  id TEXT PRIMARY KEY,
                  table_id TEXT NOT NULL REFERENCES co_table(id),
                  role TEXT NOT NULL,
                  name TEXT NOT NULL,
                  organisation TEXT NOT NULL,
                  issued_at REAL NOT NULL,
                  expires_at REAL NOT NULL,
                  revoked_at REAL
                );
                CREATE INDEX invitation_by_table ON invitation (table_id);
                CREATE TABLE audit_event (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  at REAL NOT NULL,
                  actor TEXT NOT NULL,
                  action TEXT NOT NULL,
                  table_id TEXT,
                  detail TEXT NOT NULL
                );
                CREATE INDEX audit_event_by_table ON audit_event (table_id, seq);
                -- The audit log is append-only: the database itself refuses changes.
                CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v3: table events") { db in
            try db.execute(sql: """
                CREATE TABLE table_event (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  table_id TEXT NOT NULL,
                  actor TEXT NOT NULL,
                  payload BLOB NOT NULL,
                  at REAL NOT NULL
                );
                CREATE INDEX table_event_by_table ON table_event (table_id, seq);
                """)
        }
        migrator.registerMigration("v4: the record is append-only") { db in
            // The op log and the table events are the public record of a procedure:
            // the database itself refuses to change or delete them.
            for table in ["op_batch", "table_event"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                      BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                      BEGIN SELECT RAISE(ABORT, '\(table) is append-only'); END;
                    """)
            }
        }
        migrator.registerMigration("v5: a table's area and procedure") { db in
            try db.execute(sql: """
                ALTER TABLE co_table ADD COLUMN area TEXT NOT NULL DEFAULT '';
                ALTER TABLE co_table ADD COLUMN procedure TEXT NOT NULL DEFAULT '';
                """)
        }
        migrator.registerMigration("v6: procedures, publication") { db in
            try db.execute(sql: """
                CREATE TABLE procedure (
                  id TEXT PRIMARY KEY,
                  title TEXT NOT NULL,
                  legal_basis TEXT NOT NULL,
                  act_reference TEXT NOT NULL,
                  areas TEXT NOT NULL,            -- JSON array of strings
                  public_initials_only INTEGER NOT NULL,
                  created_at REAL NOT NULL
                );
                ALTER TABLE co_table ADD COLUMN published_at REAL;
                """)
        }
        migrator.registerMigration("v7: signed copies of verbali") { db in
            try db.execute(sql: """
                CREATE TABLE signed_copy (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT,
                  table_id TEXT NOT NULL REFERENCES co_table(id),
                  session_id TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  bytes BLOB NOT NULL,
                  sha256 TEXT NOT NULL,
                  content_hash TEXT NOT NULL,
                  uploaded_at REAL NOT NULL,
                  uploaded_by TEXT NOT NULL
                );
                CREATE INDEX signed_copy_by_table ON signed_copy (table_id, seq);
                CREATE TRIGGER signed_copy_no_update BEFORE UPDATE ON signed_copy
                  BEGIN SELECT RAISE(ABORT, 'signed_copy is append-only'); END;
                CREATE TRIGGER signed_copy_no_delete BEFORE DELETE ON signed_copy
                  BEGIN SELECT RAISE(ABORT, 'signed_copy is append-only'); END;
                """)
        }
        migrator.registerMigration("v8: table events name their node") { db in
            // Several nodes on PostgreSQL tell their events apart, and decisions (facilitation
            // actions, stored on condition) from the rest; one process on SQLite leaves node NULL
            // and decision 0. Here so both schemas stay the same.
            try db.execute(sql: """
                ALTER TABLE table_event ADD COLUMN node TEXT;
                ALTER TABLE table_event ADD COLUMN decision INTEGER NOT NULL DEFAULT 0;
                """)
        }
        return migrator
    }
}
