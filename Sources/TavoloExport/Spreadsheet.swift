import Foundation

/// Tables of figures for people who work in spreadsheets (the cabina di regia's dashboard):
/// each sheet a header and rows of cells, written as CSV (the first sheet, RFC 4180 like the
/// audit log) or as an OpenDocument spreadsheet with every sheet (numbers as numbers).
public struct Spreadsheet: Sendable, Equatable {
    public enum Cell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case text(String)
        case number(Double)

        public init(stringLiteral value: String) { self = .text(value) }
        public init(integerLiteral value: Int) { self = .number(Double(value)) }

        /// A text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or CR first)
        /// goes out behind an apostrophe: a name typed at a table must never run as a formula
        /// on a coordinator's machine (CSV injection). Numbers go out as numbers.
        var csvField: String {
            guard case .text(let text) = self, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return plain }
            return "'" + text
        }

        var plain: String {
            switch self {
            case .text(let text): text
            case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            }
        }
    }

    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var header: [String]
        public var rows: [[Cell]]

        public init(name: String, header: [String], rows: [[Cell]]) {
            self.name = name
            self.header = header
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) { self.sheets = sheets }

    public static let odsMediaType = "application/vnd.oasis.opendocument.spreadsheet"

    /// Every sheet, one after the other, each with its name on a line of its own before its header.
    public func csv() -> [UInt8] {
        var out = ""
        for (index, sheet) in sheets.enumerated() {
            if sheets.count > 1 {
                if index > 0 { out += "\r\n" }
                out += AuditCSV.line([sheet.name])
            }
            out += AuditCSV.line(sheet.header)
            for row in sheet.rows { out += AuditCSV.line(row.map(\.csvField)) }
        }
        return Array(out.utf8)
    }

    public func ods() -> [UInt8] {
        var body = ""
        for sheet in sheets {
            body += #"<table:table table:name="\#(XML.attribute(sheet.name))">"#
            body += #"<table:table-column table:number-columns-repeated="\#(max(sheet.header.count, 1))"/>"#
            body += "<table:table-header-rows><table:table-row>"
                + sheet.header.map { #"<table:table-cell office:value-type="string"><text:p>\#(XML.text($0))</text:p></table:table-cell>"# }.joined()
                + "</table:table-row></table:table-header-rows>"
            for row in sheet.rows {
                body += "<table:table-row>"
                for cell in row {
                    switch cell {
                    case .text(let text):
                        body += #"<table:table-cell office:value-type="string"><text:p>\#(XML.text(text))</text:p></table:table-cell>"#
                    case .number(let number):
                        body += #"<table:table-cell office:value-type="float" office:value="\#(number)"><text:p>\#(cell.plain)</text:p></table:table-cell>"#
                    }
                }
                body += "</table:table-row>"
            }
            body += "</table:table>"
        }
        let namespaces = #"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0""#
        let content = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<office:document-content \#(namespaces) office:version="1.2"><office:body><office:spreadsheet>\#(body)</office:spreadsheet></office:body></office:document-content>"#
        let manifest = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#
            + #"<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="\#(Self.odsMediaType)"/>"#
            + #"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
        var zip = ZipArchive()
        zip.add("mimetype", Array(Self.odsMediaType.utf8))
        zip.add("META-INF/manifest.xml", Array(manifest.utf8))
        zip.add("content.xml", Array(content.utf8))
        return zip.bytes
    }
}
