import Foundation
import TavoloDomain

/// How the documents write dates, roles and states: in Italian, at the time of the
/// place where tables meet (Europe/Rome), whatever the server's own zone.
public struct ItalianText: Sendable {
    let timeZone: TimeZone

    public init(timeZone: TimeZone = .tables) { self.timeZone = timeZone }

    /// The zone, as the documents name it next to the times they print.
    var zoneName: String { timeZone.identifier == "Europe/Rome" ? "ora italiana" : timeZone.identifier }

    /// `23/11/2026 16:20`.
    func dateTime(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", parts.day!, parts.month!, parts.year!, parts.hour!, parts.minute!)
    }

    /// `5 dicembre 2026`.
    public func longDate(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.day!) \(Self.months[parts.month! - 1]) \(parts.year!)"
    }

    /// `15:05`.
    func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }

    /// `2026-12-05` in the tables' zone: the date in file names.
    func isoDay(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// A due date as people write it in the minutes, `YYYY-MM-DD`, in Italian (`31 gennaio 2027`);
    /// anything else as written.
    static func dueDate(_ written: String) -> String {
        let parts = written.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return written }
        return "\(day) \(months[month - 1]) \(year)"
    }

    static let months = [
        "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
    ]

    /// `16:20`, or the whole date when `date` is not on the same day as `reference`.
    func time(_ date: Date, sameDayAs reference: Date?) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        if let reference, calendar.isDate(date, inSameDayAs: reference) {
            return String(format: "%02d:%02d", parts.hour!, parts.minute!)
        }
        return dateTime(date)
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// An agenda item's status; once the session is closed, the item under discussion at the
    /// end was treated and one never reached was not.
    static func agendaStatus(_ status: String, sessionClosed: Bool = false) -> String {
        switch status {
        case "todo": sessionClosed ? "non trattato" : "da trattare"
        case "current": sessionClosed ? "trattato" : "in corso"
        case "done": "trattato"
        default: status
        }
    }

    static func mode(_ mode: SessionDetails.Mode) -> String {
        switch mode {
        case .inPerson: "in presenza"
        case .online: "a distanza (online)"
        case .mixed: "mista (in presenza e online)"
        }
    }

    static func amendmentStatus(_ status: String) -> String {
        switch status {
        case "proposed": "proposto"
        case "accepted": "accolto"
        case "rejected": "respinto"
        default: status
        }
    }
}

extension TimeZone {
    /// Europe/Rome when the system knows it (Debian's `tzdata`), otherwise UTC, which the documents then name.
    public static var tables: TimeZone { TimeZone(identifier: "Europe/Rome") ?? TimeZone(identifier: "UTC")! }
}
