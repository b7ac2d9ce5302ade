import Foundation
import TavoloExport

/// Natural persons' names as initials ("Maria Grazia De Luca" → "M. G. D. L."), for procedures
/// that publish their verbali so (D.Lgs. 33/2013 asks for transparency, the GDPR for no more
/// personal data than needed). Organisations stay whole: they are not natural persons.
enum Initials {
    static func of(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "-" })
        guard !words.isEmpty else { return name }
        return words.compactMap { $0.first.map { "\($0.uppercased())." } }.joined(separator: " ")
    }
}

extension MinutesRecord {
    /// The same record with every natural person's name reduced to initials: attendance,
    /// absentees, chair, secretary, approvals, amendments' authors, and agenda presenters and
    /// actions' "who" where they name one of those people (they may name an organisation). The
    /// minutes text, written by people, is left as they wrote it: the page that serves it says so.
    func withInitials() -> MinutesRecord {
        var record = self
        let people = Set(attendance.map(\.name) + absent.map(\.name) + [chair?.name, secretary?.name].compactMap { $0 } + approvals.map(\.name))
        func person(_ text: String) -> String { people.contains(text) ? Initials.of(text) : text }
        record.attendance = attendance.map { var entry = $0; entry.name = Initials.of($0.name); return entry }
        record.absent = absent.map { var person = $0; person.name = Initials.of($0.name); return person }
        record.chair = chair.map { var person = $0; person.name = Initials.of($0.name); return person }
        record.secretary = secretary.map { var person = $0; person.name = Initials.of($0.name); return person }
        record.approvals = approvals.map { var approval = $0; approval.name = Initials.of($0.name); return approval }
        record.amendments = amendments.map { entry in
            var entry = entry
            // "Name (Organisation)": the name part only.
            if let open = entry.author.firstIndex(of: "(") {
                entry.author = Initials.of(String(entry.author[..<open]).trimmingCharacters(in: .whitespaces)) + " " + entry.author[open...]
            } else {
                entry.author = Initials.of(entry.author)
            }
            return entry
        }
        record.agenda = agenda.map { var item = $0; item.presenter = person(item.presenter); return item }
        record.actions = actions.map { var action = $0; action.who = person(action.who); return action }
        return record
    }
}
