import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import TavoloExport

/// The verbale for Word: an OOXML package whose every part is well-formed XML, with the parts
/// Word needs related to each other. (LibreOffice opens it in `Tests/e2e/test_exports.py`.)
@Suite struct DOCXPackageTests {
    @Test func packageHasEveryPartWellFormedEvenWithHostileText() async throws {
        var record = Fixtures.record
        record.decisions.append("controllo \u{01}\u{1B}\u{FFFE} e \t tab  e  spazi\r\nriga")
        let file = try await Exporter().minutes(record, as: .docx)
        #expect(file.filename == "verbale-2026-11-23-seduta-1-ambito-anziani.docx")
        #expect(file.contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        let entries = ZipEntry.read(file.bytes)
        #expect(Set(entries.map(\.name)) == [
            "[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml",
            "word/numbering.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml",
        ])
        for entry in entries {
            #expect(CRC32.checksum(entry.data) == entry.crc, "\(entry.name)")
            let parser = XMLParser(data: Data(entry.data))
            let collector = ElementCollector()
            parser.delegate = collector
            #expect(parser.parse(), "\(entry.name) is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        }
        let document = String(decoding: try #require(entries.first { $0.name == "word/document.xml" }).data, as: UTF8.self)
        #expect(document.contains("Verbale della seduta n. 1 del 23 novembre 2026"))
        #expect(!document.contains("<script>") && document.contains("&lt;script&gt;"))
        // Every list is its own numbering instance, every hyperlink a relationship.
        let numbering = String(decoding: try #require(entries.first { $0.name == "word/numbering.xml" }).data, as: UTF8.self)
        let numIDs = Set(document.matches(of: /<w:numId w:val="(\d+)"\/>/).map { String($0.1) })
        for id in numIDs { #expect(numbering.contains(#"<w:num w:numId="\#(id)">"#)) }
        let relationships = String(decoding: try #require(entries.first { $0.name == "word/_rels/document.xml.rels" }).data, as: UTF8.self)
        #expect(relationships.contains(#"Target="https://meet.example.org/tavolo-anziani" TargetMode="External""#))
        let core = String(decoding: try #require(entries.first { $0.name == "docProps/core.xml" }).data, as: UTF8.self)
        #expect(core.contains("<cp:keywords>tavolo-sha256:\(Fixtures.hash)</cp:keywords>"))
    }

    @Test func numberedListsKeepTheirFirstNumber() async throws {
        let file = try await Exporter().text(title: "Verbale", subtitle: "", body: "3) tre\n4) quattro\n\n- punto", as: .docx)
        let numbering = ZipEntry.read(file.bytes).first { $0.name == "word/numbering.xml" }.map { String(decoding: $0.data, as: UTF8.self) } ?? ""
        #expect(numbering.contains(#"<w:startOverride w:val="3"/>"#))
    }
}
