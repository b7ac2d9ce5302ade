import Foundation

/// Writes a report as Markdown (CommonMark with GFM tables). Every piece of text is
/// escaped, so what people typed can never turn into markup or raw HTML in a viewer.
enum MarkdownWriter {
    static func render(_ report: Report) -> String {
        var out = "# \(escape(report.title))\n\n"
        if !report.subtitle.isEmpty { out += "_\(escape(report.subtitle))_\n\n" }
        for block in report.blocks { out += render(block) + "\n\n" }
        return out.trimmingTrailingNewlines() + "\n"
    }

    private static func render(_ block: Block) -> String {
        switch block {
        case .heading(let level, let content):
            return String(repeating: "#", count: level) + " " + inline(content).replacingLineBreaks(with: " ")
        case .paragraph(let content):
            return inline(content)
        case .list(let start, let items):
            return items.enumerated().map { index, item in
                let marker = start.map { "\($0 + index). " } ?? "- "
                let indent = "\n" + String(repeating: " ", count: marker.count)
                // A nested list indented to the item's text belongs to the item (CommonMark 5.2).
                let nested = item.nested.map { indent + render($0).replacingOccurrences(of: "\n", with: indent) }.joined()
                return marker + inline(item.content).replacingLineBreaks(with: indent) + nested
            }.joined(separator: "\n")
        case .quote(let content):
            return "> " + inline(content).replacingLineBreaks(with: "\n> ")
        case .code(let text):
            // A fence longer than any run of backticks inside.
            let longest = text.split(whereSeparator: { $0 != "`" }).map(\.count).max() ?? 0
            let fence = String(repeating: "`", count: max(3, longest + 1))
            return "\(fence)\n\(text)\n\(fence)"
        case .table(let header, let rows):
            func row(_ cells: [String]) -> String { "| " + cells.map(cell).joined(separator: " | ") + " |" }
            return ([row(header), "|" + header.map { _ in " --- |" }.joined()] + rows.map(row)).joined(separator: "\n")
        case .rule:
            return "---"
        }
    }

    private static func inline(_ content: [Inline]) -> String {
        content.map { piece in
            switch piece {
            case .text(let text): escape(text).replacingOccurrences(of: "\n", with: "\\\n")
            case .strong(let inner): "**\(inline(inner))**"
            case .emphasis(let inner): "*\(inline(inner))*"
            case .code(let code): codeSpan(code)
            case .link(let text, let url): "[\(inline(text))](<\(url.replacingOccurrences(of: ">", with: "%3E").replacingOccurrences(of: "<", with: "%3C"))>)"
            case .lineBreak: "\\\n"
            }
        }.joined()
    }

    private static func codeSpan(_ code: String) -> String {
        let longest = code.split(whereSeparator: { $0 != "`" }).map(\.count).max() ?? 0
        let ticks = String(repeating: "`", count: longest + 1)
        let pad = code.hasPrefix("`") || code.hasSuffix("`") ? " " : ""
        return ticks + pad + code.replacingOccurrences(of: "\n", with: " ") + pad + ticks
    }

    /// Backslash-escapes what Markdown could read as syntax: inline markers anywhere, block
    /// markers at the start of a line (`#`, `-`, `+`, `=`, `>`, `1.`), and `&` as an entity so
    /// a typed `&lt;` stays literal. Ordinary punctuation stays readable.
    static func escape(_ text: String) -> String {
        var out = ""
        var atLineStart = true
        var characters = text[...]
        while let character = characters.popFirst() {
            switch character {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~":
                out += "\\\(character)"
            case "&":
                out += "&amp;"
            case "#" where atLineStart, "-" where atLineStart, "+" where atLineStart, "=" where atLineStart:
                out += "\\\(character)"
            case "0"..."9" where atLineStart:
                // `12.` or `12)` at the start of a line would start an ordered list.
                let digits = String(character) + characters.prefix(while: { $0.isASCII && $0.isNumber })
                characters = characters.dropFirst(digits.count - 1)
                out += digits
                if let mark = characters.first, mark == "." || mark == ")" {
                    out += "\\\(mark)"
                    characters = characters.dropFirst()
                }
            default:
                out.append(character)
            }
            atLineStart = character == "\n" || (atLineStart && (character == " " || character == "\t"))
        }
        return out
    }

    /// A table cell: escaped, on one line.
    private static func cell(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

extension String {
    fileprivate func replacingLineBreaks(with replacement: String) -> String {
        replacingOccurrences(of: "\\\n", with: replacement == " " ? " " : "\\" + replacement)
    }

    func trimmingTrailingNewlines() -> String {
        var copy = self
        while copy.hasSuffix("\n") { copy.removeLast() }
        return copy
    }
}
