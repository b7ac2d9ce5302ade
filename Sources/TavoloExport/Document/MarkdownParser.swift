import Foundation

/// Reads the common subset of Markdown people type into minutes and shared texts:
/// ATX headings, paragraphs (a single newline is a line break, as people who are not
/// writing Markdown expect), `-`/`*`/`+` and `1.`/`1)` lists, nested by indenting an item
/// at least two columns past its parent's marker, `>` quotes, fenced code and code indented
/// by four columns, `---` rules; inline `**strong**`, `*emphasis*`/`_emphasis_`, `` `code` ``,
/// `[text](http…)` links (to the targets `LinkTarget` calls external) and backslash escapes.
/// Everything else, raw HTML included, is literal text: renderers escape it, so a hostile text
/// can only ever show as itself.
/// Indentation people typed is kept: a paragraph line keeps its leading spaces and tabs, a
/// list item's continuation line whatever it has beyond the item's text column, a quoted
/// line whatever follows `> `.
enum MarkdownParser {
    static func parse(_ source: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        // Open lists, outermost first: each one, once closed, joins its parent's last item.
        var lists: [OpenList] = []
        var quote: [String] = []
        var lines = source.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]

        func closeInnermostList() {
            let list = lists.removeLast().block
            if lists.isEmpty {
                blocks.append(list)
            } else {
                lists[lists.count - 1].items[lists[lists.count - 1].items.count - 1].nested.append(list)
            }
        }

        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(inlines(paragraph.joined(separator: "\n")))) }
            while !lists.isEmpty { closeInnermostList() }
            if !quote.isEmpty { blocks.append(.quote(inlines(quote.joined(separator: "\n")))) }
            paragraph = []
            quote = []
        }

        while let line = lines.popFirst() {
            let trimmed = line.trimmingLeadingSpaces()
            let indent = line.indentation
            if trimmed.isEmpty {
                flush()
            } else if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush()
                let fence = String(trimmed.prefix(3))
                var code: [String] = []
                // Content lines lose at most the fence's own indentation (CommonMark 4.5).
                while let next = lines.popFirst(), !next.trimmingLeadingSpaces().hasPrefix(fence) { code.append(next.droppingIndentation(indent)) }
                blocks.append(.code(code.joined(separator: "\n")))
            } else if indent >= 4, paragraph.isEmpty, lists.isEmpty, quote.isEmpty {
                // Indented code (CommonMark 4.4): four columns are the marker, the rest is the code's own.
                var code = [line.droppingIndentation(4)]
                while let next = lines.first, next.trimmingLeadingSpaces().isEmpty || next.indentation >= 4 {
                    code.append(next.droppingIndentation(4))
                    lines.removeFirst()
                }
                while code.last?.trimmingLeadingSpaces().isEmpty == true { code.removeLast() }
                blocks.append(.code(code.joined(separator: "\n")))
            } else if let (level, text) = heading(trimmed) {
                flush()
                blocks.append(.heading(level: level, inlines(text)))
            } else if isRule(trimmed) {
                flush()
                blocks.append(.rule)
            } else if let (number, text) = listItem(trimmed) {
                if !paragraph.isEmpty || !quote.isEmpty { flush() }
                // Close the lists this item is outside of: less indented than their markers and
                // not indented under their parents' items.
                while lists.count > 1, indent < lists[lists.count - 1].indent, indent < lists[lists.count - 2].indent + 2 {
                    closeInnermostList()
                }
                if let top = lists.last {
                    if indent >= top.indent + 2 {
                        lists.append(OpenList(start: number, indent: indent))
                    } else if (top.start == nil) != (number == nil) {
                        closeInnermostList()
                        lists.append(OpenList(start: number, indent: indent))
                    }
                } else {
                    lists.append(OpenList(start: number, indent: indent))
                }
                let contentIndent = indent + trimmed.count - text.count
                lists[lists.count - 1].items.append(OpenItem(lines: [text], contentIndent: contentIndent))
            } else if trimmed.hasPrefix(">") {
                if !paragraph.isEmpty || !lists.isEmpty { flush() }
                let rest = trimmed.dropFirst()
                quote.append(String(rest.first == " " ? rest.dropFirst() : rest))
            } else if !lists.isEmpty, indent > 0 {
                // A continuation line belongs to the innermost item it is indented under.
                while lists.count > 1, indent < lists[lists.count - 1].indent + 2 { closeInnermostList() }
                let list = lists.count - 1, item = lists[list].items.count - 1
                lists[list].items[item].lines.append(line.droppingIndentation(lists[list].items[item].contentIndent))
            } else {
                if !lists.isEmpty || !quote.isEmpty { flush() }
                paragraph.append(line)
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

    /// `[label](url)` to another site (`LinkTarget.external`); nil leaves the index alone. A relative
    /// target stays text: a downloaded file has no site to resolve it against.
    private mutating func link() -> ([Inline], String)? {
        guard let close = find("]", from: index + 1), close + 1 < characters.count, characters[close + 1] == "(",
            let end = find(")", from: close + 2),
            case .external(let href) = LinkTarget(String(characters[(close + 2)..<end]))
        else { return nil }
        var label = InlineScanner(Array(characters[(index + 1)..<close]))
        index = end + 1
        return (label.parse(until: nil), href)
    }
}

extension Character {
    fileprivate var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
    fileprivate var isLetterOrDigit: Bool { isLetter || isNumber }
}

/// A list being read: its items' marker column, and its items so far.
private struct OpenList {
    var start: Int?
    var indent: Int
    var items: [OpenItem] = []

    var block: Block {
        .list(start: start, items: items.map { ListItem(content: MarkdownParser.inlines($0.lines.joined(separator: "\n")), nested: $0.nested) })
    }
}

/// A list item being read: its lines, the column its text starts at, the lists under it.
private struct OpenItem {
    var lines: [String]
    var contentIndent: Int
    var nested: [Block] = []
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop(while: { $0 == " " || $0 == "\t" })) }

    /// Columns of leading spaces and tabs (a tab reaches the next multiple of 4).
    fileprivate var indentation: Int {
        var columns = 0
        for character in self {
            if character == " " { columns += 1 } else if character == "\t" { columns += 4 - columns % 4 } else { break }
        }
        return columns
    }

    /// Without up to `columns` columns of leading spaces and tabs; a tab reaching past them
    /// leaves the columns it still covers as spaces.
    fileprivate func droppingIndentation(_ columns: Int) -> String {
        var dropped = 0
        var rest = self[...]
        while dropped < columns, let first = rest.first, first == " " || first == "\t" {
            let width = first == " " ? 1 : 4 - dropped % 4
            rest = rest.dropFirst()
            if dropped + width > columns { return String(repeating: " ", count: dropped + width - columns) + rest }
            dropped += width
        }
        return String(rest)
    }
}
