import Foundation
import TavoloTransport

extension HTTPResponse {
    /// An error body: `{"error": message}` (docs/api.md).
    static func problem(_ status: Int, _ message: String) -> HTTPResponse {
        encodedOrEmpty(["error": message], status: status)
    }

    /// JSON with sorted keys and ISO 8601 dates (the administration API's form).
    static func encoded(_ value: some Encodable, status: Int = 200) throws -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return .json(String(decoding: try encoder.encode(value), as: UTF8.self), status: status)
    }

    static func encodedOrEmpty(_ fields: [String: String], status: Int = 200) -> HTTPResponse {
        (try? encoded(fields, status: status)) ?? .json("{}", status: status)
    }

    func with(header: (String, String)) -> HTTPResponse {
        var copy = self
        copy.headers.append(header)
        return copy
    }
}
