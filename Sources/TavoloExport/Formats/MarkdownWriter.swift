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
        case .signatures(let signatures):
            return signatures.map { "\(escape($0.role)): \($0.name.isEmpty ? "" : escape($0.name) + " ")\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_" }
                .joined(separator: "\n\n")
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
    ///
    /// Scalar by scalar, as Markdown readers read: compared as Characters, a marker followed by a
    /// combining mark (`[\u{301}`) was one Character and went out bare, so text typed as
    /// `[\u{301}x](javascript:…)` was link syntax again in the exported file.
    static func escape(_ text: String) -> String {
        var out = ""
        var atLineStart = true
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "~":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "&":
                out += "&amp;"
            case "#" where atLineStart, "-" where atLineStart, "+" where atLineStart, "=" where atLineStart:
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "0"..."9" where atLineStart:
                // `12.` or `12)` at the start of a line would start an ordered list.
                out.unicodeScalars.append(scalar)
                while let digit = scalars.first, ("0"..."9").contains(digit) {
                    out.unicodeScalars.append(digit)
                    scalars.removeFirst()
                }
                if let mark = scalars.first, mark == "." || mark == ")" {
                    out += "\\"
                    out.unicodeScalars.append(mark)
                    scalars.removeFirst()
                }
            default:
                out.unicodeScalars.append(scalar)
            }
            atLineStart = scalar == "\n" || scalar == "\r" || (atLineStart && (scalar == " " || scalar == "\t"))
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
