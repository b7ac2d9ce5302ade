import Foundation
import TavoloSync

/// JSON for table events and state, on the wire and on disk: dates as whole milliseconds since
/// 1970 (UTC), the form docs/protocol.md gives.
enum TableCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Not `.millisecondsSince1970`: it writes the fraction of a millisecond (1795431369042.718),
        // which a client reading an integer, as documented, refuses. Rounded to the nearest, as the
        // history API and `invitation.expiresAt` write dates.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            let rounded = (date.timeIntervalSince1970 * 1000).rounded()
            // A date a client sent far outside Int64 (an attendance correction can carry any
            // number) stays a JSON number rather than trapping.
            if let whole = Int64(exactly: rounded) { try container.encode(whole) } else { try container.encode(rounded) }
        }
        return encoder
    }()

    /// Reads whole milliseconds, and the fractional ones stored before dates were rounded.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    static func json(_ value: some Encodable) -> JSONValue {
        guard let data = try? encoder.encode(value), let decoded = try? decoder.decode(JSONValue.self, from: data) else { return .null }
        return decoded
    }
}
