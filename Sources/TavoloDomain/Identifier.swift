/// The form of table and replica ids: 1 to 64 of `A–Z a–z 0–9 _ -`, safe in logs, URLs
/// and file names, and compared byte for byte everywhere (Swift, JavaScript, SQLite).
public enum Identifier {
    public static func isValid(_ text: String) -> Bool {
        guard (1...64).contains(text.utf8.count) else { return false }
        return text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F || byte == 0x2D
        }
    }

    public static let rule = "1-64 of A-Z a-z 0-9 _ -"
}
