import Testing
@testable import TavoloExport

/// What is refused before OpenSSL is asked anything (the signatures themselves are checked
/// over real files in Tests/e2e/test_signed_copy.py).
@Suite struct SignedCopyCheckTests {
    let check = SignedCopyCheck()

    @Test func neitherAPDFNorAnEnvelopeIsRefused() async {
        for bytes in [Array("Gentili colleghi".utf8), [], [0x30, 0x01]] {
            await #expect(throws: SignedCopyCheck.Refusal.notASignedVerbale) { try await check.verify(bytes, approvedHash: "ab") }
        }
    }

    @Test func aPDFWithoutAWellFormedSignatureIsUnsigned() async {
        let cases = [
            "%PDF-1.7\n1 0 obj <<>> endobj",
            "%PDF-1.7 /ByteRange [0 10 20]/Contents <3000>",  // three numbers
            "%PDF-1.7 /ByteRange [0 99999999999999999999999 1 1]/Contents <30>",  // overflow
            "%PDF-1.7 /ByteRange [0 5 4 1]/Contents <3000>",  // ranges out of order
            "%PDF-1.7 /ByteRange [0 9 9999 1]/Contents <3000>",  // past the end
            "%PDF-1.7 /ByteRange [0 37 44 0]/Contents <zz00>",  // not hex
        ]
        for text in cases {
            await #expect(throws: SignedCopyCheck.Refusal.unsignedPDF, "\(text)") {
                try await check.verify(Array(text.utf8), approvedHash: "ab")
            }
        }
    }

    @Test func derLengthsAreReadOrRefused() {
        #expect(PDFSignature.derLength([0x30, 0x03, 1, 2, 3, 0, 0]) == 5)
        #expect(PDFSignature.derLength([0x30, 0x82, 0x00, 0x02, 1, 2]) == 6)
        #expect(PDFSignature.derLength([0x30, 0x82, 0x01, 0x00, 1]) == nil)  // longer than what is there
        #expect(PDFSignature.derLength([0x30, 0x80, 1, 2]) == nil)  // indefinite
        #expect(SignedCopyCheck.envelope(Array("-----BEGIN CMS-----\nMAMCAQE=\n-----END CMS-----\n".utf8)) == [0x30, 0x03, 0x02, 0x01, 0x01])
    }
}
