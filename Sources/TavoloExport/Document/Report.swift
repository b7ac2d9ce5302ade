/// A document as every format sees it: a title and a sequence of blocks. The minutes and
/// the document exports are built once as a `Report`; each format only renders it, so the
/// Markdown, HTML, ODT and PDF of one record always say the same thing.
struct Report: Sendable, Equatable {
    var title: String
    var subtitle: String
    var blocks: [Block]
    /// Printed at the top of every page of the paged formats (ODT, DOCX, PDF); empty for none.
    var runningHeader: String = ""
    /// The document's keywords (ODT and DOCX metadata, which LibreOffice carries into the PDF's
    /// XMP): a verbale's `tavolo-sha256:<hash>`, so a signed copy can be matched to its record.
    var keywords: [String] = []
}

/// A signature line: the role, the name printed under it, and room to sign.
struct Signature: Sendable, Equatable {
    var role: String
    var name: String
}

/// A block of a report. The minutes text's Markdown parses into the same blocks.
enum Block: Sendable, Equatable {
    /// Level 1…6; level 1 is the report's own title, so sections start at 2.
    case heading(level: Int, [Inline])
    case paragraph([Inline])
    /// A numbered list from `start` (its first number, as written), or a bulleted one (`start` nil).
    case list(start: Int?, items: [ListItem])
    case quote([Inline])
    /// Preformatted text, printed as it is.
    case code(String)
    /// Header cells, then rows of the same width.
    case table(header: [String], rows: [[String]])
    case rule
    /// The signature lines closing a verbale, side by side.
    case signatures([Signature])
}

/// One item of a list: a paragraph, and the lists nested under it (`.list` blocks).
struct ListItem: Sendable, Equatable, ExpressibleByArrayLiteral {
    var content: [Inline]
    var nested: [Block] = []

    init(content: [Inline], nested: [Block] = []) {
        self.content = content
        self.nested = nested
    }

    /// An item with no nested list: `[.text("punto")]`.
    init(arrayLiteral content: Inline...) { self.init(content: content) }
}

/// Inline content of a paragraph, heading or list item.
enum Inline: Sendable, Equatable {
    case text(String)
    case strong([Inline])
    case emphasis([Inline])
    case code(String)
    /// Only `http`, `https` and `mailto` targets become links; the parser keeps others as text.
    case link(text: [Inline], url: String)
    case lineBreak

    /// The characters a reader sees, without formatting.
    var plainText: String {
        switch self {
        case .text(let text), .code(let text): text
        case .strong(let inner), .emphasis(let inner): inner.plainText
        case .link(let inner, let url): inner.plainText == url ? url : "\(inner.plainText) (\(url))"
        case .lineBreak: "\n"
        }
    }
}

extension Array where Element == Inline {
    var plainText: String { map(\.plainText).joined() }
}
