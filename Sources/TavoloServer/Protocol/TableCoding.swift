import Foundation
import TavoloSync

/// JSON for table events and state, on the wire and on disk: dates as milliseconds since 1970 (UTC).
enum TableCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

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
