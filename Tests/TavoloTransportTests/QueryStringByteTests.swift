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
