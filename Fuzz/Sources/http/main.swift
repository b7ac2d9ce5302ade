import FuzzSupport
import TavoloDomain
import TavoloStorage
import TavoloTransport
@testable import TavoloServer

// The request target of an HTTP request, `path?query`, through everything that reads it in Swift:
// percent-decoding and the query string (TavoloTransport.QueryString), the static files' path
// check, and the application's router with every route it has (health, administration, history).
// Properties, on bytes as a socket and a file system see them (not Characters, where a combining
// mark can hide a separator): decoding undoes encoding and the query parses as the URL standard
// says; a static path has no empty, `.` or `..` segment; a path the router matches is rebuilt byte
// for byte from its route's pattern and the parameters, each a non-empty part of one segment.

/// The router of `tavolo serve` with both APIs on, over in-memory stores.
nonisolated(unsafe) var routes: HTTPRoutes!
let tokens = await InvitationTokens(secret: Array("fuzz-invitation-secret-0123456789abcdef".utf8))
let domain = InMemoryDomainStore()
routes = HTTPRoutes(
    adminAPI: AdminAPI(domain: domain, tokens: tokens, adminToken: "fuzz-admin-token", publicURL: "https://tavolo.example.org"),
    history: HistoryAPI(store: InMemoryStore(), domain: domain, tokens: tokens, adminToken: "fuzz-admin-token"))

/// Every byte but unreserved ones as `%XX`.
func percentEncode(_ text: some StringProtocol) -> String {
    var out = ""
    for byte in text.utf8 {
        if (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || "-._~".utf8.contains(byte) {
            out.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            out += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
        }
    }
    return out
}

/// `a=1&b=x%20y` read byte by byte: `&` and `=` split, `+` is a space, later duplicates win, a key
/// that does not decode is skipped and a value that does not decode is kept as written.
func formParse(_ query: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in Array(query.utf8).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
        let equals = pair.firstIndex(of: UInt8(ascii: "="))
        let plus = { (bytes: ArraySlice<UInt8>) in String(decoding: bytes.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self) }
        guard let key = QueryString.percentDecode(plus(pair[..<(equals ?? pair.endIndex)])) else { continue }
        let rawValue = equals.map { pair[($0 + 1)...] } ?? []
        result[key] = QueryString.percentDecode(plus(rawValue)) ?? String(decoding: rawValue, as: UTF8.self)
    }
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRequestTarget(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // A request line without the version: `METHOD target` (a target alone is a GET). Split on
    // bytes, as libwebsockets splits the request line and the query.
    let line = fuzzBytes(data, size)
    let space = line.firstIndex(of: UInt8(ascii: " "))
    let method = space.map { String(decoding: line[..<$0], as: UTF8.self) } ?? "GET"
    let targetBytes = space.map { line[($0 + 1)...] } ?? line[...]
    let question = targetBytes.firstIndex(of: UInt8(ascii: "?"))
    let target = String(decoding: targetBytes, as: UTF8.self)
    let rawPath = String(decoding: targetBytes[..<(question ?? targetBytes.endIndex)], as: UTF8.self)
    let rawQuery = question.map { String(decoding: targetBytes[($0 + 1)...], as: UTF8.self) } ?? ""

    // Percent-decoding and the query string, against a reading byte by byte (the URL standard's
    // application/x-www-form-urlencoded parser).
    check(QueryString.percentDecode(percentEncode(target)) == target, "percent-decoding does not undo percent-encoding")
    if !target.utf8.contains(UInt8(ascii: "%")) {
        check(QueryString.percentDecode(target) == target, "decoding changed a text with no escapes")
    }
    let query = QueryString.parse(rawQuery)
    let expected = formParse(rawQuery)
    check(query == expected, "query \(rawQuery.debugDescription) parsed as \(query), not \(expected)")
    for (key, value) in query {
        let encoded = percentEncode(key) + "=" + percentEncode(value)
        check(QueryString.parse(encoded) == [key: value], "a query pair does not survive encoding and parsing")
    }

    // Static files: what the web root may serve, read as the file system reads it (bytes).
    if let relative = StaticFiles.relativePath(forRequestPath: rawPath) {
        let bytes = Array(relative.utf8)
        check(bytes.first != UInt8(ascii: "/") && !bytes.contains(0) && !bytes.contains(UInt8(ascii: "\\")), "static path \(relative) is absolute or has NUL or \\")
        for segment in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            check(segment.first.map { $0 != UInt8(ascii: ".") } ?? false, "static path \(relative.debugDescription) has an empty, dot or dot-dot segment")
        }
    }

    // The router, on the path as the transport hands it over (decoded once).
    let path = QueryString.percentDecode(rawPath) ?? rawPath
    switch routes.router.resolve(method: method, path: path) {
    case .found(let route, let parameters):
        check(route.methods.contains(method), "\(method) \(path) found a route for \(route.methods)")
        var rebuilt = ""
        for segment in route.pattern.segments {
            switch segment {
            case .literal(let text): rebuilt += "/" + text
            case .parameter(let parameter, let prefix):
                let value = parameters[parameter]
                let spansSegments = value.utf8.contains(UInt8(ascii: "/"))
                check(!value.isEmpty && !spansSegments, "parameter \(parameter) of \(path.debugDescription) is empty or spans segments")
                rebuilt += "/" + prefix + value
            }
        }
        check(rebuilt.utf8.elementsEqual(path.utf8), "\(path.debugDescription) matched \(route.pattern), which rebuilds it as \(rebuilt)")
    case .methodNotAllowed(let allowed):
        check(!allowed.isEmpty && !allowed.contains(method), "405 for \(method) \(path) allows \(allowed)")
    case .notFound:
        break
    }
    return 0
}

runFuzzer()
