import Foundation

/// Reads the common subset of Markdown people type into minutes and shared texts:
/// ATX headings, paragraphs (a single newline is a line break, as people who are not
/// writing Markdown expect), `-`/`*`/`+` and `1.`/`1)` lists, `>` quotes, fenced code,
/// `---` rules; inline `**strong**`, `*emphasis*`/`_emphasis_`, `` `code` ``,
/// `[text](http…)` links and backslash escapes. Everything else, raw HTML included, is
/// literal text: renderers escape it, so a hostile text can only ever show as itself.
enum MarkdownParser {
    static func parse(_ source: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var list: (start: Int?, items: [[String]])?
        var quote: [String] = []
        var lines = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(inlines(paragraph.joined(separator: "\n")))) }
            if let open = list {
                blocks.append(.list(start: open.start, items: open.items.map { inlines($0.joined(separator: "\n")) }))
            }
            if !quote.isEmpty { blocks.append(.quote(inlines(quote.joined(separator: "\n")))) }
            paragraph = []
            list = nil
            quote = []
        }

        while let line = lines.popFirst() {
            let trimmed = line.trimmingLeadingSpaces()
            if trimmed.isEmpty {
                flush()
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                let fence = String(trimmed.prefix(3))
                var code: [String] = []
                while let next = lines.popFirst(), !next.trimmingLeadingSpaces().hasPrefix(fence) { code.append(next) }
                blocks.append(.code(code.joined(separator: "\n")))
            } else if let (level, text) = heading(trimmed) {
                flush()
                blocks.append(.heading(level: level, inlines(text)))
            } else if isRule(trimmed) {
                flush()
                blocks.append(.rule)
            } else if let (number, text) = listItem(trimmed) {
                if !paragraph.isEmpty || !quote.isEmpty || (list != nil && (list!.start == nil) != (number == nil)) { flush() }
                if list == nil { list = (number, []) }
                list!.items.append([text])
            } else if trimmed.hasPrefix(">") {
                if !paragraph.isEmpty || list != nil { flush() }
                quote.append(String(trimmed.dropFirst()).trimmingLeadingSpaces())
            } else if list != nil, line.hasPrefix(" ") || line.hasPrefix("\t") {
                list!.items[list!.items.count - 1].append(trimmed)
            } else {
                if list != nil || !quote.isEmpty { flush() }
                paragraph.append(trimmed)
            }
        }
        flush()
        return blocks
    }

    private static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // A closing run of #s is decoration, but only after a space ("Corso di C#" keeps its #).
        if let closing = text.range(of: #"(^|[ \t])#+$"#, options: .regularExpression) { text.removeSubrange(closing) }
        return (hashes, text.trimmingCharacters(in: .whitespaces))
    }

    private static func isRule(_ line: String) -> Bool {
        let marks = line.filter { $0 != " " }
        guard marks.count >= 3, let first = marks.first, "-*_".contains(first) else { return false }
        return marks.allSatisfy { $0 == first }
    }

    /// A list item's number (nil for a bullet) and text.
    private static func listItem(_ line: String) -> (Int?, String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (nil, String(line.dropFirst(2)).trimmingLeadingSpaces())
        }
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        guard (1...9).contains(digits.count) else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        return (Int(digits), String(rest.dropFirst(2)).trimmingLeadingSpaces())
    }

    // MARK: Inline

    static func inlines(_ text: String) -> [Inline] {
        var parser = InlineScanner(Array(text))
        return parser.parse(until: nil)
    }
}

/// Scans inline Markdown left to right; an opener without its closer stays literal text.
private struct InlineScanner {
    let characters: [Character]
    var index = 0

    init(_ characters: [Character]) { self.characters = characters }

    mutating func parse(until closer: String?) -> [Inline] {
        var out: [Inline] = []
        var text = ""
        func flushText() {
            if !text.isEmpty { out.append(.text(text)) }
            text = ""
        }
        while index < characters.count {
            if let closer, matches(closer) { break }
            let character = characters[index]
            switch character {
            case "\\" where index + 1 < characters.count && characters[index + 1].isASCII && characters[index + 1].isPunctuationOrSymbol:
                text.append(characters[index + 1])
                index += 2
            case "\n":
                flushText()
                out.append(.lineBreak)
                index += 1
            case "`":
                if let end = find("`", from: index + 1) {
                    flushText()
                    out.append(.code(String(characters[(index + 1)..<end])))
                    index = end + 1
                } else {
                    text.append(character)
                    index += 1
                }
            case "*", "_":
                let double = index + 1 < characters.count && characters[index + 1] == character
                let marker = double ? String(repeating: character, count: 2) : String(character)
                // `_` inside a word (snake_case) is not emphasis.
                let intraword = character == "_" && index > 0 && characters[index - 1].isLetterOrDigit
                if !intraword, let inner = delimited(by: marker) {
                    flushText()
                    out.append(double ? .strong(inner) : .emphasis(inner))
                } else {
                    text += marker
                    index += marker.count
                }
            case "[":
                if let (label, url) = link() {
                    flushText()
                    out.append(.link(text: label, url: url))
                } else {
                    text.append(character)
                    index += 1
                }
            default:
                text.append(character)
                index += 1
            }
        }
        flushText()
        return out
    }

    private func matches(_ token: String) -> Bool {
        let token = Array(token)
        guard index + token.count <= characters.count else { return false }
        return Array(characters[index..<(index + token.count)]) == token
    }

    private func find(_ character: Character, from start: Int) -> Int? {
        var at = start
        while at < characters.count {
            if characters[at] == character { return at }
            at += 1
        }
        return nil
    }

    /// `marker inner marker`, with non-blank content next to both markers; nil leaves the index alone.
    private mutating func delimited(by marker: String) -> [Inline]? {
        let start = index + marker.count
        guard start < characters.count, !characters[start].isWhitespace else { return nil }
        var probe = start
        while probe + marker.count <= characters.count {
            // In a run like `***` closing `**`, the last two close it (`**b *c***`).
            if marker.count == 2, characters[probe] == characters[index] {
                let run = characters[probe...].prefix(while: { $0 == characters[index] }).count
                if run > 2 { probe += run - 2 }
            }
            if Array(characters[probe..<(probe + marker.count)]) == Array(marker), probe > start,
                !characters[probe - 1].isWhitespace,
                marker.count == 2 || probe + 1 >= characters.count || characters[probe + 1] != characters[probe]
            {
                var inner = InlineScanner(Array(characters[start..<probe]))
                index = probe + marker.count
                return inner.parse(until: nil)
            }
            if characters[probe] == "\\" { probe += 1 }
            probe += 1
        }
        return nil
    }

    /// `[label](url)` with a safe scheme; nil leaves the index alone.
    private mutating func link() -> ([Inline], String)? {
        guard let close = find("]", from: index + 1), close + 1 < characters.count, characters[close + 1] == "(",
            let end = find(")", from: close + 2)
        else { return nil }
        let url = String(characters[(close + 2)..<end]).trimmingCharacters(in: .whitespaces)
        let lower = url.lowercased()
        guard !url.contains(" "), lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") else { return nil }
        var label = InlineScanner(Array(characters[(index + 1)..<close]))
        index = end + 1
        return (label.parse(until: nil), url)
    }
}

extension Character {
    fileprivate var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
    fileprivate var isLetterOrDigit: Bool { isLetter || isNumber }
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop(while: { $0 == " " || $0 == "\t" })) }
}
