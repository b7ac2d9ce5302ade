import Foundation

/// One line of a table's audit log, as the CSV export prints it.
public struct AuditRow: Sendable, Equatable {
    public var at: Date
    /// `admin`, `admin-api`, `server` or the participant's id.
    public var actor: String
    /// e.g. `invitation.created`, `minutes.approved` (docs/api.md, "Audit log").
    public var action: String
    public var table: String
    /// A JSON object as text.
    public var detail: String

    public init(at: Date, actor: String, action: String, table: String, detail: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.table = table
        self.detail = detail
    }
}

/// The audit log as CSV (RFC 4180): UTF-8, CRLF line ends, a header line, and every field
/// that holds a comma, a quote, CR or LF quoted with its quotes doubled.
enum AuditCSV {
    static let header = ["at", "actor", "action", "table", "detail"]

    static func render(_ rows: [AuditRow]) -> String {
        var out = line(header)
        for row in rows { out += line([timestamp(row.at), row.actor, row.action, row.table, row.detail]) }
        return out
    }

    static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    /// Read scalar by scalar, as a CSV reader reads bytes: compared as Characters, a comma or quote
    /// followed by a combining mark (one Character with it) went out bare, so a name holding ",\u{301}"
    /// added a column to its line. Found writing the fuzz targets; the `markdown` target checks it.
    static func field(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted += "\"" }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// ISO 8601 in UTC with milliseconds: `2026-11-23T15:20:07.042Z`. Rounded to the nearest
    /// millisecond, so a line names the same instant as the `audit` message's integer `at`.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(milliseconds.floorDivided(by: 1000))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
            Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(milliseconds - milliseconds.floorDivided(by: 1000) * 1000))
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
