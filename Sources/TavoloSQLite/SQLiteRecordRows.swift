import Foundation
import GRDB
import TavoloStorage

/// The SQLite file's record as rows (`tavolo migrate-store` reads it from here).
public struct SQLiteRecordRows: RecordRows {
    private let database: DatabaseQueue

    public init(database: DatabaseQueue) { self.database = database }

    public func rows(of table: RecordTable) async throws(StoreError) -> [[RecordValue]] {
        do {
            return try await database.read { db in
                try Row.fetchAll(db, sql: table.selectSQL).map { row in
                    table.columns.indices.map { index in Self.value(row[index] as DatabaseValue, table.columns[index].kind) }
                }
            }
        } catch {
            throw .io("cannot read \(table.name): \(error)")
        }
    }

    public func count(of table: RecordTable) async throws(StoreError) -> Int {
        do {
            return try await database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") ?? 0 }
        } catch {
            throw .io("cannot count \(table.name): \(error)")
        }
    }

    public func importRecord(_ tables: [(RecordTable, [[RecordValue]])]) async throws(StoreError) {
        do {
            try await database.write { db in
                for (table, rows) in tables {
                    guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.name)") == 0 else {
                        throw StoreError.io("the target already holds rows in \(table.name)")
                    }
                    let names = table.columns.map(\.name)
                    let statement = try db.makeStatement(
                        sql: "INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))")
                    for row in rows {
                        try statement.execute(arguments: StatementArguments(row.map(Self.databaseValue)))
                    }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io("cannot import: \(error)")
        }
    }

    private static func value(_ value: DatabaseValue, _ kind: RecordTable.Kind) -> RecordValue {
        if value.isNull { return .null }
        switch kind {
        case .integer, .boolean: return Int64.fromDatabaseValue(value).map(RecordValue.integer) ?? .null
        case .real: return Double.fromDatabaseValue(value).map(RecordValue.real) ?? .null
        case .text: return String.fromDatabaseValue(value).map(RecordValue.text) ?? .null
        case .bytes: return Data.fromDatabaseValue(value).map { .bytes([UInt8]($0)) } ?? .null
        }
    }

    private static func databaseValue(_ value: RecordValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let value): value.databaseValue
        case .real(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .bytes(let value): Data(value).databaseValue
        }
    }
}
