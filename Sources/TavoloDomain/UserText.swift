import Foundation

/// The rule for one kind of text a person supplies (a name, a title, an amendment): its size
/// counted in UTF-8 bytes, and no control characters.
///
/// Bytes, not characters: a character may carry any number of combining marks, so `"a"` and
/// 200,000 accents is one character weighing 400 kB (issue 14). No control characters
/// (U+0000–U+001F, U+007F–U+009F): they have no place in a name or a title, and SQLite reads
/// text as a C string, so `"Anna\u{0}Rossi"` was echoed whole but stored as `Anna`.
/// The limits of texts once counted in characters are four bytes per character, so no text of
/// that many characters, in any script, is refused (docs/protocol.md `action`, docs/api.md).
public struct UserText: Sendable, Equatable {
    /// How errors name the field, e.g. `name`, `session title`.
    public var field: String
    /// The most UTF-8 bytes allowed, counted after trimming.
    public var maxBytes: Int
    /// Whether the text may be empty after trimming.
    public var allowsEmpty: Bool
    /// Whether line feeds and tabs may appear: texts of several lines, such as amendments.
    public var allowsNewlines: Bool
    /// Whether white space at either end is dropped; false for texts that name something exactly (a root key).
    public var trims: Bool

    public init(field: String, maxBytes: Int, allowsEmpty: Bool = false, allowsNewlines: Bool = false, trims: Bool = true) {
        self.field = field
        self.maxBytes = maxBytes
        self.allowsEmpty = allowsEmpty
        self.allowsNewlines = allowsNewlines
        self.trims = trims
    }

    /// `text`, trimmed if the rule trims, when it keeps the rule.
    /// - Throws: `DomainError.invalid` naming the field and what to fix; nothing is ever shortened instead.
    public func validate(_ text: String) throws(DomainError) -> String {
        let text = trims ? text.trimmingCharacters(in: .whitespacesAndNewlines) : text
        if text.isEmpty, !allowsEmpty { throw .invalid("\(field) must not be empty") }
        let bytes = text.utf8.count
        guard bytes <= maxBytes else { throw .invalid("\(field) must be at most \(maxBytes) bytes of UTF-8, got \(bytes)") }
        if let control = text.unicodeScalars.first(where: isRefused) {
            throw .invalid("\(field) must not contain control characters, found \(String(format: "U+%04X", control.value))")
        }
        return text
    }

    private func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.properties.generalCategory == .control else { return false }
        return !(allowsNewlines && (scalar == "\n" || scalar == "\t"))
    }
}

extension UserText {
    /// A table's title: 200 characters before.
    public static let tableTitle = UserText(field: "title", maxBytes: 800)
    /// A table's area of intervention ("Anziani", "Disabilità"), possibly none.
    public static let interventionArea = UserText(field: "area", maxBytes: 800, allowsEmpty: true)
    /// A procedure's legal basis or act reference, possibly none.
    public static let procedure = UserText(field: "procedure", maxBytes: 2_000, allowsEmpty: true)
    /// A procedure's title (the public notice's): 500 characters before.
    public static let procedureTitle = UserText(field: "procedure title", maxBytes: 2_000)
    /// An invited person's name: 200 characters before.
    public static let name = UserText(field: "name", maxBytes: 800)
    /// An invited person's organisation, possibly none: 200 characters before.
    public static let organisation = UserText(field: "organisation", maxBytes: 800, allowsEmpty: true)
    /// `scheduleSession`'s title: 200 characters before.
    public static let sessionTitle = UserText(field: "session title", maxBytes: 800)
    /// `proposeAmendment`'s text, of several lines: 10,000 characters before.
    public static let amendment = UserText(field: "amendment", maxBytes: 40_000, allowsNewlines: true)
    /// `createPoll`'s question: 500 characters before.
    public static let pollQuestion = UserText(field: "poll question", maxBytes: 2_000)
    /// Each of `createPoll`'s options: 300 characters before.
    public static let pollOption = UserText(field: "poll option", maxBytes: 1_200)
    /// `setPermission`'s area, a root key: long enough for `proposal:` and the longest organisation.
    public static let area = UserText(field: "area", maxBytes: 1_024, trims: false)
    /// Where a session meets (an address), possibly none yet.
    public static let place = UserText(field: "place", maxBytes: 800, allowsEmpty: true)
    /// A session's video call address, possibly none.
    public static let meetingLink = UserText(field: "meeting link", maxBytes: 2_000, allowsEmpty: true)
    /// A timer's agenda item id (`replica@counter`, at most 85 bytes): unbounded before.
    public static let agendaItem = UserText(field: "agenda item", maxBytes: 200, trims: false)
}
