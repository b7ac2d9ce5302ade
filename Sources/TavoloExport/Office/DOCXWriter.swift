import Foundation

/// Writes a report as an Office Open XML document (ECMA-376, WordprocessingML): what PA staff
/// edit in Word. The same `Report` as every other format, rendered with real styles (Title,
/// Heading 1–6, lists from a numbering part, tables with a repeated header row), the running
/// header and page numbers, and the keywords in the core properties. Written with the same
/// hand-made ZIP writer as the ODT (`ZipArchive`): a package is a handful of small parts.
enum DOCXWriter {
    static let mediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    static func render(_ report: Report, created: Date?) -> [UInt8] {
        var body = Body()
        body.paragraph(style: "Title", runs(report.title))
        // (The body's paragraphs are added below; `runs` escapes every text.)
        if !report.subtitle.isEmpty { body.paragraph(style: "Subtitle", runs(report.subtitle)) }
        for block in report.blocks { body.add(block) }

        var zip = ZipArchive()
        zip.add("[Content_Types].xml", Array(contentTypes.utf8))
        zip.add("_rels/.rels", Array(packageRelationships.utf8))
        zip.add("word/document.xml", Array(body.document(header: !report.runningHeader.isEmpty).utf8))
        zip.add("word/_rels/document.xml.rels", Array(body.relationships(header: !report.runningHeader.isEmpty).utf8))
        zip.add("word/styles.xml", Array(styles.utf8))
        zip.add("word/numbering.xml", Array(body.numbering().utf8))
        zip.add("word/header1.xml", Array(part("hdr", paragraph: #"<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>\#(runs(report.runningHeader))</w:p>"#).utf8))
        zip.add("word/footer1.xml", Array(part("ftr", paragraph: footer(report.title)).utf8))
        zip.add("docProps/core.xml", Array(core(report, created: created).utf8))
        return zip.bytes
    }

    /// The document's paragraphs and tables, and what they need elsewhere in the package:
    /// hyperlink relationships and one numbering instance per list (so each restarts).
    private struct Body {
        var xml = ""
        var links: [String] = []
        /// Numbering instances: (abstract list 1 = bullets, 2 = numbers; start value).
        var lists: [(abstract: Int, start: Int)] = []

        mutating func paragraph(style: String, _ content: String, properties: String = "") {
            xml += #"<w:p><w:pPr><w:pStyle w:val="\#(style)"/>\#(properties)</w:pPr>\#(content)</w:p>"#
        }

        mutating func add(_ block: Block) {
            switch block {
            case .heading(let level, let content):
                paragraph(style: "Heading\(level)", inline(content))
            case .paragraph(let content):
                paragraph(style: "BodyText", inline(content))
            case .list(let start, let items):
                list(start: start, items: items, level: 0)
            case .quote(let content):
                paragraph(style: "Quote", inline(content))
            case .code(let text):
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { DOCXWriter.runs(String($0)) }
                paragraph(style: "Code", lines.joined(separator: "<w:r><w:br/></w:r>"))
            case .table(let header, let rows):
                table(header: header, rows: rows)
            case .rule:
                paragraph(style: "Rule", "")
            case .signatures(let signatures):
                let width = twips(17 / Double(max(signatures.count, 1)))
                xml += #"<w:tbl><w:tblPr><w:tblW w:w="\#(twips(17))" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#
                xml += String(repeating: #"<w:gridCol w:w="\#(width)"/>"#, count: signatures.count) + "</w:tblGrid><w:tr>"
                for signature in signatures {
                    xml += #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/></w:tcPr>"#
                        + #"<w:p><w:pPr><w:pStyle w:val="SignatureRole"/></w:pPr>\#(DOCXWriter.runs(signature.role))</w:p>"#
                        + #"<w:p><w:pPr><w:pStyle w:val="SignatureLine"/></w:pPr></w:p>"#
                        + #"<w:p><w:pPr><w:pStyle w:val="BodyText"/></w:pPr>\#(DOCXWriter.runs(signature.name))</w:p></w:tc>"#
                }
                xml += "</w:tr></w:tbl>"
            }
        }

        private mutating func list(start: Int?, items: [ListItem], level: Int) {
            lists.append((abstract: start == nil ? 1 : 2, start: start ?? 1))
            let id = lists.count
            for item in items {
                paragraph(
                    style: "ListParagraph", inline(item.content),
                    properties: #"<w:numPr><w:ilvl w:val="\#(min(level, 8))"/><w:numId w:val="\#(id)"/></w:numPr>"#)
                for case .list(let nestedStart, let nestedItems) in item.nested { list(start: nestedStart, items: nestedItems, level: level + 1) }
            }
        }

        private mutating func table(header: [String], rows: [[String]]) {
            let widths = ColumnWidths.centimetres(header: header, rows: rows).map(twips)
            let border = #"w:val="single" w:sz="4" w:space="0" w:color="808080""#
            xml += #"<w:tbl><w:tblPr><w:tblW w:w="\#(twips(17))" w:type="dxa"/><w:tblLayout w:type="fixed"/>"#
                + "<w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/><w:right \(border)/>"
                + "<w:insideH \(border)/><w:insideV \(border)/></w:tblBorders>"
                + #"<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
                + widths.map { #"<w:gridCol w:w="\#($0)"/>"# }.joined() + "</w:tblGrid>"
            func row(_ cells: [String], head: Bool) -> String {
                // The header row repeats on every page; no row breaks across pages.
                var out = "<w:tr><w:trPr><w:cantSplit/>" + (head ? "<w:tblHeader/>" : "") + "</w:trPr>"
                for (column, cell) in cells.enumerated() {
                    let width = widths.indices.contains(column) ? widths[column] : widths.last ?? 0
                    let shading = head ? #"<w:shd w:val="clear" w:color="auto" w:fill="E8E8E8"/>"# : ""
                    out += #"<w:tc><w:tcPr><w:tcW w:w="\#(width)" w:type="dxa"/>\#(shading)</w:tcPr>"#
                        + #"<w:p><w:pPr><w:pStyle w:val="\#(head ? "TableHeading" : "TableContents")"/></w:pPr>\#(DOCXWriter.runs(cell))</w:p></w:tc>"#
                }
                return out + "</w:tr>"
            }
            xml += row(header, head: true) + rows.map { row($0, head: false) }.joined() + "</w:tbl>"
            // Word needs a paragraph between two tables, or it merges them.
            paragraph(style: "TableSpacing", "")
        }

        private mutating func inline(_ content: [Inline], bold: Bool = false, italic: Bool = false, code: Bool = false) -> String {
            var out = ""
            for piece in content {
                switch piece {
                case .text(let text): out += DOCXWriter.runs(text, bold: bold, italic: italic, code: code)
                case .strong(let inner): out += inline(inner, bold: true, italic: italic, code: code)
                case .emphasis(let inner): out += inline(inner, bold: bold, italic: true, code: code)
                case .code(let text): out += DOCXWriter.runs(text, bold: bold, italic: italic, code: true)
                case .link(let text, let url):
                    let label = inline(text, bold: bold, italic: italic, code: code)
                    out += link(url, label)
                case .lineBreak: out += "<w:r><w:br/></w:r>"
                }
            }
            return out
        }

        private mutating func link(_ url: String, _ content: String) -> String {
            links.append(url)
            return #"<w:hyperlink r:id="rLink\#(links.count)">\#(content.replacingOccurrences(of: "<w:r><w:rPr>", with: #"<w:r><w:rPr><w:rStyle w:val="Hyperlink"/>"#).replacingOccurrences(of: "<w:r><w:t", with: #"<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t"#))</w:hyperlink>"#
        }

        func document(header: Bool) -> String {
            let references = (header ? #"<w:headerReference w:type="default" r:id="rHeader"/>"# : "")
                + #"<w:footerReference w:type="default" r:id="rFooter"/>"#
            // A4, 2 cm margins: the 17 cm text width the column widths share.
            let section = "<w:sectPr>\(references)"
                + #"<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>"#
            return xmlDeclaration + #"<w:document \#(namespaces)><w:body>\#(xml)\#(section)</w:body></w:document>"#
        }

        func relationships(header: Bool) -> String {
            var out = xmlDeclaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
            let type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            out += #"<Relationship Id="rStyles" Type="\#(type)styles" Target="styles.xml"/>"#
            out += #"<Relationship Id="rNumbering" Type="\#(type)numbering" Target="numbering.xml"/>"#
            if header { out += #"<Relationship Id="rHeader" Type="\#(type)header" Target="header1.xml"/>"# }
            out += #"<Relationship Id="rFooter" Type="\#(type)footer" Target="footer1.xml"/>"#
            for (index, url) in links.enumerated() {
                out += #"<Relationship Id="rLink\#(index + 1)" Type="\#(type)hyperlink" Target="\#(XML.attribute(url))" TargetMode="External"/>"#
            }
            return out + "</Relationships>"
        }

        func numbering() -> String {
            func levels(numbered: Bool) -> String {
                (0..<9).map { level in
                    let indent = 360 * (level + 1) + 360
                    let format = numbered ? #"<w:numFmt w:val="decimal"/><w:lvlText w:val="%\#(level + 1)."/>"#
                        : #"<w:numFmt w:val="bullet"/><w:lvlText w:val="\#(["•", "◦", "▪"][level % 3])"/>"#
                    return #"<w:lvl w:ilvl="\#(level)"><w:start w:val="1"/>\#(format)<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="\#(indent)" w:hanging="360"/></w:pPr></w:lvl>"#
                }.joined()
            }
            var out = xmlDeclaration + #"<w:numbering \#(namespaces)>"#
            out += #"<w:abstractNum w:abstractNumId="1">\#(levels(numbered: false))</w:abstractNum>"#
            out += #"<w:abstractNum w:abstractNumId="2">\#(levels(numbered: true))</w:abstractNum>"#
            for (index, list) in lists.enumerated() {
                // Each list its own instance, starting where the text said ("3) tre" starts at 3).
                out += #"<w:num w:numId="\#(index + 1)"><w:abstractNumId w:val="\#(list.abstract)"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="\#(list.start)"/></w:lvlOverride></w:num>"#
            }
            return out + "</w:numbering>"
        }
    }

    /// Runs for a text: line breaks as `<w:br/>`, tabs as `<w:tab/>`, spaces kept.
    static func runs(_ text: String, bold: Bool = false, italic: Bool = false, code: Bool = false) -> String {
        guard !text.isEmpty else { return "" }
        var properties = ""
        if code { properties += #"<w:rFonts w:ascii="DejaVu Sans Mono" w:hAnsi="DejaVu Sans Mono" w:cs="DejaVu Sans Mono"/>"# }
        if bold { properties += "<w:b/>" }
        if italic { properties += "<w:i/>" }
        let open = properties.isEmpty ? "<w:r>" : "<w:r><w:rPr>\(properties)</w:rPr>"
        var out = ""
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out += "<w:br/>" }
            let pieces = line.split(separator: "\t", omittingEmptySubsequences: false)
            for (tabIndex, piece) in pieces.enumerated() {
                if tabIndex > 0 { out += "<w:tab/>" }
                if !piece.isEmpty { out += #"<w:t xml:space="preserve">\#(XML.attribute(String(piece)).replacingOccurrences(of: "&#13;", with: ""))</w:t>"# }
            }
        }
        return open + out + "</w:r>"
    }

    private static func twips(_ centimetres: Double) -> Int { Int((centimetres * 566.93).rounded()) }

    private static func part(_ root: String, paragraph: String) -> String {
        xmlDeclaration + #"<w:\#(root) \#(namespaces)>\#(paragraph)</w:\#(root)>"#
    }

    private static func footer(_ title: String) -> String {
        func field(_ instruction: String) -> String {
            #"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> \#(instruction) </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        }
        return #"<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>\#(runs(title + " — pagina "))\#(field("PAGE"))\#(runs(" di "))\#(field("NUMPAGES"))</w:p>"#
    }

    private static func core(_ report: Report, created: Date?) -> String {
        var fields = "<dc:title>\(XML.attribute(report.title))</dc:title>"
        if !report.subtitle.isEmpty { fields += "<dc:subject>\(XML.attribute(report.subtitle))</dc:subject>" }
        if !report.keywords.isEmpty { fields += "<cp:keywords>\(XML.attribute(report.keywords.joined(separator: " ")))</cp:keywords>" }
        fields += "<dc:language>it-IT</dc:language><dc:creator>Tavolo</dc:creator>"
        if let created {
            let stamp = created.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
            fields += #"<dcterms:created xsi:type="dcterms:W3CDTF">\#(stamp)</dcterms:created>"#
        }
        return xmlDeclaration + #"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\#(fields)</cp:coreProperties>"#
    }

    private static let xmlDeclaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"

    private static let namespaces = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#

    private static let contentTypes = xmlDeclaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
        <Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
        </Types>
        """

    private static let packageRelationships = xmlDeclaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rDocument" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        <Relationship Id="rCore" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        </Relationships>
        """

    private static let styles: String = {
        func style(_ id: String, _ name: String, basedOn: String? = "Normal", paragraph: String = "", run: String = "", kind: String = "paragraph") -> String {
            #"<w:style w:type="\#(kind)" w:styleId="\#(id)"><w:name w:val="\#(name)"/>"#
                + (basedOn.map { #"<w:basedOn w:val="\#($0)"/>"# } ?? "") + #"<w:qFormat/>"#
                + (paragraph.isEmpty ? "" : "<w:pPr>\(paragraph)</w:pPr>") + (run.isEmpty ? "" : "<w:rPr>\(run)</w:rPr>") + "</w:style>"
        }
        let sizes = [32, 28, 24, 22, 21, 21]  // half-points: 16 pt … 10.5 pt, as the ODT
        var headings = ""
        for level in 1...6 {
            headings += style(
                "Heading\(level)", "heading \(level)",
                paragraph: #"<w:keepNext/><w:spacing w:before="260" w:after="110"/><w:outlineLvl w:val="\#(level - 1)"/>"#,
                run: #"<w:b/><w:sz w:val="\#(sizes[level - 1])"/>"#)
        }
        return xmlDeclaration + #"<w:styles \#(namespaces)>"#
            + #"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans" w:cs="DejaVu Sans" w:eastAsia="DejaVu Sans"/><w:sz w:val="21"/><w:lang w:val="it-IT"/></w:rPr></w:rPrDefault>"#
            + #"<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after="0" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>"#
            + style("Normal", "Normal", basedOn: nil)
            + style("BodyText", "Body Text", paragraph: #"<w:spacing w:after="113" w:line="312" w:lineRule="auto"/>"#)
            + style("Title", "Title", paragraph: #"<w:spacing w:after="57"/>"#, run: #"<w:b/><w:sz w:val="38"/>"#)
            + style("Subtitle", "Subtitle", paragraph: #"<w:spacing w:after="283"/>"#, run: #"<w:i/><w:sz w:val="24"/>"#)
            + headings
            + style("ListParagraph", "List Paragraph", paragraph: #"<w:spacing w:after="57"/>"#)
            + style("Quote", "Quote", paragraph: #"<w:ind w:left="454" w:right="454"/><w:spacing w:after="113"/>"#, run: "<w:i/>")
            + style("Code", "Preformatted Text", run: #"<w:rFonts w:ascii="DejaVu Sans Mono" w:hAnsi="DejaVu Sans Mono" w:cs="DejaVu Sans Mono"/><w:sz w:val="18"/>"#)
            + style("Rule", "Horizontal Line", paragraph: #"<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/></w:pBdr><w:spacing w:after="170"/>"#)
            + style("TableContents", "Table Contents", run: #"<w:sz w:val="19"/>"#)
            + style("TableHeading", "Table Heading", basedOn: "TableContents", run: "<w:b/>")
            + style("TableSpacing", "Table Spacing", run: #"<w:sz w:val="8"/>"#)
            + style("SignatureRole", "Signature Role", paragraph: "<w:keepNext/>", run: "<w:b/>")
            + style("SignatureLine", "Signature Line", paragraph: #"<w:keepNext/><w:spacing w:before="794"/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="1A1A1A"/></w:pBdr>"#)
            + style("Header", "header", paragraph: #"<w:jc w:val="right"/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="A0A0A0"/></w:pBdr>"#, run: #"<w:color w:val="555555"/><w:sz w:val="17"/>"#)
            + style("Footer", "footer", paragraph: #"<w:jc w:val="center"/>"#, run: #"<w:color w:val="555555"/><w:sz w:val="17"/>"#)
            + style("Hyperlink", "Hyperlink", basedOn: nil, run: #"<w:color w:val="0B4F8A"/><w:u w:val="single"/>"#, kind: "character")
            + "</w:styles>"
    }()
}
