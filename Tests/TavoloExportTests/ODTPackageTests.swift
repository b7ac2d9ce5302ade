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
        #expect(file.filename == "verbale-ambito-anziani-seduta-1.odt")
        let entries = ZipEntry.read(file.bytes)
        #expect(entries.map(\.name) == ["mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml"])
        let mimetype = try #require(entries.first)
        #expect(mimetype.method == 0 && mimetype.extraLength == 0)
        #expect(String(decoding: mimetype.data, as: UTF8.self) == "application/vnd.oasis.opendocument.text")
        // The magic every ODF sniffer reads at byte 30.
        #expect(Array(file.bytes[30..<38]) == Array("mimetype".utf8))
        for entry in entries { #expect(CRC32.checksum(entry.data) == entry.crc, "\(entry.name)") }
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

private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(name)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}
