#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Turns an ODT into PDF/A-2b with LibreOffice in headless mode. Each conversion runs in
/// a fresh folder with its own LibreOffice profile (`-env:UserInstallation`), so
/// conversions running at the same time never share an instance or a lock file, and in
/// its own process group, so a timeout ends LibreOffice's helper processes too.
struct OfficeConverter: Sendable {
    let binary: String
    let timeout: Duration

    /// LibreOffice's PDF export with PDF/A-2 selected (its "B" conformance: fonts embedded,
    /// an sRGB output intent, XMP metadata).
    static let pdfA2Filter = #"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#

    func pdf(fromODT odt: [UInt8]) async throws -> [UInt8] {
        let executable = try resolveBinary()
        return try await ConversionSlots.shared.run { try await convert(odt, with: executable) }
    }

    private func convert(_ odt: [UInt8], with executable: String) async throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("documento.odt")
        try Data(odt).write(to: input)
        let arguments = [
            executable,
            "-env:UserInstallation=\(folder.appendingPathComponent("profile").absoluteString)",
            "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            "--convert-to", Self.pdfA2Filter,
            "--outdir", folder.path,
            input.path,
        ]
        let log = folder.appendingPathComponent("soffice.log")
        let status = try await run(arguments, log: log.path)
        let output = folder.appendingPathComponent("documento.pdf")
        guard status == 0, let pdf = FileManager.default.contents(atPath: output.path), pdf.starts(with: Array("%PDF".utf8)) else {
            let said = (try? String(contentsOf: log, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            throw ExportError.conversionFailed("LibreOffice (\(executable)) exited with status \(status) without writing a PDF"
                + (said.isEmpty ? "" : ": \(said.suffix(500))"))
        }
        return Array(pdf)
    }

    /// The executable: `binary` itself when it is a path, otherwise the first match on `PATH`.
    func resolveBinary() throws -> String {
        guard let executable = ChildProcess.executable(binary) else { throw ExportError.officeMissing(binary) }
        return executable
    }

    private func run(_ arguments: [String], log: String) async throws -> Int32 {
        do {
            return try await ChildProcess.run(arguments, log: log, timeout: timeout)
        } catch let failure as ChildProcess.Failure {
            switch failure {
            case .cannotStart(let why): throw ExportError.conversionFailed("cannot start \(arguments[0]): \(why)")
            case .lost(let why): throw ExportError.conversionFailed("lost track of LibreOffice: \(why)")
            case .timedOut: throw ExportError.timedOut(timeout)
            }
        }
    }
}
