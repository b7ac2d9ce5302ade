/// Limits a message must keep before any value past them is built (docs/protocol.md, "Limits").
public struct JSONLimits: Sendable, Equatable {
    /// Deepest nesting of arrays and objects. Default 32: the protocol's shapes need 4.
    public var maxDepth = 32
    /// Values (scalars, arrays, objects, keys not counted) in one message. Default 20,000:
    /// a `join` version map of every replica a busy table sees in years.
    public var maxValues = 20_000

    public init(maxDepth: Int = 32, maxValues: Int = 20_000) {
        self.maxDepth = maxDepth
        self.maxValues = maxValues
    }
}

/// Why a message is not JSON the engine will read.
public enum JSONReadError: Error, Equatable, CustomStringConvertible {
    case tooDeep(Int)
    case tooManyValues(Int)
    case invalid(offset: Int, reason: String)

    public var description: String {
        switch self {
        case .tooDeep(let limit): "JSON nested deeper than \(limit) levels"
        case .tooManyValues(let limit): "more than \(limit) JSON values in one message"
        case .invalid(let offset, let reason): "not JSON at byte \(offset): \(reason)"
        }
    }
}

/// A single-pass JSON reader (RFC 8259) that stops at the first byte past a limit,
/// so an adversarial message costs at most what its limits allow, never what its
/// size suggests. Foundation's decoders build the whole tree first.
public struct JSONReader: ~Copyable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: JSONLimits
    private var offset = 0
    private var depth = 0
    private var values = 0

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Reads one JSON text; only whitespace may follow it.
    public static func read(_ text: String, limits: JSONLimits = JSONLimits()) throws(JSONReadError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONReadError> = text.withUTF8 { buffer in
            var reader = JSONReader(bytes: buffer, limits: limits)
            do throws(JSONReadError) {
                let value = try reader.value()
                reader.skipWhitespace()
                guard reader.offset == buffer.count else { throw reader.invalid("text after the value") }
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func invalid(_ reason: String) -> JSONReadError { .invalid(offset: offset, reason: reason) }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONReadError) -> JSONValue {
        values += 1
        guard values <= limits.maxValues else { throw .tooManyValues(limits.maxValues) }
        skipWhitespace()
        guard offset < bytes.count else { throw invalid("unexpected end") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func enter() throws(JSONReadError) {
        depth += 1
        guard depth <= limits.maxDepth else { throw .tooDeep(limits.maxDepth) }
        offset += 1
    }

    private mutating func object() throws(JSONReadError) -> JSONValue {
        try enter()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
            offset += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw invalid("expected a key") }
            let key = try string()
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: ":") else { throw invalid("expected ':'") }
            offset += 1
            members[key] = try value()
            skipWhitespace()
            guard offset < bytes.count else { throw invalid("unterminated object") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            guard bytes[offset] == UInt8(ascii: "}") else { throw invalid("expected ',' or '}'") }
            offset += 1
            depth -= 1
            return .object(members)
        }
    }

    private mutating func array() throws(JSONReadError) -> JSONValue {
        try enter()
        var elements: [JSONValue] = []
        skipWhitespace()
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
            offset += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            elements.append(try value())
            skipWhitespace()
            guard offset < bytes.count else { throw invalid("unterminated array") }
            if bytes[offset] == UInt8(ascii: ",") { offset += 1; continue }
            guard bytes[offset] == UInt8(ascii: "]") else { throw invalid("expected ',' or ']'") }
            offset += 1
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw invalid("unexpected end") }
        for index in 0..<count where bytes[offset + index] != word.utf8Start[index] {
            throw invalid("unknown literal")
        }
        offset += count
    }

    private mutating func number() throws(JSONReadError) -> Double {
        let start = offset
        func digits(_ reader: inout JSONReader) -> Int {
            let from = reader.offset
            while reader.offset < reader.bytes.count, (0x30...0x39).contains(reader.bytes[reader.offset]) { reader.offset += 1 }
            return reader.offset - from
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        guard digits(&self) > 0 else { throw invalid("expected a value") }
        if bytes[integerStart] == UInt8(ascii: "0"), offset - integerStart > 1 { throw invalid("leading zero") }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            offset += 1
            guard digits(&self) > 0 else { throw invalid("expected digits after '.'") }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
            guard digits(&self) > 0 else { throw invalid("expected an exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw invalid("number out of range") }
        return number
    }

    private mutating func string() throws(JSONReadError) -> String {
        offset += 1  // the opening quote
        let start = offset
        // Fast path: no escapes, the bytes are the string (the transport already checked UTF-8).
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                defer { offset += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw invalid("control character in a string") }
            offset += 1
        }
        var unescaped = Array(bytes[start..<offset])
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: unescaped, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &unescaped)
            case 0..<0x20:
                throw invalid("control character in a string")
            default:
                unescaped.append(byte)
            }
        }
        throw invalid("unterminated string")
    }

    private mutating func escape(into output: inout [UInt8]) throws(JSONReadError) {
        guard offset < bytes.count else { throw invalid("unterminated escape") }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar) {
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u")
                else { throw invalid("lone surrogate") }
                offset += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw invalid("lone surrogate") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw invalid("lone surrogate")
            }
            output.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw invalid("unknown escape")
        }
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw invalid("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw invalid("bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            offset += 1
        }
        return value
    }
}
