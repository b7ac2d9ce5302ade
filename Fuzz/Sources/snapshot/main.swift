import FuzzSupport
import TavoloCRDT

// Document(decoding:replica:), as the server loads a table from its last snapshot: hostile bytes
// either throw a DecodeError or load a document whose structure (causal graph, op log, lists) is
// sound, that reads, re-encodes to a snapshot that loads back the same, hands out its history to a
// replica and takes a local edit.
//
// Not checked: that each text's stored content equals its replayed history. A snapshot carries
// both, and loading trusts its writer (the server) rather than replaying every text (crdt.md §6.4:
// the history is rebuilt lazily, so a load costs its first block); a corrupted file therefore loads
// with the content it says, and its re-encoding may not load (its deleted-content block is counted
// from the history). The round trip is checked for snapshots whose texts and history agree.

/// A text whose stored content is not what its history replays to.
func contentDiffersFromHistory(_ problem: String) -> Bool { problem.hasSuffix("differs from its replayed history") }

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSnapshot(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard var document = try? Document(decoding: bytes, replica: "fuzz") else { return 0 }
    let problems = document.checkInvariants()
    let structural = problems.filter { !contentDiffersFromHistory($0) }
    check(structural.isEmpty, "a decoded snapshot breaks the document's invariants: \(structural)")
    // A snapshot whose texts and history agree (every snapshot the server writes) loads back the same.
    if problems.isEmpty {
        let content = document.node()
        let reloaded = try? Document(decoding: document.encodeSnapshot(), replica: "fuzz")
        check(reloaded?.node() == content, "a decoded snapshot does not re-encode to the same content")
        check(reloaded?.version == document.version, "a decoded snapshot does not re-encode to the same version")
    }
    // The history it carries goes to a replica, and the document takes an edit.
    var replica = Document(replica: "other")
    _ = replica.apply(document.operations())
    check(replica.checkInvariants().isEmpty, "the history of a decoded snapshot breaks a replica's invariants")
    if let text = document.objectIDs(of: .text).first {
        _ = try? document.insertText("x", at: 0, in: text)
        let after = document.checkInvariants().filter { !contentDiffersFromHistory($0) }
        check(after.isEmpty, "an edit after loading a snapshot breaks the invariants: \(after)")
    }
    return 0
}

runFuzzer()
