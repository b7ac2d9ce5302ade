import Foundation

/// Makes the archival exports: the approved minutes of a session, any text of a table at
/// some version, and the audit log. Markdown, HTML, plain text and ODT are written here;
/// PDF/A-2b is the ODT converted by LibreOffice (`officeBinary`), at most `timeout` per file.
public struct Exporter: Sendable {
    public var officeBinary: String
    public var timeout: Duration
    /// The zone the documents print times in (Europe/Rome, or UTC if the system lacks it).
    public var timeZone: TimeZone = .tables

    public init(officeBinary: String = "soffice", timeout: Duration = .seconds(60)) {
        self.officeBinary = officeBinary
        self.timeout = timeout
    }

    /// The approved minutes of one session: agenda, attendance, text, decisions, open points,
    /// actions, polls, amendments, approvals and the content hash.
    public func minutes(_ record: MinutesRecord, as format: ExportFormat) async throws -> ExportedFile {
        let text = ItalianText(timeZone: timeZone)
        let report = Report(minutes: record, text: text)
        return try await render(report, created: record.approvedAt, filename: Self.minutesFilename(record, text: text), as: format)
    }

    /// `verbale-2026-12-05-seduta-1-ambito-anziani`: sorts by date in a folder, says which
    /// session of which table; the session's id stands in for a number it lacks.
    static func minutesFilename(_ record: MinutesRecord, text: ItalianText) -> String {
        let day = record.meetingDay.map { text.isoDay($0) + "-" } ?? ""
        let session = record.sessionNumber.map { "seduta-\($0)" } ?? Filename.slug(record.sessionID)
        return "verbale-\(day)\(session)-\(Filename.slug(record.tableID))"
    }

    /// A text of a table (`body`, Markdown as people type it) under a title and a line that
    /// says which text and version it is. `filename` (without extension) defaults to the title.
    public func text(title: String, subtitle: String, body: String, as format: ExportFormat, filename: String? = nil) async throws -> ExportedFile {
        let report = Report(title: title, subtitle: subtitle, body: body)
        return try await render(report, created: nil, filename: Filename.slug(filename ?? title), as: format)
    }

    /// The audit log as CSV (RFC 4180, UTF-8, CRLF), header `at,actor,action,table,detail`.
    public func auditCSV(_ rows: [AuditRow], filename: String) -> ExportedFile {
        let base = Filename.slug(filename.hasSuffix(".csv") ? String(filename.dropLast(4)) : filename)
        return ExportedFile(contentType: "text/csv; charset=utf-8", filename: base + ".csv", bytes: Array(AuditCSV.render(rows).utf8))
    }

    private func render(_ report: Report, created: Date?, filename: String, as format: ExportFormat) async throws -> ExportedFile {
        let bytes: [UInt8] = switch format {
        case .markdown: Array(MarkdownWriter.render(report).utf8)
        case .html: Array(HTMLWriter.render(report).utf8)
        case .text: Array(PlainTextWriter.render(report).utf8)
        case .odt: ODTWriter.render(report, created: created)
        case .docx: DOCXWriter.render(report, created: created)
        case .pdf: try await OfficeConverter(binary: officeBinary, timeout: timeout).pdf(fromODT: ODTWriter.render(report, created: created))
        }
        return ExportedFile(contentType: format.contentType, filename: "\(filename).\(format.rawValue)", bytes: bytes)
    }
}

/// File names that survive every browser, file system and `Content-Disposition` header:
/// ASCII letters, digits, `-` and `_`, accents folded (`Attività` → `attivita`).
enum Filename {
    static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) || scalar == "_" {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty, !out.hasSuffix("-") {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        let trimmed = String(out.prefix(100))
        return trimmed.isEmpty ? "documento" : trimmed.lowercased()
    }
}
