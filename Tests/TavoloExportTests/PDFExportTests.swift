import Foundation
import Testing
@testable import TavoloExport

/// These run LibreOffice: scripts/test.sh installs it (libreoffice-writer-nogui).
@Suite(.serialized) struct PDFExportTests {
    @Test func minutesBecomePDFA2b() async throws {
        let file = try await Exporter().minutes(Fixtures.record, as: .pdf)
        #expect(file.contentType == "application/pdf")
        #expect(file.filename == "verbale-2026-11-23-seduta-1-ambito-anziani.pdf")
        #expect(file.bytes.starts(with: Array("%PDF-1.".utf8)))
        // LibreOffice writes the XMP metadata stream uncompressed: the PDF/A claim is readable here.
        let raw = String(decoding: file.bytes, as: UTF8.self)
        #expect(raw.contains("<pdfaid:part>2</pdfaid:part>"))
        #expect(raw.contains("<pdfaid:conformance>B</pdfaid:conformance>"))
        #expect(raw.contains("/OutputIntents"))
        #expect(raw.contains("Verbale della seduta n. 1 del 23 novembre 2026"))
        // The content hash travels in the metadata, so a signed copy can be matched to its record.
        #expect(raw.contains("tavolo-sha256:\(Fixtures.hash)"))
    }

    @Test func concurrentExportsEachGetTheirOwnLibreOffice() async throws {
        // Two at once would collide on one LibreOffice profile (the second hands its work to the first and exits).
        var other = Fixtures.record
        other.sessionTitle = "Seconda seduta"
        async let first = Exporter().minutes(Fixtures.record, as: .pdf)
        async let second = Exporter().minutes(other, as: .pdf)
        let (a, b) = try await (first, second)
        #expect(String(decoding: a.bytes, as: UTF8.self).contains("Prima seduta"))
        #expect(String(decoding: b.bytes, as: UTF8.self).contains("Seconda seduta"))
    }

    @Test func missingLibreOfficeIsNamed() async throws {
        let error = await #expect(throws: ExportError.self) {
            try await Exporter(officeBinary: "/nonexistent/soffice").minutes(Fixtures.record, as: .pdf)
        }
        #expect(error == .officeMissing("/nonexistent/soffice"))
        #expect(error?.description.contains("libreoffice-writer-nogui") == true)
        // The other formats never need it.
        _ = try await Exporter(officeBinary: "/nonexistent/soffice").minutes(Fixtures.record, as: .odt)
    }

    @Test func aHungConverterIsKilledWithEverythingItStarted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-hung-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("soffice")
        let childPID = folder.appendingPathComponent("child.pid")
        // Like LibreOffice's launcher: a parent that waits on a child doing the work.
        try "#!/bin/sh\nsleep 60 &\necho $! > '\(childPID.path)'\nwait\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)

        let started = ContinuousClock.now
        let error = await #expect(throws: ExportError.self) {
            try await Exporter(officeBinary: script.path, timeout: .milliseconds(700)).minutes(Fixtures.record, as: .pdf)
        }
        #expect(error == .timedOut(.milliseconds(700)))
        #expect(ContinuousClock.now - started < .seconds(5))
        let pid = try #require(Int32(String(decoding: try Data(contentsOf: childPID), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The grandchild went with the group (reaped by init shortly after: allow a moment).
        var alive = true
        for _ in 0..<50 where alive {
            alive = kill(pid, 0) == 0 && !isZombie(pid)
            if alive { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(!alive)
    }

    private func isZombie(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}

@Suite struct ConversionSlotsTests {
    /// One running, one waiting: a third at the same time is refused, and the waiting one runs
    /// once the first is done (never two at once).
    @Test func conversionsBeyondTheQueueAreRefused() async throws {
        let slots = ConversionSlots(running: 1, waiting: 1)
        let log = Log()
        let (gate, open) = AsyncStream<Void>.makeStream()
        async let first: Void = slots.run {
            await log.note("start 1")
            for await _ in gate { break }  // holds the slot until the test lets go
            await log.note("end 1")
        }
        while await log.lines.isEmpty { await Task.yield() }
        async let second: Void = slots.run { await log.note("start 2"); await log.note("end 2") }
        while await slots.queued < 1 { await Task.yield() }
        await #expect(throws: ExportError.busy) { try await slots.run { await log.note("start 3") } }
        open.yield()
        _ = try await (first, second)
        #expect(await log.lines == ["start 1", "end 1", "start 2", "end 2"])
    }

    actor Log {
        var lines: [String] = []
        func note(_ line: String) { lines.append(line) }
    }
}
