/// Maps request paths to files under the web root without ever leaving it,
/// and decides their content type and caching headers.
public struct StaticFiles: Sendable {
    /// Absolute, symlink-free path of the web root.
    public let root: String

    public init(root: String) { self.root = root }

    /// The relative file path a request path names, or nil if it must be refused
    /// (`..` or `.` segments, NUL, backslashes, malformed escapes, hidden files).
    /// `rawPath` may still carry percent escapes; they are decoded exactly once more,
    /// so encoded traversal like `%2e%2e` is caught whichever layer decoded first.
    ///
    /// The path is read as bytes, as the file system reads it: split as Characters, a `/` after a
    /// prepended mark (U+0600 and the like join the next Character) was not a separator, so
    /// `/a\u{600}/../x` kept its `..` (found writing the `http` fuzz target; the transport's
    /// `realpath` check still kept such paths inside the web root).
    public static func relativePath(forRequestPath rawPath: String) -> String? {
        guard let path = QueryString.percentDecode(rawPath) else { return nil }
        let bytes = Array(path.utf8)
        guard bytes.first == UInt8(ascii: "/"), !bytes.contains(0), !bytes.contains(UInt8(ascii: "\\")) else { return nil }
        var segments: [String] = []
        for segment in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.first == UInt8(ascii: ".") { return nil }  // "..", "." and dotfiles alike
            // Cut at ASCII bytes, each segment is whole UTF-8.
            segments.append(String(decoding: segment, as: UTF8.self))
        }
        if bytes.last == UInt8(ascii: "/") || segments.isEmpty { segments.append("index.html") }
        return segments.joined(separator: "/")
    }

    /// Content type by file extension; JavaScript modules need the exact type to load.
    public static func contentType(forPath path: String) -> String {
        let ext = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "json", "map": return "application/json; charset=utf-8"
        case "webmanifest": return "application/manifest+json"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "wasm": return "application/wasm"
        case "pdf": return "application/pdf"
        default: return "application/octet-stream"
        }
    }

    /// A strong validator from size and modification time: cheap, and changes with every deploy.
    public static func entityTag(size: Int, modifiedSeconds: Int, modifiedNanoseconds: Int) -> String {
        "\"\(String(size, radix: 16))-\(String(modifiedSeconds, radix: 16))-\(String(modifiedNanoseconds, radix: 16))\""
    }

    /// Encodings a static file may be sent in, best first.
    public enum ContentEncoding: String, Sendable, CaseIterable {
        case brotli = "br"
        case gzip
    }

    /// Whether a file of this type is worth compressing (text; images and fonts are compressed already).
    public static func isCompressible(contentType: String) -> Bool {
        contentType.hasPrefix("text/") || contentType.hasPrefix("application/json") || contentType.hasPrefix("application/manifest")
            || contentType == "image/svg+xml" || contentType == "application/wasm"
    }

    /// The best encoding `Accept-Encoding` allows (RFC 9110 §12.5.3): brotli, then gzip; an
    /// encoding with `q=0` is refused, `*` stands for any not named.
    public static func preferredEncoding(acceptEncoding header: String?) -> ContentEncoding? {
        guard let header else { return nil }
        var weights: [String: Double] = [:]
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()).lowercased() }
            guard let name = parts.first, !name.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            weights[name] = weight
        }
        return ContentEncoding.allCases.first { encoding in
            (weights[encoding.rawValue] ?? (encoding == .gzip ? weights["x-gzip"] : nil) ?? weights["*"] ?? 0) > 0
        }
    }

    /// The validator of one encoded representation: strong validators must differ between
    /// representations (RFC 9110 §8.8.3), so the encoding joins the file's tag.
    public static func entityTag(_ tag: String, encoding: ContentEncoding) -> String {
        tag.hasSuffix("\"") ? String(tag.dropLast()) + "-\(encoding.rawValue)\"" : tag + "-" + encoding.rawValue
    }

    /// The client is not built with fingerprinted file names, so every file is revalidated
    /// (`no-cache` + ETag): a deploy is seen at once, and unchanged files cost a 304.
    public static let cacheControl = "no-cache"
}
