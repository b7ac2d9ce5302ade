import Foundation
import TavoloCRDT

/// The query parameters of a history request, checked: a bad one is a 400 whose message starts with its name.
struct HistoryQuery {
    let values: [String: String]

    init(_ values: [String: String]) { self.values = values }

    static var now: Int64 { TableHistory.milliseconds(Date()) }

    /// The latest moment a date can name (as in JavaScript's `Date`, year 275760): beyond it a
    /// conversion to `Date` and back would overflow.
    static let latestMoment = TableArchive.latestMoment

    func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// Milliseconds since 1970; absent means now (unless required).
    func moment(_ name: String, required: Bool = false) throws(HTTPError) -> Int64 {
        guard let raw = string(name) else {
            if required { throw HTTPError.badRequest("\(name): required, milliseconds since 1970") }
            return Self.now
        }
        guard let value = Int64(raw), value >= 0, value <= Self.latestMoment else {
            throw HTTPError.badRequest("\(name): expected milliseconds since 1970 (at most \(Self.latestMoment)), got '\(raw)'")
        }
        return value
    }

    /// The text object named by the `text` parameter.
    func text(in history: TableHistory) async throws -> ObjectID {
        guard let path = string("text") else {
            throw HTTPError.badRequest("text: required, a text path such as 'project' or 'minutes:<session>/text'")
        }
        guard let object = await history.textObject(path) else {
            throw HTTPError.badRequest("text: no text at '\(path)' in this table's document")
        }
        return object
    }
}
