import Crypto
import Foundation
import TavoloCRDT
import TavoloDomain

/// The content hash recorded when minutes are approved: SHA-256 (hex) of a canonical
/// JSON rendering of everything under `minutes:<session>` (docs/protocol.md, "Minutes").
public enum MinutesContent {
    public static func hash(of document: Document, session: String) -> String {
        var canonical = ""
        if case .object(let id, _)? = document.value(forKey: TableLayout.minutesKey(session: session)) {
            render(document.node(id), into: &canonical)
        } else {
            canonical = "null"
        }
        return SHA256.hash(data: Data(canonical.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Maps with keys sorted by UTF-8 bytes, texts as `{"text": …}`, no spaces.
    static func render(_ node: Node, into out: inout String) {
        switch node {
        case .map(let entries):
            out += "{"
            for (index, key) in entries.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
                if index > 0 { out += "," }
                string(key, into: &out)
                out += ":"
                render(entries[key]!, into: &out)
            }
            out += "}"
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                render(item, into: &out)
            }
            out += "]"
        case .text(let text):
            out += #"{"text":"#
            string(text, into: &out)
            out += "}"
        case .value(let value):
            switch value {
            case .null, .object: out += "null"
            case .bool(let flag): out += flag ? "true" : "false"
            case .int(let number): out += String(number)
            case .double(let number): out += number.isFinite ? "\(number)" : "null"
            case .string(let text): string(text, into: &out)
            }
        }
    }

    private static func string(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
