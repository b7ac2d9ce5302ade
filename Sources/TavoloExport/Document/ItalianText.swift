import Foundation
import TavoloDomain

/// How the documents write dates, roles and states: in Italian, at the time of the
/// place where tables meet (Europe/Rome), whatever the server's own zone.
struct ItalianText: Sendable {
    let timeZone: TimeZone

    init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The zone, as the documents name it next to the times they print.
    var zoneName: String { timeZone.identifier == "Europe/Rome" ? "ora italiana" : timeZone.identifier }

    /// `23/11/2026 16:20`.
    func dateTime(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d/%02d/%04d %02d:%02d", parts.day!, parts.month!, parts.year!, parts.hour!, parts.minute!)
    }

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

    static func agendaStatus(_ status: String) -> String {
        switch status {
        case "todo": "da trattare"
        case "current": "in corso"
        case "done": "trattato"
        default: status
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
    static var tables: TimeZone { TimeZone(identifier: "Europe/Rome") ?? TimeZone(identifier: "UTC")! }
}
