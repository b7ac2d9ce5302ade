/// Percent-decoding for request targets, shared by every transport.
public enum QueryString {
    /// Parses `a=1&b=x%20y` into a dictionary; later duplicates win, `+` means space.
    ///
    /// It splits on the bytes `&` and `=` and reads `+` byte by byte, as the URL standard's
    /// `application/x-www-form-urlencoded` parser does: split as Characters, `&`, `=` or `+` followed
    /// by a combining mark (`&\u{301}`) would be one grapheme and not split or not replaced.
    public static func parse<S: StringProtocol>(_ query: S) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let rawKey = pair[..<(equals ?? pair.endIndex)]
            let rawValue = equals.map { pair[pair.index(after: $0)...] } ?? pair[pair.endIndex...]
            guard let key = decode(rawKey, plusIsSpace: true) else { continue }
            // Cut at ASCII bytes, the raw value is whole UTF-8: kept as written when it does not decode.
            result[key] = decode(rawValue, plusIsSpace: true) ?? String(decoding: rawValue, as: UTF8.self)
        }
        return result
    }

    /// Decodes `%XX` escapes; nil if an escape is malformed or the bytes are not UTF-8.
    public static func percentDecode<S: StringProtocol>(_ text: S) -> String? {
        decode(text.utf8, plusIsSpace: false)
    }

    private static func decode(_ input: some Sequence<UInt8>, plusIsSpace: Bool) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(input.underestimatedCount)
        var iterator = input.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
