import Testing
import TavoloTransport

@Suite struct StaticFilesTests {
    @Test(arguments: [
        ("/", "index.html"), ("/app.js", "app.js"), ("/a/b/c.css", "a/b/c.css"), ("/sub/", "sub/index.html"),
        ("/caff%C3%A8.txt", "caffè.txt"), ("//app.js", "app.js"),
    ])
    func mapsRequestPathsInsideTheRoot(request: String, expected: String) {
        #expect(StaticFiles.relativePath(forRequestPath: request) == expected)
    }

    @Test(arguments: [
        "/../Package.swift", "/%2e%2e/Package.swift", "/%2E%2e/x", "/a/../../b", "/./x", "/.git/config",
        "/a\\..\\b", "/%5c..%5cb", "/%00", "/%zz", "relative", "/%",
    ])
    func refusesEscapesAndMalformedPaths(request: String) {
        #expect(StaticFiles.relativePath(forRequestPath: request) == nil)
    }

    @Test func decodesOnlyOnceSoDoubleEncodingIsALiteralName() {
        #expect(StaticFiles.relativePath(forRequestPath: "/%252e%252e/x") == "%2e%2e/x")
    }

    @Test(arguments: [
        ("gzip, deflate, br", StaticFiles.ContentEncoding.brotli), ("gzip", .gzip), ("br;q=0, gzip", .gzip),
        ("BR , GZIP", .brotli), ("*", .brotli), ("*;q=0", nil), ("identity", nil), ("gzip;q=0, br;q=0", nil),
        ("x-gzip", .gzip), ("", nil), ("br;q=0.5", .brotli), ("deflate", nil),
    ])
    func picksTheBestEncodingTheClientAccepts(header: String, expected: StaticFiles.ContentEncoding?) {
        #expect(StaticFiles.preferredEncoding(acceptEncoding: header) == expected)
    }

    @Test func eachEncodingHasItsOwnValidator() {
        #expect(StaticFiles.entityTag("\"a-1\"", encoding: .brotli) == "\"a-1-br\"")
        #expect(StaticFiles.entityTag("\"a-1\"", encoding: .gzip) == "\"a-1-gzip\"")
        #expect(StaticFiles.isCompressible(contentType: "text/javascript; charset=utf-8"))
        #expect(!StaticFiles.isCompressible(contentType: "image/png") && !StaticFiles.isCompressible(contentType: "font/woff2"))
    }

    @Test func contentTypesForTheWebClient() {
        #expect(StaticFiles.contentType(forPath: "/web/app.js") == "text/javascript; charset=utf-8")
        #expect(StaticFiles.contentType(forPath: "index.HTML") == "text/html; charset=utf-8")
        #expect(StaticFiles.contentType(forPath: "font.woff2") == "font/woff2")
        #expect(StaticFiles.contentType(forPath: "noextension") == "application/octet-stream")
    }

    @Test func entityTagChangesWithSizeOrTime() {
        let tag = StaticFiles.entityTag(size: 10, modifiedSeconds: 1000, modifiedNanoseconds: 5)
        #expect(tag != StaticFiles.entityTag(size: 11, modifiedSeconds: 1000, modifiedNanoseconds: 5))
        #expect(tag != StaticFiles.entityTag(size: 10, modifiedSeconds: 1000, modifiedNanoseconds: 6))
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
    }
}

@Suite struct QueryStringTests {
    @Test func parsesAndDecodes() {
        #expect(QueryString.parse("channel=sala%20A&x=1&x=2&flag") == ["channel": "sala A", "x": "2", "flag": ""])
        #expect(QueryString.parse("a=b+c") == ["a": "b c"])
        #expect(QueryString.parse("") == [:])
    }

    @Test func rejectsMalformedEscapes() {
        #expect(QueryString.percentDecode("%4") == nil)
        #expect(QueryString.percentDecode("%ff") == nil)  // not UTF-8
        #expect(QueryString.percentDecode("%C3%A0") == "à")
    }
}

@Suite struct OriginPolicyTests {
    @Test func defaultAllowsSameOriginAndNonBrowsers() {
        let configuration = TransportConfiguration()
        #expect(configuration.allowsOrigin(nil, host: "127.0.0.1:8080"))
        #expect(configuration.allowsOrigin("http://127.0.0.1:8080", host: "127.0.0.1:8080"))
        #expect(!configuration.allowsOrigin("http://evil.example", host: "127.0.0.1:8080"))
        #expect(!configuration.allowsOrigin("http://127.0.0.1:8080", host: nil))
    }

    @Test func allowListIsExactAndStarAllowsAll() {
        var configuration = TransportConfiguration()
        configuration.allowedOrigins = ["https://tavolo.example.org"]
        #expect(configuration.allowsOrigin("https://tavolo.example.org", host: "x"))
        #expect(!configuration.allowsOrigin("https://tavolo.example.org.evil", host: "x"))
        #expect(!configuration.allowsOrigin("http://x", host: "x"))
        configuration.allowedOrigins = ["*"]
        #expect(configuration.allowsOrigin("http://anything", host: "x"))
    }

    @Test func applicationPaths() {
        let configuration = TransportConfiguration()
        #expect(configuration.isApplicationPath("/healthz"))
        #expect(configuration.isApplicationPath("/api/tables"))
        #expect(!configuration.isApplicationPath("/healthz/x"))
        #expect(!configuration.isApplicationPath("/index.html"))
    }
}
