/// Every table of a deployment's record as plain rows, so a deployment can move between stores
/// (`tavolo migrate-store`) and the copy can be checked row for row. Both schemas (SQLite's
/// `Schema`, PostgreSQL's `PostgresSchema`) have exactly these tables and columns.
public struct RecordTable: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case integer, real, text, bytes
        /// 0/1 in SQLite, BOOLEAN in PostgreSQL; a row carries it as `.integer`.
        case boolean
    }

    public struct Column: Sendable, Equatable {
        public let name: String
        public let kind: Kind
        public let nullable: Bool
        public init(_ name: String, _ kind: Kind, nullable: Bool = false) {
            self.name = name
            self.kind = kind
            self.nullable = nullable
        }
    }

    public let name: String
    public let columns: [Column]
    /// The order rows are read in, the same on both sides (the primary key).
    public let orderBy: String
    /// The column numbered by the database, if any (its counter is moved past the copied rows).
    public let identity: String?

    /// In an order that respects foreign keys (procedures and tables before what refers to them).
    public static let all: [RecordTable] = [
        RecordTable(name: "procedure", columns: [
            .init("id", .text), .init("title", .text), .init("legal_basis", .text), .init("act_reference", .text),
            .init("areas", .text), .init("public_initials_only", .boolean), .init("created_at", .real),
        ], orderBy: "id", identity: nil),
        RecordTable(name: "co_table", columns: [
            .init("id", .text), .init("title", .text), .init("created_at", .real), .init("area", .text), .init("procedure", .text),
            .init("published_at", .real, nullable: true),
        ], orderBy: "id", identity: nil),
        RecordTable(name: "invitation", columns: [
            .init("id", .text), .init("table_id", .text), .init("role", .text), .init("name", .text), .init("organisation", .text),
            .init("issued_at", .real), .init("expires_at", .real), .init("revoked_at", .real, nullable: true),
        ], orderBy: "id", identity: nil),
        RecordTable(name: "audit_event", columns: [
            .init("seq", .integer), .init("at", .real), .init("actor", .text), .init("action", .text),
            .init("table_id", .text, nullable: true), .init("detail", .text),
        ], orderBy: "seq", identity: "seq"),
        RecordTable(name: "op_batch", columns: [
            .init("seq", .integer), .init("table_id", .text), .init("author", .text), .init("op_count", .integer),
            .init("payload", .bytes), .init("received_at", .real),
        ], orderBy: "seq", identity: "seq"),
        RecordTable(name: "snapshot", columns: [
            .init("id", .integer), .init("table_id", .text), .init("up_to_seq", .integer), .init("payload", .bytes),
            .init("taken_at", .real),
        ], orderBy: "id", identity: "id"),
        RecordTable(name: "replica", columns: [
            .init("table_id", .text), .init("replica", .text), .init("principal", .text), .init("first_seen", .real),
        ], orderBy: "table_id, replica", identity: nil),
        RecordTable(name: "table_event", columns: [
            .init("seq", .integer), .init("table_id", .text), .init("actor", .text), .init("payload", .bytes), .init("at", .real),
            .init("node", .text, nullable: true), .init("decision", .boolean),
        ], orderBy: "seq", identity: "seq"),
        RecordTable(name: "signed_copy", columns: [
            .init("seq", .integer), .init("table_id", .text), .init("session_id", .text), .init("kind", .text),
            .init("bytes", .bytes), .init("sha256", .text), .init("content_hash", .text), .init("uploaded_at", .real),
            .init("uploaded_by", .text),
        ], orderBy: "seq", identity: "seq"),
    ]

    public var selectSQL: String {
        "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(name) ORDER BY \(orderBy)"
    }
}

/// One value of a row, as both databases can hold it.
public enum RecordValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])

    /// An unambiguous encoding (a tag, a length, the bytes), for content hashes.
    public func appendCanonical(to out: inout [UInt8]) {
        func length(_ count: Int) { withUnsafeBytes(of: UInt64(count).bigEndian) { out.append(contentsOf: $0) } }
        switch self {
        case .null: out.append(0)
        case .integer(let value):
            out.append(1)
            withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
        case .real(let value):
            out.append(2)
            withUnsafeBytes(of: value.bitPattern.bigEndian) { out.append(contentsOf: $0) }
        case .text(let value):
            out.append(3)
            length(value.utf8.count)
            out.append(contentsOf: value.utf8)
        case .bytes(let value):
            out.append(4)
            length(value.count)
            out.append(contentsOf: value)
        }
    }
}

/// A store whose whole record can be read as rows (and written, into an empty one).
public protocol RecordRows: Sendable {
    /// Every row of `table`, in its `orderBy` order.
    func rows(of table: RecordTable) async throws(StoreError) -> [[RecordValue]]
    /// How many rows `table` holds.
    func count(of table: RecordTable) async throws(StoreError) -> Int
    /// Writes all the tables' rows in one transaction, keeping their ids and sequence numbers;
    /// refuses if any table already holds a row.
    func importRecord(_ tables: [(RecordTable, [[RecordValue]])]) async throws(StoreError)
}
