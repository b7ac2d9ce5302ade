import Testing
import TavoloTransport

/// The query string is split and `+` replaced byte by byte, as browsers encode it (found while
/// writing the `http` fuzz target, whose reference parser reads bytes): split as Characters, a
/// combining mark after `&`, `=` or `+` made one grapheme with it, so the pair was not split or
/// the `+` not read as a space.
@Suite struct QueryStringByteTests {
    @Test func combiningMarksDoNotHideSeparators() {
        #expect(QueryString.parse("a=1&\u{301}b=2") == ["a": "1", "\u{301}b": "2"])
        #expect(QueryString.parse("a=\u{301}x") == ["a": "\u{301}x"])
        #expect(QueryString.parse("k\u{301}=\u{301}v") == ["k\u{301}": "\u{301}v"])
        #expect(QueryString.parse("a=b+\u{301}c") == ["a": "b \u{301}c"])
        #expect(QueryString.parse("+\u{301}=1") == [" \u{301}": "1"])
    }

    @Test func valuesThatDoNotDecodeStayAsWritten() {
        #expect(QueryString.parse("a=%zz+b&%4=x&c") == ["a": "%zz+b", "c": ""])
        #expect(QueryString.parse("&&a=%2B%26%3D&&") == ["a": "+&="])
    }

    @Test func percentDecodingKeepsPlus() {
        #expect(QueryString.percentDecode("a+b%2B") == "a+b+")
        #expect(QueryString.percentDecode("%\u{301}") == nil)
    }
}

/// Static paths are split on the byte `/` (found writing the `http` fuzz target): split as
/// Characters, a prepended mark before `/` (U+0600 joins what follows) hid the separator, and a `..`
/// segment passed the check.
@Suite struct StaticPathBytesTests {
    @Test func prependedMarksDoNotHideDotDot() {
        #expect(StaticFiles.relativePath(forRequestPath: "/a\u{600}/../x") == nil)
        #expect(StaticFiles.relativePath(forRequestPath: "/%D8%80/%2e%2e/x") == nil)
        #expect(StaticFiles.relativePath(forRequestPath: "/a\u{600}/.hidden") == nil)
        #expect(StaticFiles.relativePath(forRequestPath: "/a\\\u{301}b") == nil)
    }

    @Test func combiningMarksStayInTheirSegment() {
        #expect(StaticFiles.relativePath(forRequestPath: "/citt\u{E0}/x\u{301}/") == "citt\u{E0}/x\u{301}/index.html")
        #expect(StaticFiles.relativePath(forRequestPath: "/x/\u{301}y") == "x/\u{301}y")
        #expect(StaticFiles.relativePath(forRequestPath: "/\u{301}") == "\u{301}")
    }
}
