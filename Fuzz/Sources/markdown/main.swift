import FuzzSupport
@testable import TavoloExport

// The Markdown parser and the writers of every text export (Markdown, HTML, plain text, ODT) on any
// text a member can type: nothing traps or hangs, and the HTML has no markup but the writer's own:
// each `<` opens one of its tags, each attribute value is quoted whole, each link is http(s) or
// mailto, and text escaped for HTML or XML keeps none of the characters those give meaning to.
// The same text as a field of the audit log's CSV reads back as one field.

/// What HTMLWriter writes inside `<body>`.
let bodyTags: Set<String> = [
    "header", "main", "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "blockquote", "pre", "code", "strong",
    "em", "a", "br", "hr", "table", "thead", "tbody", "tr", "th", "td",
]

/// Why the body of an HTML page has markup the writer would not write, or nil.
func markupProblem(_ page: String) -> String? {
    guard let start = page.range(of: "<body>\n"), let end = page.range(of: "</body>", options: .backwards) else {
        return "no <body>"
    }
    var scalars = page.unicodeScalars[start.upperBound..<end.lowerBound][...]
    while let scalar = scalars.popFirst() {
        if scalar == ">" { return "a '>' outside a tag" }
        guard scalar == "<" else { continue }
        guard let close = scalars.firstIndex(of: ">") else { return "a '<' that never closes" }
        let tag = String(String.UnicodeScalarView(scalars[..<close]))
        scalars = scalars[scalars.index(after: close)...]
        if let problem = tagProblem(tag) { return "<\(tag)>: \(problem)" }
    }
    return nil
}

/// `name` or `/name`, then attributes `key="value"` with no quote, `<` or `>` in the value.
func tagProblem(_ tag: String) -> String? {
    var rest = Substring(tag)
    if rest.hasPrefix("/") { rest = rest.dropFirst() }
    let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
    guard bodyTags.contains(String(name)) else { return "not a tag the writer writes" }
    rest = rest.dropFirst(name.count)
    while !rest.isEmpty {
        guard rest.hasPrefix(" ") else { return "no space before an attribute" }
        rest = rest.dropFirst()
        let key = rest.prefix { $0.isASCII && ($0.isLetter || $0 == "-") }
        guard !key.isEmpty, rest.dropFirst(key.count).hasPrefix("=\"") else { return "an attribute that is not key=\"value\"" }
        rest = rest.dropFirst(key.count + 2)
        guard let quote = rest.unicodeScalars.firstIndex(of: "\"") else { return "an attribute value with no closing quote" }
        let value = String(rest.unicodeScalars[..<quote])
        if key == "href", !["http://", "https://", "mailto:"].contains(where: value.hasPrefix) {
            return "a link that is not http, https or mailto"
        }
        rest = Substring(rest.unicodeScalars[rest.unicodeScalars.index(after: quote)...])
    }
    return nil
}

/// The fields of one CSV line (RFC 4180), read byte by byte as a spreadsheet reads them.
func csvFields(_ line: String) -> [String]? {
    var bytes = Array(line.utf8)[...]
    guard bytes.suffix(2).elementsEqual([13, 10]) else { return nil }
    bytes = bytes.dropLast(2)
    var fields: [String] = []
    while true {
        var field: [UInt8] = []
        if bytes.first == UInt8(ascii: "\"") {
            bytes = bytes.dropFirst()
            while true {
                guard let byte = bytes.popFirst() else { return nil }
                if byte == UInt8(ascii: "\"") {
                    guard bytes.first == UInt8(ascii: "\"") else { break }
                    bytes = bytes.dropFirst()
                }
                field.append(byte)
            }
        } else {
            while let byte = bytes.first, byte != UInt8(ascii: ",") {
                guard byte != UInt8(ascii: "\""), byte != 10, byte != 13 else { return nil }
                field.append(byte)
                bytes = bytes.dropFirst()
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        guard let separator = bytes.popFirst() else { return fields }
        guard separator == UInt8(ascii: ",") else { return nil }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzMarkdown(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
    let escaped = HTMLWriter.escape(text)
    check(!escaped.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) }, "HTML escaping kept a < > \" or '")
    let attribute = XML.attribute(text)
    check(
        !attribute.unicodeScalars.contains { $0.value < 0x20 || "<>\"'".unicodeScalars.contains($0) },
        "XML escaping kept a control character, < > \" or '")
    _ = XML.text(text)
    // An audit log line keeps its columns whatever a name or detail holds.
    let fields = csvFields(AuditCSV.line([text, "x"]))
    check(fields?.map { Array($0.utf8) } == [Array(text.utf8), Array("x".utf8)], "the audit CSV line of a field reads back as \(fields.map { "\($0)" } ?? "nothing")")
    _ = MarkdownParser.parse(text)
    let report = Report(title: "Verbale", subtitle: "Tavolo", body: text)
    let page = HTMLWriter.render(report)
    if let problem = markupProblem(page) { check(false, "HTML export of a text: \(problem)") }
    _ = MarkdownWriter.render(report)
    _ = PlainTextWriter.render(report)
    _ = ODTWriter.render(report, created: nil)
    return 0
}

runFuzzer()
