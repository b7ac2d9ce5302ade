/// Percent-decoding for request targets, shared by every transport.
public enum QueryString {
    /// Parses `a=1&b=x%20y` into a dictionary; later duplicates win, `+` means space.
    public static func parse<S: StringProtocol>(_ query: S) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawKey = parts.first,
                let key = percentDecode(rawKey.replacingOccurrences(of: "+", with: " "))
            else { continue }
            let rawValue = parts.count > 1 ? String(parts[1]) : ""
            result[key] = percentDecode(rawValue.replacingOccurrences(of: "+", with: " ")) ?? rawValue
        }
        return result
    }

    /// Decodes `%XX` escapes; nil if an escape is malformed or the bytes are not UTF-8.
    public static func percentDecode<S: StringProtocol>(_ text: S) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
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

extension StringProtocol {
    fileprivate func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
