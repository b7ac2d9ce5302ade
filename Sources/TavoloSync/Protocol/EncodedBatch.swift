import Foundation

/// One batch of operations from one author, written to JSON once and shared by every `ops`
/// message that carries it (docs/protocol.md, `ops`): the base64 of a batch is the bulk of what
/// the server writes, so it is never encoded per member.
public struct EncodedBatch: Sendable, Equatable {
    /// `"author":…,"ops":…`: the fields both forms share, keys in `JSONWriter`'s order.
    private let fields: [UInt8]
    /// The batch alone, as protocol v1 sends every batch: `{"author":…,"ops":…,"type":"ops"}`,
    /// byte for byte `ServerMessage.operations(author:payload:).json`.
    public let single: String

    public init(author: String, payload: [UInt8]) {
        let object = JSONWriter.write(.object(["author": .string(author), "ops": .string(Data(payload).base64EncodedString())]))
        fields = Array(object.utf8.dropFirst().dropLast())
        single = "{" + String(decoding: fields, as: UTF8.self) + #","type":"ops"}"#
    }

    /// The `ops` messages of protocol v2 carrying `batches` in order: as few as can each stay
    /// within `limit` bytes (one batch larger than that travels alone, as in v1).
    public static func messages(_ batches: [EncodedBatch], limit: Int) -> [String] {
        let envelope = #"{"batches":[],"type":"ops"}"#.utf8.count
        var messages: [String] = []
        var start = 0, size = envelope
        for (index, batch) in batches.enumerated() {
            let added = batch.fields.count + 3  // braces and comma
            if index > start, size + added > limit {
                messages.append(message(batches[start..<index]))
                (start, size) = (index, envelope)
            }
            size += added
        }
        if start < batches.count { messages.append(message(batches[start...])) }
        return messages
    }

    /// The `ops` message of protocol v2 carrying `batches` (at least one) in order: the single form
    /// for one batch, otherwise `{"batches":[{"author":…,"ops":…},…],"type":"ops"}`.
    public static func message(_ batches: some Collection<EncodedBatch>) -> String {
        precondition(!batches.isEmpty, "an ops message carries at least one batch")
        if batches.count == 1 { return batches.first!.single }
        var output: [UInt8] = []
        output.reserveCapacity(batches.reduce(32) { $0 + $1.fields.count + 3 })
        output.append(contentsOf: #"{"batches":["#.utf8)
        for (index, batch) in batches.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "{"))
            output.append(contentsOf: batch.fields)
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: #"],"type":"ops"}"#.utf8)
        return String(decoding: output, as: UTF8.self)
    }
}
