import Foundation

/// What one group commit tells the other nodes through `NOTIFY`: which node committed and, per
/// table, the last batch and event sequence it wrote. A pointer, never the rows: readers fetch
/// what is after the sequence they last saw. PostgreSQL caps a payload at 8000 bytes; a commit
/// touching too many tables to list says `everything` instead, and readers re-read every table
/// they hold.
public struct LogNotice: Codable, Sendable, Equatable {
    public struct Last: Codable, Sendable, Equatable {
        public var batch: Int64?
        public var event: Int64?
        public init(batch: Int64? = nil, event: Int64? = nil) {
            self.batch = batch
            self.event = event
        }
    }

    public var node: String
    public var tables: [String: Last]
    /// Set instead of `tables` when they would not fit.
    public var everything: Bool

    /// Under PostgreSQL's 8000-byte limit, with room to spare.
    public static let maximumBytes = 7_500

    public init(node: String, tables: [String: Last], everything: Bool = false) {
        self.node = node
        self.tables = tables
        self.everything = everything
    }

    public func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let data = try? encoder.encode(self), data.count <= Self.maximumBytes {
            return String(decoding: data, as: UTF8.self)
        }
        let fallback = LogNotice(node: node, tables: [:], everything: true)
        return String(decoding: (try? encoder.encode(fallback)) ?? Data(), as: UTF8.self)
    }

    public init?(decoding payload: String) {
        guard let notice = try? JSONDecoder().decode(LogNotice.self, from: Data(payload.utf8)) else { return nil }
        self = notice
    }
}
