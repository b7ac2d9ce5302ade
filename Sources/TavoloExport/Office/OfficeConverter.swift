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
        let manager = FileManager.default
        if binary.contains("/") {
            guard manager.isExecutableFile(atPath: binary) else { throw ExportError.officeMissing(binary) }
            return binary
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where manager.isExecutableFile(atPath: "\(folder)/\(binary)") {
            return "\(folder)/\(binary)"
        }
        throw ExportError.officeMissing(binary)
    }

    /// Runs `arguments` (the first is the executable) with output to `log`, waits at most
    /// `timeout`, and returns its exit status. On timeout or cancellation the whole process
    /// group is killed.
    private func run(_ arguments: [String], log: String) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // A new process group led by the child: killing -pid reaches everything it starts.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw ExportError.conversionFailed("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")
        }

        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped == -1 && errno != EINTR { throw ExportError.conversionFailed("lost track of LibreOffice: \(String(cString: strerror(errno)))") }
            if ContinuousClock.now >= deadline || Task.isCancelled {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                if Task.isCancelled { throw CancellationError() }
                throw ExportError.timedOut(timeout)
            }
            // Polling keeps this free of signal handlers (the server installs its own); 20 ms
            // is nothing next to LibreOffice's second or so.
            try? await Task.sleep(for: .milliseconds(20))
        }
        // Exited normally → its code; killed by a signal → 128 + signal, as shells report it.
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
