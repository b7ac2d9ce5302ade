/// Any JSON value: what the bounded reader yields, and the parts of messages the
/// engine passes on without interpreting (presence state, hook-defined fields).
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The value as an integer, when it is a whole number that fits.
    public var integer: Int? {
        guard case .number(let number) = self, number.rounded() == number, abs(number) < 9.007_199_254_740_992e15 else {
            return nil
        }
        return Int(number)
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// Integers are written without a fraction: `.int(3)` is `3`, not `3.0`.
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
}
