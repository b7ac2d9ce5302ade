import Foundation
import Testing
@testable import TavoloExport

/// Link targets in the exports, on the cases the table and history pages are tested on too
/// (`Tests/Fixtures/links.json`, read by `web/table/tests/links.test.js`).
@Suite struct LinkTargetTests {
    struct Case: Decodable, CustomTestStringConvertible {
        var target: String
        var kind: String
        var href: String?
        var testDescription: String { String(reflecting: target) }

        var expected: LinkTarget {
            switch kind {
            case "external": .external(href: href ?? "")
            case "relative": .relative(href: href ?? "")
            default: .refused
            }
        }
        /// `[x](target)` holds it whole: no `)` to end the link early, no line break to end the line.
        var fitsInMarkdown: Bool { !target.unicodeScalars.contains { $0 == ")" || $0 == "\n" || $0 == "\r" } }
    }

    static let cases: [Case] = {
        struct Fixture: Decodable { var cases: [Case] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/links.json")
        // A missing or broken fixture fails `fixtureIsRead` instead of every case quietly passing.
        return (try? JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)))?.cases ?? []
    }()

    @Test func fixtureIsRead() {
        #expect(Self.cases.count > 40)
        #expect(Set(Self.cases.map(\.kind)) == ["external", "relative", "refused"])
    }

    @Test("every target is classified as the web pages classify it", arguments: cases)
    func classification(_ link: Case) {
        #expect(LinkTarget(link.target) == link.expected)
    }

    @Test("in the HTML export only external targets are links, to their normalised address", arguments: cases.filter(\.fitsInMarkdown))
    func htmlExport(_ link: Case) {
        let report = Report(title: "Verbale", subtitle: "", blocks: MarkdownParser.parse("[x](\(link.target))"))
        let html = HTMLWriter.render(report)
        if case .external(let href) = link.expected {
            #expect(html.contains("<p><a href=\"\(HTMLWriter.escape(href))\" rel=\"noopener noreferrer\">x</a></p>"))
        } else {
            // Relative targets too: a downloaded file has no site to resolve them against.
            #expect(!html.contains("<a "))
            #expect(report.blocks == [.paragraph([.text("[x](\(link.target))")])])
        }
    }

    @Test func protocolRelativeLinkLeadsToHTTPS() {
        #expect(MarkdownParser.inlines("[sito](//evil.example/x)") == [.link(text: [.text("sito")], url: "https://evil.example/x")])
    }
}
