import Foundation

/// Checks a digitally signed copy of an approved verbale before it is kept beside the record:
/// a PAdES-signed PDF (the signature inside the PDF) or a CAdES envelope (`.p7m`, the PDF
/// inside the signature). The signature's structure and integrity are checked with OpenSSL
/// (`cms -verify -noverify`: the signed bytes match the signature; the signer's certificate
/// is *not* checked against any authority — trusting Italy's qualified CAs is out of scope,
/// docs/api.md says so), and the signed document must carry the approved content hash, as
/// every exported verbale does in its metadata (`tavolo-sha256:<hash>`).
public struct SignedCopyCheck: Sendable {
    public enum Kind: String, Sendable {
        /// A PDF with its signature inside (PAdES, or the older adbe.pkcs7.detached).
        case pades
        /// A CMS SignedData envelope holding the PDF (CAdES, `.p7m`), DER or Base64.
        case cades
    }

    public struct Verified: Sendable, Equatable {
        public var kind: Kind
        /// The document that was signed: the PDF itself, or the PDF taken out of the envelope.
        public var document: [UInt8]
    }

    /// Why a signed copy is refused, in words the uploader can act on.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case notASignedVerbale
        case unsignedPDF
        case badSignature(String)
        case wrongContent(expected: String)
        case checkerMissing(String)

        public var description: String {
            switch self {
            case .notASignedVerbale:
                "the file is neither a PDF nor a signed envelope (.p7m): upload the signed PDF (PAdES) or the .p7m (CAdES)"
            case .unsignedPDF:
                "the PDF carries no digital signature: sign the verbale (PAdES) or upload the .p7m"
            case .badSignature(let why):
                "the digital signature does not verify against the signed content: \(why)"
            case .wrongContent(let expected):
                "the signed document is not the approved verbale: it does not carry its content hash \(expected) (export the approved verbale again and sign that file)"
            case .checkerMissing(let binary):
                "checking signatures needs OpenSSL, and '\(binary)' was not found: install the Debian package openssl"
            }
        }
    }

    public var openssl: String
    public var timeout: Duration

    public init(openssl: String = "openssl", timeout: Duration = .seconds(20)) {
        self.openssl = openssl
        self.timeout = timeout
    }

    /// The keyword an exported verbale carries for `hash`.
    public static func keyword(_ hash: String) -> String { "tavolo-sha256:" + hash }

    public func verify(_ bytes: [UInt8], approvedHash: String) async throws -> Verified {
        let verified: Verified
        if bytes.starts(with: Array("%PDF-".utf8)) {
            guard let signature = PDFSignature(bytes) else { throw Refusal.unsignedPDF }
            try await cmsVerify(signature: signature.der, detachedContent: signature.signedBytes)
            verified = Verified(kind: .pades, document: bytes)
        } else if let envelope = Self.envelope(bytes) {
            let content = try await cmsVerify(signature: envelope, detachedContent: nil)
            guard content.starts(with: Array("%PDF-".utf8)) else { throw Refusal.wrongContent(expected: approvedHash) }
            verified = Verified(kind: .cades, document: content)
        } else {
            throw Refusal.notASignedVerbale
        }
        guard Self.contains(verified.document, Array(Self.keyword(approvedHash).utf8)) else {
            throw Refusal.wrongContent(expected: approvedHash)
        }
        return verified
    }

    /// DER of a CMS envelope: as sent (DER starts with a SEQUENCE), or Base64 with or without PEM armour.
    static func envelope(_ bytes: [UInt8]) -> [UInt8]? {
        if bytes.first == 0x30, bytes.count > 16 { return bytes }
        guard var text = String(bytes: bytes, encoding: .ascii) else { return nil }
        text = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        text.removeAll { $0 == "\r" || $0 == " " }
        guard let data = Data(base64Encoded: text), data.first == 0x30 else { return nil }
        return [UInt8](data)
    }

    /// Runs `openssl cms -verify -noverify` on the signature (and the detached content, for a
    /// PAdES signature); returns the signed content.
    @discardableResult
    private func cmsVerify(signature: [UInt8], detachedContent: [UInt8]?) async throws -> [UInt8] {
        let executable = try resolve()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-signature-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let signaturePath = folder.appendingPathComponent("signature.der").path
        let outputPath = folder.appendingPathComponent("content.bin").path
        let logPath = folder.appendingPathComponent("openssl.log").path
        try Data(signature).write(to: URL(fileURLWithPath: signaturePath))
        var arguments = [executable, "cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", signaturePath, "-out", outputPath]
        if let detachedContent {
            let contentPath = folder.appendingPathComponent("signed.bin").path
            try Data(detachedContent).write(to: URL(fileURLWithPath: contentPath))
            arguments += ["-content", contentPath]
        }
        let status: Int32
        do {
            status = try await ChildProcess.run(arguments, log: logPath, timeout: timeout)
        } catch ChildProcess.Failure.timedOut {
            throw Refusal.badSignature("the check took longer than \(timeout.components.seconds) s")
        }
        guard status == 0, let content = FileManager.default.contents(atPath: outputPath) else {
            let said = (FileManager.default.contents(atPath: logPath).map { String(decoding: $0, as: UTF8.self) } ?? "")
                .split(separator: "\n").first.map(String.init) ?? "OpenSSL refused it"
            throw Refusal.badSignature(said)
        }
        return [UInt8](content)
    }

    private func resolve() throws -> String {
        guard let executable = ChildProcess.executable(openssl) else { throw Refusal.checkerMissing(openssl) }
        return executable
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        !needle.isEmpty && haystack.firstRange(of: needle) != nil
    }
}

/// The last signature of a signed PDF (ISO 32000-1 §12.8.1): `/ByteRange [a b c d]` names the
/// signed bytes (everything but the signature's hex string) and `/Contents <…>` holds the
/// CMS SignedData in hex, zero-padded.
struct PDFSignature {
    let der: [UInt8]
    let signedBytes: [UInt8]

    init?(_ pdf: [UInt8]) {
        let marker = Array("/ByteRange".utf8)
        // The last signature covers the whole file as it was signed (an incremental update later).
        var at: Int?
        var index = pdf.count - marker.count
        while index >= 0 {
            if pdf[index] == marker[0], pdf[index..<(index + marker.count)].elementsEqual(marker) { at = index; break }
            index -= 1
        }
        guard let start = at else { return nil }
        // The four integers inside the brackets.
        var cursor = start + marker.count
        while cursor < pdf.count, pdf[cursor] != UInt8(ascii: "[") { cursor += 1 }
        var numbers: [Int] = []
        var current: Int?
        cursor += 1
        while cursor < pdf.count, pdf[cursor] != UInt8(ascii: "]"), numbers.count < 4 {
            let byte = pdf[cursor]
            if byte >= 0x30 && byte <= 0x39 {
                let (next, overflow) = (current ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                current = next + Int(byte - 0x30)
            } else if let value = current {
                numbers.append(value)
                current = nil
            }
            cursor += 1
        }
        if let value = current { numbers.append(value) }
        guard numbers.count == 4 else { return nil }
        let (a, b, c, d) = (numbers[0], numbers[1], numbers[2], numbers[3])
        guard a == 0, b > 0, c > b, d >= 0, c <= pdf.count, d <= pdf.count - c else { return nil }
        // The gap between the ranges is the hex string: `<` … `>`.
        guard pdf[b] == UInt8(ascii: "<"), pdf[c - 1] == UInt8(ascii: ">") else { return nil }
        var der: [UInt8] = []
        var high: UInt8?
        for byte in pdf[(b + 1)..<(c - 1)] {
            let nibble: UInt8
            switch byte {
            case 0x30...0x39: nibble = byte - 0x30
            case 0x41...0x46: nibble = byte - 0x41 + 10
            case 0x61...0x66: nibble = byte - 0x61 + 10
            case 0x20, 0x0A, 0x0D, 0x09: continue
            default: return nil
            }
            if let h = high { der.append(h << 4 | nibble); high = nil } else { high = nibble }
        }
        // The hex string is zero-padded past the DER: trim to the SEQUENCE's own length.
        guard der.first == 0x30, let length = Self.derLength(der) else { return nil }
        self.der = Array(der.prefix(length))
        self.signedBytes = Array(pdf[a..<(a + b)]) + Array(pdf[c..<(c + d)])
    }

    /// The total length of the DER element at the start of `der` (definite lengths only).
    static func derLength(_ der: [UInt8]) -> Int? {
        guard der.count >= 2 else { return nil }
        let first = der[1]
        if first < 0x80 { return 2 + Int(first) <= der.count ? 2 + Int(first) : nil }
        let count = Int(first & 0x7F)
        guard count >= 1, count <= 4, der.count >= 2 + count else { return nil }
        var length = 0
        for byte in der[2..<(2 + count)] { length = length << 8 | Int(byte) }
        let total = 2 + count + length
        return total <= der.count ? total : nil
    }
}
