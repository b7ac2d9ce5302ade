/// The formats of the exports, named by their file extension.
public enum ExportFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case html
    case odt
    /// Office Open XML, for those who edit in Word.
    case docx
    /// PDF/A-2b, for archiving.
    case pdf
    case text = "txt"

    /// The HTTP content type of a file in this format.
    public var contentType: String {
        switch self {
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .odt: ODTWriter.mediaType
        case .docx: DOCXWriter.mediaType
        case .pdf: "application/pdf"
        case .text: "text/plain; charset=utf-8"
        }
    }
}

/// One exported file, ready to send or to save.
public struct ExportedFile: Sendable, Equatable {
    public var contentType: String
    /// A file name without paths or quotes, safe in `Content-Disposition: attachment; filename="…"`.
    public var filename: String
    public var bytes: [UInt8]

    public init(contentType: String, filename: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.filename = filename
        self.bytes = bytes
    }
}

/// Why an export could not be made.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// LibreOffice is not installed (or not at the configured path): only PDF needs it.
    case officeMissing(String)
    case conversionFailed(String)
    case timedOut(Duration)
    /// Too many PDF conversions are running or queued; retry in a moment.
    case busy

    public var description: String {
        switch self {
        case .officeMissing(let binary):
            "PDF export needs LibreOffice, and '\(binary)' was not found: install the Debian package libreoffice-writer-nogui (and fonts-dejavu-core)"
        case .conversionFailed(let why):
            "PDF conversion failed: \(why)"
        case .busy:
            "too many PDF exports at once; retry in a moment"
        case .timedOut(let limit):
            "PDF conversion took longer than \(limit.components.seconds) s and was stopped"
        }
    }
}
