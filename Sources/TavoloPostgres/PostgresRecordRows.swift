import Foundation
import PostgresNIO
import TavoloStorage

/// The shared database's record as rows: `tavolo migrate-store` writes a deployment in here and
/// reads it back to compare.
public struct PostgresRecordRows: RecordRows {
    private let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func rows(of table: RecordTable) async throws(StoreError) -> [[RecordValue]] {
        do {
            var rows: [[RecordValue]] = []
            for try await row in try await pool.client.query(PostgresQuery(unsafeSQL: table.selectSQL), logger: pool.logger) {
                var values: [RecordValue] = []
                values.reserveCapacity(table.columns.count)
                for (cell, column) in zip(row, table.columns) {
                    values.append(try Self.value(cell, column.kind))
                }
                rows.append(values)
            }
            return rows
        } catch {
            throw .io("cannot read \(table.name): \(PostgresPool.describe(error))")
        }
    }

    public func count(of table: RecordTable) async throws(StoreError) -> Int {
        do {
            for try await count in try await pool.client.query(
                PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.name)"), logger: pool.logger
            ).decode(Int64.self) {
                return Int(count)
            }
            return 0
        } catch {
            throw .io("cannot count \(table.name): \(PostgresPool.describe(error))")
        }
    }

    /// Multi-row INSERTs of up to `chunk` rows (PostgreSQL takes at most 65535 parameters), in one
    /// transaction; then every identity counter is moved past the copied ids.
    public func importRecord(_ tables: [(RecordTable, [[RecordValue]])]) async throws(StoreError) {
        let logger = pool.logger
        do {
            try await PostgresTransaction.run(pool.client, logger: logger) { connection in
                for (table, rows) in tables {
                    for try await count in try await connection.query(
                        PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM \(table.name)"), logger: logger
                    ).decode(Int64.self) where count > 0 {
                        throw StoreError.io("the target already holds rows in \(table.name)")
                    }
                    let names = table.columns.map(\.name).joined(separator: ", ")
                    let chunk = max(1, 30_000 / table.columns.count)
                    var start = 0
                    while start < rows.count {
                        let slice = rows[start..<min(start + chunk, rows.count)]
                        var bindings = PostgresBindings(capacity: slice.count * table.columns.count)
                        var tuples: [String] = []
                        for row in slice {
                            var placeholders: [String] = []
                            for (value, column) in zip(row, table.columns) {
                                Self.bind(value, column.kind, into: &bindings)
                                placeholders.append("$\(bindings.count)")
                            }
                            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
                        }
                        try await connection.query(
                            PostgresQuery(unsafeSQL: "INSERT INTO \(table.name) (\(names)) VALUES \(tuples.joined(separator: ", "))", binds: bindings),
                            logger: logger)
                        start += chunk
                    }
                    if let identity = table.identity {
                        try await connection.query(
                            PostgresQuery(unsafeSQL: """
                                SELECT setval(pg_get_serial_sequence('\(table.name)', '\(identity)'),
                                  COALESCE((SELECT MAX(\(identity)) FROM \(table.name)), 0) + 1, false)
                                """), logger: logger)
                    }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io("cannot import: \(PostgresPool.describe(error))")
        }
    }

    private static func value(_ cell: PostgresCell, _ kind: RecordTable.Kind) throws -> RecordValue {
        switch kind {
        case .integer: try cell.decode(Int64?.self).map(RecordValue.integer) ?? .null
        case .boolean: try cell.decode(Bool?.self).map { .integer($0 ? 1 : 0) } ?? .null
        case .real: try cell.decode(Double?.self).map(RecordValue.real) ?? .null
        case .text: try cell.decode(String?.self).map(RecordValue.text) ?? .null
        case .bytes: try cell.decode(ByteBuffer?.self).map { .bytes(Array($0.readableBytesView)) } ?? .null
        }
    }

    private static func bind(_ value: RecordValue, _ kind: RecordTable.Kind, into bindings: inout PostgresBindings) {
        switch (value, kind) {
        case (.null, .integer): bindings.append(Int64?.none)
        case (.null, .boolean): bindings.append(Bool?.none)
        case (.null, .real): bindings.append(Double?.none)
        case (.null, .text): bindings.append(String?.none)
        case (.null, .bytes): bindings.append(ByteBuffer?.none)
        case (.integer(let number), .boolean): bindings.append(number != 0)
        case (.integer(let number), _): bindings.append(number)
        case (.real(let number), _): bindings.append(number)
        case (.text(let text), _): bindings.append(text)
        case (.bytes(let bytes), _): bindings.append(ByteBuffer(bytes: bytes))
        }
    }
}
