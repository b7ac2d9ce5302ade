import Foundation
import Testing
@testable import TavoloExport

/// Issue 11: `tavolo export text --format txt` stripped the leading whitespace of every line,
/// so nested lists, indented code and indented lines came out flat. The parser now keeps
/// what the indentation means (nesting, code) or, in paragraphs and quotes, the indentation.
@Suite struct IndentationTests {
    /// Blocks separated by one blank line, as the plain text writer separates them, so the
    /// export's body must be exactly this text.
    static let body = """
        Punti:
           rientrato di tre
        \tcon un tab

        - primo
          - sotto-punto
            con seguito
              e rientro
        - secondo

        1. uno
           - dentro
        2. due

            func f() {
                return 1
            }

        > citato
        >     rientrato
        """

    @Test func plainTextKeepsEveryLinesIndentation() async throws {
        let file = try await Exporter().text(title: "Progetto", subtitle: "versione", body: Self.body, as: .text)
        let text = String(decoding: file.bytes, as: UTF8.self)
        #expect(text == "Progetto\n========\nversione\n\n" + Self.body + "\n")
    }

    @Test func nestedLists() {
        #expect(MarkdownParser.parse("- a\n  - b\n    - c\n  - d\n- e") == [
            .list(start: nil, items: [
                ListItem(content: [.text("a")], nested: [
                    .list(start: nil, items: [
                        ListItem(content: [.text("b")], nested: [.list(start: nil, items: [[.text("c")]])]),
                        [.text("d")],
                    ]),
                ]),
                [.text("e")],
            ]),
        ])
        // Under a number, two columns are enough (people do not count the marker's width); a
        // bullet list under a numbered one stays a list of its own kind.
        #expect(MarkdownParser.parse("1. uno\n  - sotto\n2. due") == [
            .list(start: 1, items: [ListItem(content: [.text("uno")], nested: [.list(start: nil, items: [[.text("sotto")]])]), [.text("due")]]),
        ])
        // One column is not nesting; a line less indented than an item's sublist goes back up.
        #expect(MarkdownParser.parse("- a\n - b") == [.list(start: nil, items: [[.text("a")], [.text("b")]])])
        #expect(MarkdownParser.parse("- a\n  - b\n  di a") == [
            .list(start: nil, items: [ListItem(content: [.text("a"), .lineBreak, .text("di a")], nested: [.list(start: nil, items: [[.text("b")]])])]),
        ])
        // Items of one sublist need not line up exactly.
        #expect(MarkdownParser.parse("- a\n    - b\n  - c") == [
            .list(start: nil, items: [ListItem(content: [.text("a")], nested: [.list(start: nil, items: [[.text("b")], [.text("c")]])])]),
        ])
        #expect(MarkdownParser.parse("- a\n\t- b") == [
            .list(start: nil, items: [ListItem(content: [.text("a")], nested: [.list(start: nil, items: [[.text("b")]])])]),
        ])
    }

    @Test func indentedCodeAndIndentedLines() {
        #expect(MarkdownParser.parse("testo\n\n    let x = 1\n      y\n\n\tz\n\nfine") == [
            .paragraph([.text("testo")]),
            .code("let x = 1\n  y\n\nz"),
            .paragraph([.text("fine")]),
        ])
        // Four columns inside a paragraph continue it (CommonMark), indentation kept.
        #expect(MarkdownParser.parse("Indirizzo:\n    Via Roma 1, *Bologna*") == [
            .paragraph([.text("Indirizzo:"), .lineBreak, .text("    Via Roma 1, "), .emphasis([.text("Bologna")])]),
        ])
        // A fenced block's lines lose only the fence's own indentation.
        #expect(MarkdownParser.parse("  ```\n  a\n    b\n  ```") == [.code("a\n  b")])
        #expect(MarkdownParser.parse("- a\n      b") == [.list(start: nil, items: [[.text("a"), .lineBreak, .text("    b")]])])
        #expect(MarkdownParser.parse(">  due spazi") == [.quote([.text(" due spazi")])])
    }

    @Test func everyFormatNestsLists() async throws {
        let report = Report(title: "T", subtitle: "", body: "- primo\n  1. uno\n  2. due\n- secondo")
        #expect(MarkdownWriter.render(report).contains("- primo\n  1. uno\n  2. due\n- secondo"))
        #expect(HTMLWriter.render(report).contains("<ul>\n<li>primo\n<ol>\n<li>uno</li>\n<li>due</li>\n</ol>\n</li>\n<li>secondo</li>\n</ul>"))
        let content = ODTWriter.content(report)
        #expect(content.contains(
            #"<text:list-item><text:p text:style-name="List_20_Contents">primo</text:p><text:list text:style-name="Numbering_20_123"><text:list-item text:start-value="1">"#))
        #expect(ODTWriter.styles(footer: "T").contains(#"<text:list-level-style-bullet text:level="2" text:bullet-char="◦">"#))
        // What the Markdown export says, the parser reads back as the same nesting.
        let markdown = MarkdownWriter.render(report)
        let reread = MarkdownParser.parse(String(markdown.drop(while: { $0 != "-" })))
        #expect(reread == report.blocks)
    }
}
