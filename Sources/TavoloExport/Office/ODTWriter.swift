import Foundation

/// Writes a report as an OpenDocument text (ODF 1.2) package: real headings (with
/// outline levels), tables with a repeated header row, lists, and paragraphs in named
/// styles, in DejaVu fonts so LibreOffice can embed them when it makes the PDF/A.
enum ODTWriter {
    static let mediaType = "application/vnd.oasis.opendocument.text"

    static func render(_ report: Report, created: Date?) -> [UInt8] {
        var zip = ZipArchive()
        // ODF 1.2 part 3, 3.3: `mimetype` first, stored, no extra field.
        zip.add("mimetype", Array(mediaType.utf8))
        zip.add("META-INF/manifest.xml", Array(manifest.utf8))
        zip.add("content.xml", Array(content(report).utf8))
        zip.add("styles.xml", Array(styles(footer: report.title, header: report.runningHeader).utf8))
        zip.add("meta.xml", Array(meta(report, created: created).utf8))
        return zip.bytes
    }

    // MARK: content.xml

    static func content(_ report: Report) -> String {
        var body = #"<text:p text:style-name="Title">\#(XML.text(report.title))</text:p>"#
        if !report.subtitle.isEmpty { body += #"<text:p text:style-name="Subtitle">\#(XML.text(report.subtitle))</text:p>"# }
        var tables = 0
        var columnStyles = ""
        for block in report.blocks {
            switch block {
            case .heading(let level, let content):
                body += #"<text:h text:style-name="Heading_20_\#(level)" text:outline-level="\#(level)">\#(inline(content))</text:h>"#
            case .paragraph(let content):
                body += #"<text:p text:style-name="Text_20_body">\#(inline(content))</text:p>"#
            case .list(let start, let items):
                body += list(start: start, items: items)
            case .quote(let content):
                body += #"<text:p text:style-name="Quotations">\#(inline(content))</text:p>"#
            case .code(let text):
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    body += #"<text:p text:style-name="Preformatted_20_Text">\#(XML.text(String(line)))</text:p>"#
                }
            case .table(let header, let rows):
                tables += 1
                body += #"<table:table table:name="Tabella\#(tables)" table:style-name="Table">"#
                for (column, width) in columnWidths(header: header, rows: rows).enumerated() {
                    let name = "Tabella\(tables).\(column)"
                    columnStyles += #"<style:style style:name="\#(name)" style:family="table-column"><style:table-column-properties style:column-width="\#(width)cm"/></style:style>"#
                    body += #"<table:table-column table:style-name="\#(name)"/>"#
                }
                body += "<table:table-header-rows>" + row(header, cellStyle: "HeadCell", paragraphStyle: "Table_20_Heading") + "</table:table-header-rows>"
                for cells in rows { body += row(cells, cellStyle: "Cell", paragraphStyle: "Table_20_Contents") }
                body += "</table:table>"
            case .rule:
                body += #"<text:p text:style-name="Horizontal_20_Line"/>"#
            case .signatures(let signatures):
                tables += 1
                body += #"<table:table table:name="Firme\#(tables)" table:style-name="Signatures">"#
                body += #"<table:table-column table:number-columns-repeated="\#(signatures.count)"/>"#
                body += "<table:table-row>"
                for signature in signatures {
                    body += #"<table:table-cell table:style-name="SignatureCell" office:value-type="string">"#
                        + #"<text:p text:style-name="Signature_20_Role">\#(XML.text(signature.role))</text:p>"#
                        + #"<text:p text:style-name="Signature_20_Line"/>"#
                        + #"<text:p text:style-name="Signature_20_Name">\#(XML.text(signature.name))</text:p>"#
                        + "</table:table-cell>"
                }
                body += "</table:table-row></table:table>"
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content \(namespaces) office:version="1.2">\
            <office:font-face-decls>\(fontFaces)</office:font-face-decls>\
            <office:automatic-styles>\
            <style:style style:name="Table" style:family="table"><style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.1cm" fo:margin-bottom="0.35cm"/></style:style>\
            <style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #808080"/></style:style>\
            <style:style style:name="Signatures" style:family="table"><style:table-properties style:width="17cm" table:align="margins" fo:margin-top="0.6cm" fo:keep-with-next="always"/></style:style>\
            <style:style style:name="SignatureCell" style:family="table-cell"><style:table-cell-properties fo:padding-left="0.2cm" fo:padding-right="0.8cm" fo:border="none"/></style:style>\
            <style:style style:name="HeadCell" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #808080" fo:background-color="#e8e8e8"/></style:style>\
            \(columnStyles)\
            </office:automatic-styles>\
            <office:body><office:text>\(body)</office:text></office:body>\
            </office:document-content>

            """
    }

    /// A list, its nested lists inside their items (ODF 1.2 part 1, 5.3): the list styles give
    /// each level its indentation.
    private static func list(start: Int?, items: [ListItem]) -> String {
        var out = #"<text:list text:style-name="\#(start == nil ? "List_20_Bullet" : "Numbering_20_123")">"#
        for (index, item) in items.enumerated() {
            // The first item carries the number the list started at, as written.
            let first = index == 0 ? start.map { #" text:start-value="\#($0)""# } ?? "" : ""
            out += #"<text:list-item\#(first)><text:p text:style-name="List_20_Contents">\#(inline(item.content))</text:p>"#
            for case .list(let start, let items) in item.nested { out += list(start: start, items: items) }
            out += "</text:list-item>"
        }
        return out + "</text:list>"
    }

    /// Column widths in cm (`ColumnWidths`), as ODF lengths.
    static func columnWidths(header: [String], rows: [[String]]) -> [String] {
        ColumnWidths.centimetres(header: header, rows: rows).map { String(format: "%.2f", $0) }
    }

    private static func row(_ cells: [String], cellStyle: String, paragraphStyle: String) -> String {
        "<table:table-row>"
            + cells.map { cell in
                #"<table:table-cell table:style-name="\#(cellStyle)" office:value-type="string"><text:p text:style-name="\#(paragraphStyle)">\#(XML.text(cell))</text:p></table:table-cell>"#
            }.joined()
            + "</table:table-row>"
    }

    private static func inline(_ content: [Inline]) -> String {
        content.map { piece in
            switch piece {
            case .text(let text): XML.text(text)
            case .strong(let inner): #"<text:span text:style-name="Strong_20_Emphasis">\#(inline(inner))</text:span>"#
            case .emphasis(let inner): #"<text:span text:style-name="Emphasis">\#(inline(inner))</text:span>"#
            case .code(let code): #"<text:span text:style-name="Source_20_Text">\#(XML.text(code))</text:span>"#
            case .link(let text, let url): #"<text:a xlink:type="simple" xlink:href="\#(XML.attribute(url))">\#(inline(text))</text:a>"#
            case .lineBreak: "<text:line-break/>"
            }
        }.joined()
    }

    // MARK: styles.xml, meta.xml, manifest

    static func styles(footer: String, header: String = "") -> String {
        var headings = ""
        let sizes = ["16pt", "14pt", "12pt", "11pt", "10.5pt", "10.5pt"]
        for level in 1...6 {
            headings += #"<style:style style:name="Heading_20_\#(level)" style:display-name="Heading \#(level)" style:family="paragraph" style:parent-style-name="Heading" style:next-style-name="Text_20_body" style:default-outline-level="\#(level)" style:class="text"><style:text-properties fo:font-size="\#(sizes[level - 1])" fo:font-weight="bold"/></style:style>"#
        }
        var outline = ""
        for level in 1...10 {
            outline += #"<text:outline-level-style text:level="\#(level)" style:num-format=""/>"#
        }
        // Levels 1-10 (nested lists), each 0.7 cm further in.
        func listLevel(_ level: Int) -> String {
            let margin = String(format: "%.1fcm", 0.7 * Double(level))
            return #"<style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="\#(margin)" fo:text-indent="-0.5cm" fo:margin-left="\#(margin)"/></style:list-level-properties>"#
        }
        let bullets = ["•", "◦", "▪"]
        var bulletLevels = "", numberLevels = ""
        for level in 1...10 {
            bulletLevels += #"<text:list-level-style-bullet text:level="\#(level)" text:bullet-char="\#(bullets[(level - 1) % 3])">\#(listLevel(level))</text:list-level-style-bullet>"#
            numberLevels += #"<text:list-level-style-number text:level="\#(level)" style:num-suffix="." style:num-format="1">\#(listLevel(level))</text:list-level-style-number>"#
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-styles \(namespaces) office:version="1.2">\
            <office:font-face-decls>\(fontFaces)</office:font-face-decls>\
            <office:styles>\
            <style:default-style style:family="paragraph"><style:paragraph-properties fo:orphans="2" fo:widows="2"/>\
            <style:text-properties style:font-name="DejaVu Sans" fo:font-size="10.5pt" fo:language="it" fo:country="IT" \
            style:font-name-asian="DejaVu Sans" style:font-name-complex="DejaVu Sans"/></style:default-style>\
            <style:style style:name="Standard" style:family="paragraph" style:class="text"/>\
            <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">\
            <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:line-height="130%"/></style:style>\
            <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Subtitle" style:class="chapter">\
            <style:paragraph-properties fo:margin-bottom="0.1cm"/><style:text-properties fo:font-size="19pt" fo:font-weight="bold"/></style:style>\
            <style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="chapter">\
            <style:paragraph-properties fo:margin-bottom="0.5cm"/><style:text-properties fo:font-size="12pt" fo:font-style="italic"/></style:style>\
            <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">\
            <style:paragraph-properties fo:margin-top="0.45cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/></style:style>\
            \(headings)\
            <style:style style:name="List_20_Contents" style:display-name="List Contents" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="list"/>\
            <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">\
            <style:text-properties fo:font-size="9.5pt"/></style:style>\
            <style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">\
            <style:text-properties fo:font-weight="bold"/></style:style>\
            <style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Text_20_body" style:class="html">\
            <style:paragraph-properties fo:margin-left="0.8cm" fo:margin-right="0.8cm"/><style:text-properties fo:font-style="italic"/></style:style>\
            <style:style style:name="Preformatted_20_Text" style:display-name="Preformatted Text" style:family="paragraph" style:parent-style-name="Standard" style:class="html">\
            <style:text-properties style:font-name="DejaVu Sans Mono" fo:font-size="9pt"/></style:style>\
            <style:style style:name="Horizontal_20_Line" style:display-name="Horizontal Line" style:family="paragraph" style:parent-style-name="Standard" style:class="html">\
            <style:paragraph-properties fo:margin-bottom="0.3cm" fo:border-bottom="0.5pt solid #808080" fo:padding="0cm"/></style:style>\
            <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">\
            <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="8.5pt" fo:color="#555555"/></style:style>\
            <style:style style:name="Header" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">\
            <style:paragraph-properties fo:text-align="end" fo:border-bottom="0.5pt solid #a0a0a0" fo:padding-bottom="0.05cm"/><style:text-properties fo:font-size="8.5pt" fo:color="#555555"/></style:style>\
            <style:style style:name="Signature_20_Role" style:display-name="Signature Role" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">\
            <style:text-properties fo:font-weight="bold"/></style:style>\
            <style:style style:name="Signature_20_Line" style:display-name="Signature Line" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">\
            <style:paragraph-properties fo:margin-top="1.4cm" fo:border-bottom="0.5pt solid #1a1a1a" fo:padding="0cm"/></style:style>\
            <style:style style:name="Signature_20_Name" style:display-name="Signature Name" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">\
            <style:paragraph-properties fo:margin-top="0.1cm"/></style:style>\
            <style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>\
            <style:style style:name="Emphasis" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>\
            <style:style style:name="Source_20_Text" style:display-name="Source Text" style:family="text"><style:text-properties style:font-name="DejaVu Sans Mono" fo:font-size="9pt"/></style:style>\
            <text:outline-style style:name="Outline">\(outline)</text:outline-style>\
            <text:list-style style:name="List_20_Bullet" style:display-name="List Bullet">\(bulletLevels)</text:list-style>\
            <text:list-style style:name="Numbering_20_123" style:display-name="Numbering 123">\(numberLevels)</text:list-style>\
            </office:styles>\
            <office:automatic-styles>\
            <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" \
            fo:margin-top="2cm" fo:margin-bottom="1.2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>\
            <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style>\
            <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>\
            </office:automatic-styles>\
            <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4">\
            \(header.isEmpty ? "" : #"<style:header><text:p text:style-name="Header">\#(XML.text(header))</text:p></style:header>"#)<style:footer>\
            <text:p text:style-name="Footer">\(XML.text(footer)) — pagina <text:page-number text:select-page="current">1</text:page-number> di <text:page-count>1</text:page-count></text:p>\
            </style:footer></style:master-page></office:master-styles>\
            </office:document-styles>

            """
    }

    static func meta(_ report: Report, created: Date?) -> String {
        // Metadata is plain character data: `XML.text` would insert ODF elements (<text:s/>) for spaces and tabs.
        var fields = "<meta:generator>Tavolo</meta:generator><dc:title>\(XML.attribute(report.title))</dc:title>"
        if !report.subtitle.isEmpty { fields += "<dc:subject>\(XML.attribute(report.subtitle))</dc:subject>" }
        fields += "<dc:language>it-IT</dc:language>"
        for keyword in report.keywords { fields += "<meta:keyword>\(XML.attribute(keyword))</meta:keyword>" }
        if let created {
            let stamp = created.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
            fields += "<meta:creation-date>\(stamp)</meta:creation-date><dc:date>\(stamp)</dc:date>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-meta \(namespaces) office:version="1.2"><office:meta>\(fields)</office:meta></office:document-meta>

            """
    }

    static let manifest = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">\
        <manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="\(mediaType)"/>\
        <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\
        <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>\
        <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\
        </manifest:manifest>

        """

    private static let namespaces = [
        #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0""#,
        #"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0""#,
        #"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#,
        #"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#,
        #"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0""#,
        #"xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0""#,
        #"xmlns:xlink="http://www.w3.org/1999/xlink""#,
        #"xmlns:dc="http://purl.org/dc/elements/1.1/""#,
        #"xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0""#,
    ].joined(separator: " ")

    private static let fontFaces =
        #"<style:font-face style:name="DejaVu Sans" svg:font-family="&apos;DejaVu Sans&apos;" style:font-family-generic="swiss" style:font-pitch="variable"/>"#
        + #"<style:font-face style:name="DejaVu Sans Mono" svg:font-family="&apos;DejaVu Sans Mono&apos;" style:font-family-generic="modern" style:font-pitch="fixed"/>"#
}

/// Escaping for XML 1.0 text and attributes. Characters XML cannot carry at all (most
/// C0 controls, U+FFFE, U+FFFF) become U+FFFD, so no typed text can break the document.
enum XML {
    static func attribute(_ value: String) -> String { escape(value, spaces: false) }

    /// Element text in an ODF paragraph: also keeps runs of spaces, tabs and newlines,
    /// which ODF would otherwise collapse (ODF 1.2 part 1, 6.1.2–6.1.5).
    static func text(_ value: String) -> String { escape(value, spaces: true) }

    private static func escape(_ value: String, spaces: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        var pendingSpaces = 0
        var atStart = true
        func flushSpaces() {
            guard pendingSpaces > 0 else { return }
            // The first space of a run is kept as a character unless it starts the paragraph.
            if !atStart { out += " "; pendingSpaces -= 1 }
            if pendingSpaces > 0 { out += pendingSpaces == 1 ? "<text:s/>" : #"<text:s text:c="\#(pendingSpaces)"/>"# }
            pendingSpaces = 0
        }
        for scalar in value.unicodeScalars {
            if spaces && scalar == " " {
                pendingSpaces += 1
                continue
            }
            flushSpaces()
            atStart = false
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += spaces ? "<text:tab/>" : "&#9;"
            case "\n": out += spaces ? "<text:line-break/>" : "&#10;"
            case "\r": if !spaces { out += "&#13;" }
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        flushSpaces()
        return out
    }
}
