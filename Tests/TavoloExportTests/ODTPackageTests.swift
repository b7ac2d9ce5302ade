import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TavoloExport

@Suite struct ODTPackageTests {
    @Test func packageLayoutFollowsODF() async throws {
        let file = try await Exporter().minutes(Fixtures.record, as: .odt)
        #expect(file.contentType == "application/vnd.oasis.opendocument.text")
        #expect(file.filename == "verbale-2026-11-23-seduta-1-ambito-anziani.odt")
        let entries = ZipEntry.read(file.bytes)
        #expect(entries.map(\.name) == ["mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml"])
        let mimetype = try #require(entries.first)
        #expect(mimetype.method == 0 && mimetype.extraLength == 0)
        #expect(String(decoding: mimetype.data, as: UTF8.self) == "application/vnd.oasis.opendocument.text")
        // The magic every ODF sniffer reads at byte 30.
        #expect(Array(file.bytes[30..<38]) == Array("mimetype".utf8))
        for entry in entries { #expect(CRC32.checksum(entry.data) == entry.crc, "\(entry.name)") }
    }

    /// "Dall/e" and "04:4/7" in a column too narrow were the complaint: every column has room for
    /// its longest word, and the widths fill the 17 cm text width.
    @Test func columnsHoldTheirLongestWordAndFillTheLine() {
        let header = ["Nome", "Organizzazione", "Ruolo", "Entrata", "Uscita", "Minuti"]
        let rows = [["Anna Rossi", "Comune di Budrio", "Pubblica amministrazione", "23/11/2026 15:00", "17:30", "150"]]
        let widths = ODTWriter.columnWidths(header: header, rows: rows).map { Double($0)! }
        #expect(abs(widths.reduce(0, +) - 17) < 0.05)
        for (column, width) in widths.enumerated() {
            let longest = ([header[column]] + rows.map { $0[column] }).flatMap { $0.split(separator: " ") }.map(\.count).max()!
            #expect(width >= Double(longest) * 0.2 + 0.25, "column \(header[column]) is \(width) cm")
        }
        // A time column stays narrower than a name column.
        #expect(widths[4] < widths[1])
    }

    @Test func pagesCarryTheSessionOnTopAndThePageNumberBelow() async throws {
        let entries = ZipEntry.read(try await Exporter().minutes(Fixtures.record, as: .odt).bytes)
        let styles = try #require(entries.first { $0.name == "styles.xml" }).data
        let text = String(decoding: styles, as: UTF8.self)
        #expect(text.contains(#"<style:header><text:p text:style-name="Header">Ambito anziani – Distretto Pianura Est – seduta n. 1 del 23 novembre 2026</text:p></style:header>"#))
        #expect(text.contains("<text:page-number"))
        let meta = String(decoding: try #require(entries.first { $0.name == "meta.xml" }).data, as: UTF8.self)
        #expect(meta.contains("<meta:keyword>tavolo-sha256:\(Fixtures.hash)</meta:keyword>"))
        let content = String(decoding: try #require(entries.first { $0.name == "content.xml" }).data, as: UTF8.self)
        #expect(content.contains(#"<text:p text:style-name="Signature_20_Role">Presidente della seduta</text:p>"#))
    }

    @Test func everyXMLPartIsWellFormedEvenWithHostileText() async throws {
        var record = Fixtures.record
        record.decisions.append("controllo \u{01}\u{1B}\u{FFFE} e \t tab  e  spazi")
        let entries = ZipEntry.read(try await Exporter().minutes(record, as: .odt).bytes)
        for entry in entries where entry.name.hasSuffix(".xml") {
            let parser = XMLParser(data: Data(entry.data))
            let delegate = ElementCollector()
            parser.delegate = delegate
            parser.shouldProcessNamespaces = true
            #expect(parser.parse(), "\(entry.name): \(parser.parserError.map { "\($0)" } ?? "")")
            if entry.name == "content.xml" {
                #expect(delegate.elements.filter { $0 == "h" }.count >= 10)
                #expect(delegate.elements.contains("table-header-rows"))
                #expect(delegate.elements.contains("list"))
                #expect(delegate.text.contains("Anna Rossi"))
                #expect(delegate.text.contains("Si adotta il calendario degli incontri."))
                #expect(delegate.text.contains("<script>alert(\"x\")</script>"))
                #expect(delegate.text.contains(Fixtures.hash))
            }
        }
    }

    @Test func spacesAndBreaksSurviveODFWhitespaceRules() {
        #expect(XML.text("a  b") == "a <text:s/>b")
        #expect(XML.text("   x") == #"<text:s text:c="3"/>x"#)
        #expect(XML.text("a\tb\nc") == "a<text:tab/>b<text:line-break/>c")
        #expect(XML.text("<&>\u{0}") == "&lt;&amp;&gt;\u{FFFD}")
        #expect(XML.attribute("\"x\"\n") == "&quot;x&quot;&#10;")
    }

    @Test func crcMatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
    }
}

final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}
