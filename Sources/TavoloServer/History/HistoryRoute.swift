/// The endpoints of the history API, parsed from the path (docs/api.md, "History API").
enum HistoryRoute: Equatable {
    case overview(table: String)
    case events(table: String)
    case state(table: String)
    case authorship(table: String)
    case diff(table: String)
    /// `/sessions/{s}/minutes.{format}`
    case minutes(table: String, session: String, format: String)
    /// `/documents/export.{format}`
    case export(table: String, format: String)
    case auditCSV(table: String)

    init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        guard parts.count >= 4, parts[0] == "api", parts[1] == "tables", !parts[2].isEmpty else { return nil }
        let table = parts[2]
        let rest = Array(parts[3...])
        switch rest.count {
        case 1 where rest[0] == "history": self = .overview(table: table)
        case 1 where rest[0] == "audit.csv": self = .auditCSV(table: table)
        case 2 where rest[0] == "history":
            switch rest[1] {
            case "events": self = .events(table: table)
            case "state": self = .state(table: table)
            case "authorship": self = .authorship(table: table)
            case "diff": self = .diff(table: table)
            default: return nil
            }
        case 2 where rest[0] == "documents" && rest[1].hasPrefix("export.") && rest[1].count > "export.".count:
            self = .export(table: table, format: String(rest[1].dropFirst("export.".count)))
        case 3 where rest[0] == "sessions" && !rest[1].isEmpty && rest[2].hasPrefix("minutes.") && rest[2].count > "minutes.".count:
            self = .minutes(table: table, session: rest[1], format: String(rest[2].dropFirst("minutes.".count)))
        default: return nil
        }
    }

    var table: String {
        switch self {
        case .overview(let table), .events(let table), .state(let table), .authorship(let table), .diff(let table),
            .minutes(let table, _, _), .export(let table, _), .auditCSV(let table):
            table
        }
    }
}
