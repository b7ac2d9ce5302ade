import Foundation
import Testing
@testable import TavoloCRDT

/// Inputs the libFuzzer targets in `Fuzz/` found (scripts/fuzz.sh), minimised, each with the property
/// it broke.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return out
    }

    /// `operations`: a batch of alice's whose last operation, a list move on a missing target, names
    /// itself as the element and the slot. Applied, the reference was kept, and the snapshot encoder
    /// wrote a reference to the operation itself, which the decoder (rightly: references point
    /// back) refused with invalidReference.
    @Test func selfReferenceInAFuzzedBatch() throws {
        let batch = try Operations(decoding: Self.bytes(
            "54564f010105616c696365070000010002000661676e64610601000101000401000001050141000201010001040001010105"
                + "0142000301010002040001020105014300040101000303010501440005010001010104010006010100050501000106010500"))
        var document = Document(replica: "fuzz")
        document.apply(batch)
        let reloaded = try Document(decoding: document.encodeSnapshot())
        #expect(reloaded.node() == document.node())
        #expect(reloaded.version == document.version)
    }

    /// The same on a real list, as one member could send it to the server (the target exists and is a
    /// list, so the server's checks pass): an insert hanging from its own slot and a move whose slot is
    /// itself. They place as if they named no slot, and the table's snapshot loads again.
    @Test func selfReferencesOnAListLeaveALoadableSnapshot() throws {
        var alice = Document(replica: "alice")
        let list = try alice.makeObject(.list, at: "agenda")
        try alice.insert(.string("x"), at: 0, in: list)
        try alice.insert(.string("y"), at: 1, in: list)
        var server = Document(replica: "server")
        server.apply(alice.operations())
        let id = { (counter: Int) in OpID(replica: "alice", counter: counter) }
        let batch = Operations(runs: [
            RemoteRun(replica: "alice", seq: 3, len: 1, parents: [id(2)], kind: .listMove, target: list, element: id(1), parentSlot: id(3)),
            RemoteRun(replica: "alice", seq: 4, len: 1, parents: [id(3)], kind: .listInsert, target: list, value: .string("z"), parentSlot: id(4), right: false),
        ])
        #expect(server.missingDependencies(of: batch).isEmpty)
        #expect(server.apply(batch).applied == 2)
        #expect(server.node(list) == .list([.value(.string("z")), .value(.string("x")), .value(.string("y"))]))
        #expect(server.checkInvariants().isEmpty)
        let reloaded = try Document(decoding: server.encodeSnapshot())
        #expect(reloaded.node() == server.node())
        var replica = Document(replica: "bob")
        replica.apply(server.operations())
        #expect(replica.node() == server.node())
    }

    /// `operations`: alice-js types 23 scalars (alice-js@1...23), then sends a backspace run
    /// alice-js@2...26 from position 20, overlapping what was typed. The known head (22 operations)
    /// is trimmed, leaving deletes at −2, −3, −4: they do nothing, but the negative position was kept,
    /// and neither the document's operations (a varint) nor its snapshot (refused on load) could carry it.
    @Test func backspaceRunTrimmedBelowPositionZero() throws {
        let batch = try Operations(decoding: Self.bytes(
            "54564f010108616c6963652d6a7303000001000200076d696e757465730602000117010000000100002656657262616c653a"
                + "20636166c3a920f09f91a9e2808df09f91a9e2808df09f91a72065cc81210002190100180101001400"))
        var document = Document(replica: "fuzz")
        document.apply(batch)
        let minutes = ObjectID(creator: OpID(replica: "alice-js", counter: 0))
        #expect(Array(document.text(minutes).unicodeScalars.map(\.value)) == batch.runs[1].content)
        let operations = try Operations(decoding: document.encodedOperations())
        let reloaded = try Document(decoding: document.encodeSnapshot())
        #expect(reloaded.node() == document.node())
        #expect(reloaded.version == document.version)
        // A replica that gets the document's operations reads the same text.
        var replica = Document(replica: "bob")
        replica.apply(operations)
        #expect(replica.node() == document.node())
        #expect(document.checkInvariants().isEmpty)
    }

    /// `snapshot`: a text run's position delta near 2^63 (Fixtures/fuzz-snapshot-position-overflow.bin,
    /// minimised) overflowed `last + delta` in the snapshot decoder, which trapped instead of throwing.
    @Test func snapshotPositionDeltaThatOverflows() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz-snapshot-position-overflow.bin")
        let bytes = try [UInt8](Data(contentsOf: url))
        #expect(throws: DecodeError.limitExceeded) { try Document(decoding: bytes) }
    }
}
