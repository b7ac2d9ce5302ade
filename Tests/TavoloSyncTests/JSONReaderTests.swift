import Testing
import TavoloSync

@Suite struct JSONReaderTests {
    @Test func readsWhatTheProtocolSends() throws {
        let value = try JSONReader.read(#" {"type":"hello","n":-1.5e2,"ok":true,"no":null,"list":[1,"a\n\u00e8\ud83d\ude00"]} "#)
        #expect(value == .object([
            "type": .string("hello"), "n": .number(-150), "ok": .bool(true), "no": .null,
            "list": .array([.number(1), .string("a\nè😀")]),
        ]))
    }

    @Test func writesWhatItReads() throws {
        let text = #"{"a":[1,2.5,"x\"y\\z/\u0001"],"b":{"c":null,"d":false},"e":-3}"#
        #expect(JSONWriter.write(try JSONReader.read(text)) == text)
    }

    @Test(arguments: ["", "{", #"{"a"}"#, "[1,]", "01", "1.", "tru", #""\x""#, #""\ud800""#, "{} x", "\"a\u{1}\"", "NaN"])
    func refusesWhatIsNotJSON(text: String) {
        #expect(throws: JSONReadError.self) { try JSONReader.read(text) }
    }

    @Test func stopsAtTheDepthLimit() {
        let nested = String(repeating: "[", count: 250) + String(repeating: "]", count: 250)
        #expect(throws: JSONReadError.tooDeep(32)) { try JSONReader.read(nested) }
        #expect(throws: Never.self) { try JSONReader.read(nested, limits: JSONLimits(maxDepth: 250)) }
    }

    @Test func stopsAtTheValueLimit() {
        let many = "[" + Array(repeating: #"{"a":1}"#, count: 150_000).joined(separator: ",") + "]"
        #expect(throws: JSONReadError.tooManyValues(20_000)) { try JSONReader.read(many) }
    }

    @Test func clientMessagesCarryTheirRefIntoErrors() {
        #expect(throws: ProtocolError(.badMessage, "wrong type for field 'ops'", ref: 9)) {
            try ClientMessage.read(#"{"type":"ops","ref":9,"ops":5}"#)
        }
    }

    @Test func numbersAreWrittenAsFoundationWroteThem() {
        let cases: [(Double, String)] = [
            (12, "12"), (-0.0, "-0"), (9_007_199_254_740_992, "9007199254740992"), (1e16, "1e+16"), (0.1, "0.1"),
            (-1.5, "-1.5"), (1_795_431_369_000, "1795431369000"),
        ]
        for (number, text) in cases { #expect(JSONWriter.write(.number(number)) == text) }
    }
}
