import Testing
@testable import TavoloExport

/// Inputs for the libFuzzer targets in `Fuzz/` (scripts/fuzz.sh) that broke a property, each with it.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// `markdown`: HTML escaping compared Characters, so a `"`, `<`, `>`, `'` or `&` followed by a
    /// combining mark (one Character with it) was written as it came.
    @Test func escapingReadsScalarsNotCharacters() {
        let combining = "\u{301}"
        let meaningful = Set("<>\"'".unicodeScalars)
        for special in ["\"", "<", ">", "'", "&"] {
            let escaped = HTMLWriter.escape("a" + special + combining + "b")
            let kept = escaped.unicodeScalars.filter { meaningful.contains($0) }
            #expect(kept.isEmpty)
            #expect(Self.bytes(of: escaped, contain: combining + "b"))
        }
        let both = HTMLWriter.escape("\"" + combining + "<" + combining)
        #expect(both == "&quot;" + combining + "&lt;" + combining)
    }

    /// The same through a whole export: a link whose target holds `"` and a combining mark ended the
    /// `href`, and `/onmouseover=…` after it became an attribute of the link.
    @Test func aLinkTargetCannotAddAttributes() {
        let combining = "\u{301}"
        let report = Report(title: "Verbale", subtitle: "", body: "[x](https://a.example/\"" + combining + "/onmouseover=location=name//)")
        let page = HTMLWriter.render(report)
        let rawQuote = "\"" + combining
        let escapedLink = "&quot;" + combining + "/onmouseover=location=name//\" rel=\"noopener noreferrer\">"
        #expect(!Self.bytes(of: page, contain: rawQuote))
        #expect(Self.bytes(of: page, contain: escapedLink))
    }

    /// The audit log's CSV quoted a field only when it held a comma, quote, CR or LF as a Character:
    /// followed by a combining mark they went out bare, so a name could add columns to its line.
    @Test func csvFieldsQuoteWhateverFollowsTheComma() {
        let combining = "\u{301}"
        #expect(AuditCSV.field("Anna," + combining + "admin") == "\"Anna," + combining + "admin\"")
        #expect(AuditCSV.field("a\"" + combining) == "\"a\"\"" + combining + "\"")
        #expect(AuditCSV.field("a\r\nb") == "\"a\r\nb\"")
        #expect(AuditCSV.field("città") == "città")
    }

    /// The Markdown export's escaping compared Characters too: `[`, `*` or `#` followed by a
    /// combining mark went out bare, so text shown literally in Tavolo was link or emphasis syntax
    /// in the exported `.md`.
    @Test func markdownEscapingReadsScalars() {
        let combining = "\u{301}"
        let escaped = MarkdownWriter.escape("[" + combining + "x](javascript:alert(1)) *" + combining + "a*")
        #expect(Self.bytes(of: escaped, contain: "\\[" + combining + "x\\](javascript:alert(1)) \\*" + combining + "a\\*"))
        let heading = MarkdownWriter.escape("#" + combining + " titolo\r12. punto")
        #expect(Self.bytes(of: heading, contain: "\\#" + combining + " titolo\r12\\. punto"))
    }

    /// Whether `text`'s UTF-8 holds `part`'s, as a browser would find it (no Character comparison).
    static func bytes(of text: String, contain part: String) -> Bool {
        let haystack = Array(text.utf8), needle = Array(part.utf8)
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
