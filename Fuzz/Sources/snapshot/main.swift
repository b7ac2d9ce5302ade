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
// with the content it says.

/// The invariants a snapshot must keep whatever its bytes: all but a text's content.
func structuralProblems(_ document: Document) -> [String] {
    document.checkInvariants().filter { !$0.hasSuffix("differs from its replayed history") }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSnapshot(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard var document = try? Document(decoding: bytes, replica: "fuzz") else { return 0 }
    let problems = structuralProblems(document)
    check(problems.isEmpty, "a decoded snapshot breaks the document's invariants: \(problems)")
    let content = document.node()
    let reloaded = try? Document(decoding: document.encodeSnapshot(), replica: "fuzz")
    check(reloaded?.node() == content, "a decoded snapshot does not re-encode to the same content")
    check(reloaded?.version == document.version, "a decoded snapshot does not re-encode to the same version")
    // The history it carries goes to a replica, and the document takes an edit.
    var replica = Document(replica: "other")
    _ = replica.apply(document.operations())
    check(structuralProblems(replica).isEmpty, "the history of a decoded snapshot breaks a replica's invariants")
    if let text = document.objectIDs(of: .text).first {
        _ = try? document.insertText("x", at: 0, in: text)
        check(structuralProblems(document).isEmpty, "an edit after loading a snapshot breaks the invariants")
    }
    return 0
}

runFuzzer()
