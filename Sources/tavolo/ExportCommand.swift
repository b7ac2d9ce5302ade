import ArgumentParser
import Foundation
import TavoloDomain
import TavoloExport
import TavoloServer

/// Archival exports from the command line, for coordinators and administrators with access
/// to the data folder: the same files the history API serves.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export approved minutes, a text at any moment, or the audit log.",
        subcommands: [Minutes.self, Text.self, Audit.self])

    struct Minutes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the approved minutes of a session (md, html, odt, pdf = PDF/A-2b, txt).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Table id.") var table: String
        @Option(help: "Session id.") var session: String
        @Option(help: "md, html, odt, pdf or txt.") var format: ExportFormat = .pdf
        @Option(help: "File to write (default: the export's own name in this folder; - for standard output).") var output: String?
        @Option(help: "LibreOffice executable for PDF (default: soffice on PATH).") var soffice = "soffice"

        func run() async throws {
            try await withArchive(storage, table: table, output: output, audit: ("minutes.exported", ["session": session, "format": format.rawValue])) { archive in
                try await Exporter(officeBinary: soffice).minutes(try archive.minutes(session: session), as: format)
            }
        }
    }

    struct Text: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export one text of a table as it was at a moment (or now).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Table id.") var table: String
        @Option(help: "Text path: project, minutes:<session>/text, proposal:<organisation>/goals, …") var text: String
        @Option(help: "Moment, milliseconds since 1970 UTC (default: now).") var at: Int64?
        @Option(help: "md, html, odt, pdf or txt.") var format: ExportFormat = .pdf
        @Option(help: "File to write (default: the export's own name in this folder; - for standard output).") var output: String?
        @Option(help: "LibreOffice executable for PDF (default: soffice on PATH).") var soffice = "soffice"

        func validate() throws {
            if let at, at < 0 || at > TableArchive.latestMoment {
                throw ValidationError("--at: milliseconds since 1970, from 0 to \(TableArchive.latestMoment)")
            }
        }

        func run() async throws {
            var detail = ["text": text, "format": format.rawValue]
            if let at { detail["at"] = String(at) }
            try await withArchive(storage, table: table, output: output, audit: ("text.exported", detail)) { archive in
                try await archive.textFile(path: text, at: at, as: format, exporter: Exporter(officeBinary: soffice))
            }
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export a table's audit log as CSV (RFC 4180).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Table id.") var table: String
        @Option(help: "File to write (default: audit-<table>.csv in this folder; - for standard output).") var output: String?

        func run() async throws {
            let settings = try await storage.settings()
            let stores = try await Stores.open(settings)
            let (store, domain) = (stores.store, stores.domain)
            let entries: [AuditEvent]
            do {
                guard try await domain.table(table) != nil else { throw CommandFailure("table \(table) not found") }
                entries = try await AuditLog(domain: domain, store: store).entries(table: table)
                // Written first, then recorded: the log never shows an export that did not happen.
                try write(Exporter().auditCSV(entries.map(AuditRow.init), filename: "audit-\(table)"), to: output)
                try await domain.audit(AuditEvent(actor: "admin", action: "audit.exported", table: table, fields: ["format": "csv"]))
            } catch {
                await stores.close()
                throw ValidationError("\(error)")
            }
            await stores.close()
        }
    }
}

/// Opens the data folder, loads the table, runs `body`, writes the file, records the export in
/// the audit log (the procedure must show who took which records; written first, so the log never
/// shows an export that did not happen), and closes the store whatever happens.
private func withArchive(
    _ storage: StorageOptions, table: String, output: String?, audit: (action: String, detail: [String: String]),
    _ body: (TableArchive) async throws -> ExportedFile
) async throws {
    let settings = try await storage.settings()
    let stores = try await Stores.open(settings)
    let (store, domain) = (stores.store, stores.domain)
    do {
        let file = try await body(try await TableArchive.load(table: table, store: store, domain: domain))
        try write(file, to: output)
        try await domain.audit(AuditEvent(actor: "admin", action: audit.action, table: table, fields: audit.detail))
        await stores.close()
    } catch {
        await stores.close()
        throw ValidationError("\(error)")
    }
}

private func write(_ file: ExportedFile, to output: String?) throws {
    if output == "-" {
        FileHandle.standardOutput.write(Data(file.bytes))
        return
    }
    let path = output ?? file.filename
    do {
        try Data(file.bytes).write(to: URL(fileURLWithPath: path))
    } catch {
        throw ValidationError("cannot write \(path): \(error.localizedDescription)")
    }
    print("Esportato / exported: \(path) (\(file.bytes.count) bytes, \(file.contentType))")
}

extension ExportFormat: ExpressibleByArgument {}
