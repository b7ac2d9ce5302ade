import Foundation
import Testing
@testable import TavoloExport

@Suite struct MarkdownParserTests {
    @Test func blocks() {
        let blocks = MarkdownParser.parse("## Titolo ##\nriga uno\nriga due\n\n* a\n* b\n  continua\n3) tre\n\n```\n<x>  y\n```\n---\n> q")
        #expect(blocks == [
            .heading(level: 2, [.text("Titolo")]),
            .paragraph([.text("riga uno"), .lineBreak, .text("riga due")]),
            .list(start: nil, items: [[.text("a")], [.text("b"), .lineBreak, .text("continua")]]),
            .list(start: 3, items: [[.text("tre")]]),
            .code("<x>  y"),
            .rule,
            .quote([.text("q")]),
        ])
    }

    @Test func inlines() {
        #expect(MarkdownParser.inlines("a **b *c*** _d_ `e*` [f](https://x.it/a_b)") == [
            .text("a "), .strong([.text("b "), .emphasis([.text("c")])]), .text(" "), .emphasis([.text("d")]), .text(" "),
            .code("e*"), .text(" "), .link(text: [.text("f")], url: "https://x.it/a_b"),
        ])
    }

    @Test func whatIsNotMarkupStaysText() {
        #expect(MarkdownParser.inlines("snake_case_name 2 * 3 = 6 **aperto") == [.text("snake_case_name 2 * 3 = 6 **aperto")])
        #expect(MarkdownParser.inlines("[x](javascript:alert(1))") == [.text("[x](javascript:alert(1))")])
        #expect(MarkdownParser.inlines(#"\*letterale\* <b>"#) == [.text("*letterale* <b>")])
        #expect(MarkdownParser.parse("#nonTitolo") == [.paragraph([.text("#nonTitolo")])])
        #expect(MarkdownParser.parse("## Corso di C#") == [.heading(level: 2, [.text("Corso di C#")])])
        #expect(MarkdownParser.parse("# ##") == [.heading(level: 1, [])])
    }

    @Test func escapedTextReadsBackAsItself() {
        // What MarkdownWriter escapes, a Markdown reader shows literally (`&` aside: it becomes an entity).
        let texts = [Fixtures.hostile.replacingOccurrences(of: "&", with: ""), "# non titolo", "1. non lista", "- neanche", "a_b_c", "**x**", "> no", "==="]
        for text in texts {
            #expect(MarkdownParser.parse(MarkdownWriter.escape(text)) == [.paragraph([.text(text)])], "\(text)")
        }
    }
}
