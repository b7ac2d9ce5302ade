import Foundation

/// Writes a report as one self-contained HTML page in Italian (`lang="it"`), with a
/// print-friendly style sheet inside and nothing loaded from elsewhere. All text is escaped.
public enum HTMLWriter {
    static func render(_ report: Report) -> String {
        var body = "<header>\n<h1>\(escape(report.title))</h1>\n"
        if !report.subtitle.isEmpty { body += "<p class=\"subtitle\">\(escape(report.subtitle))</p>\n" }
        body += "</header>\n<main>\n"
        for block in report.blocks { body += render(block) + "\n" }
        body += "</main>\n"
        return """
            <!DOCTYPE html>
            <html lang="it">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Tavolo">
            <title>\(escape(report.title))</title>
            <style>
            \(styleSheet)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private static func render(_ block: Block) -> String {
        switch block {
        case .heading(let level, let content):
            return "<h\(level)>\(inline(content))</h\(level)>"
        case .paragraph(let content):
            return "<p>\(inline(content))</p>"
        case .list(let start, let items):
            let open = start.map { $0 == 1 ? "<ol>" : "<ol start=\"\($0)\">" } ?? "<ul>"
            let lines = items.map { item in "<li>\(inline(item.content))" + item.nested.map { "\n" + render($0) + "\n" }.joined() + "</li>" }
            return open + "\n" + lines.joined(separator: "\n") + (start == nil ? "\n</ul>" : "\n</ol>")
        case .quote(let content):
            return "<blockquote><p>\(inline(content))</p></blockquote>"
        case .code(let text):
            return "<pre><code>\(escape(text))</code></pre>"
        case .table(let header, let rows):
            let head = "<thead><tr>" + header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead>"
            let bodyRows = rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined(separator: "\n")
            return "<table>\n\(head)\n<tbody>\n\(bodyRows)\n</tbody>\n</table>"
        case .rule:
            return "<hr>"
        case .signatures(let signatures):
            let cells = signatures.map { signature in
                "<div class=\"signature\"><p>\(escape(signature.role))</p><p class=\"signature-line\"></p><p>\(escape(signature.name))</p></div>"
            }
            return "<div class=\"signatures\">\n" + cells.joined(separator: "\n") + "\n</div>"
        }
    }

    private static func inline(_ content: [Inline]) -> String {
        content.map { piece in
            switch piece {
            case .text(let text): escape(text).replacingOccurrences(of: "\n", with: "<br>\n")
            case .strong(let inner): "<strong>\(inline(inner))</strong>"
            case .emphasis(let inner): "<em>\(inline(inner))</em>"
            case .code(let code): "<code>\(escape(code))</code>"
            case .link(let text, let url): "<a href=\"\(escape(url))\" rel=\"noopener noreferrer\">\(inline(text))</a>"
            case .lineBreak: "<br>\n"
            }
        }.joined()
    }

    /// Text and attribute values: the five characters HTML gives meaning to.
    ///
    /// Scalar by scalar, as a browser reads them: a `"` or `<` followed by a combining mark is one
    /// Character, and compared as Characters it slipped through, so `"\u{301}` ended an `href`
    /// and what followed became attributes. Found writing the `markdown` fuzz target.
    /// Text and attribute values, escaped scalar by scalar; the server's public pages use it too.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static let styleSheet = """
        :root { color-scheme: light; }
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 11pt; line-height: 1.45;
               color: #1a1a1a; max-width: 48em; margin: 2em auto; padding: 0 1em; }
        h1 { font-size: 1.6em; margin: 0 0 0.2em; }
        .subtitle { margin: 0 0 1.5em; color: #444; font-style: italic; }
        h2 { font-size: 1.25em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #999; padding-bottom: 0.15em; }
        h3 { font-size: 1.08em; margin: 1.2em 0 0.4em; }
        table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; }
        th, td { border: 1px solid #888; padding: 0.3em 0.5em; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
        th { background: #eee; }
        code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; }
        pre { white-space: pre-wrap; background: #f5f5f5; padding: 0.6em; }
        blockquote { margin: 0.5em 0; padding-left: 1em; border-left: 3px solid #aaa; color: #333; }
        a { color: #0b4f8a; }
        .signatures { display: flex; flex-wrap: wrap; gap: 2em; margin-top: 1.5em; }
        .signature { flex: 1 1 14em; }
        .signature p { margin: 0.3em 0; }
        .signature-line { border-bottom: 1px solid #1a1a1a; height: 2.5em; }
        @media print {
          body { margin: 0; max-width: none; font-size: 10.5pt; }
          h2, h3 { break-after: avoid; }
          tr, li, blockquote, pre, .signatures { break-inside: avoid; }
          thead { display: table-header-group; }
          a { color: inherit; }
        }
        @page { size: A4; margin: 2cm; }
        """
}
