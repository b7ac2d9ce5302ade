import Foundation

/// Writes a report as plain UTF-8 text: what a mail or a register of deeds can hold.
enum PlainTextWriter {
    static func render(_ report: Report) -> String {
        var out = report.title + "\n" + String(repeating: "=", count: report.title.count) + "\n"
        if !report.subtitle.isEmpty { out += report.subtitle + "\n" }
        out += "\n"
        for block in report.blocks { out += render(block) + "\n\n" }
        return out.trimmingTrailingNewlines() + "\n"
    }

    private static func render(_ block: Block) -> String {
        switch block {
        case .heading(let level, let content):
            let title = content.plainText
            return level <= 2 ? title.uppercased() + "\n" + String(repeating: "-", count: title.count) : title
        case .paragraph(let content):
            return content.plainText
        case .list(let start, let items):
            return items.enumerated().map { index, item in
                let marker = start.map { "\($0 + index). " } ?? "- "
                // Continuation lines and nested lists sit under the item's text.
                let indent = "\n" + String(repeating: " ", count: marker.count)
                return ([marker + item.content.plainText] + item.nested.map(render))
                    .joined(separator: "\n").replacingOccurrences(of: "\n", with: indent)
            }.joined(separator: "\n")
        case .quote(let content):
            return "> " + content.plainText.replacingOccurrences(of: "\n", with: "\n> ")
        case .code(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        case .table(let header, let rows):
            func line(_ cells: [String]) -> String { cells.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: " | ") }
            return ([line(header), String(repeating: "-", count: line(header).count)] + rows.map(line)).joined(separator: "\n")
        case .rule:
            return String(repeating: "-", count: 20)
        case .signatures(let signatures):
            return signatures.map { "\($0.role): \($0.name)\n\n" + String(repeating: "_", count: 30) }.joined(separator: "\n\n")
        }
    }
}
