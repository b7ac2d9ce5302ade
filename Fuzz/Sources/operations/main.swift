import FuzzSupport
import TavoloCRDT

// Operations(decoding:), as the server reads every `ops` message and every stored batch: hostile
// bytes either throw a DecodeError or decode to a batch that re-encodes to itself, applies to a
// document (empty, or one with every kind of object) without breaking its invariants, and
// leaves a document whose operations decode and whose snapshot loads back to the same content.

/// A small document with a text, a list and a map, like the one the encoding tests use.
let bases: [Document] = {
    var document = Document(replica: "alice")
    do {
        let agenda = try document.makeObject(.list, at: "agenda")
        let minutes = try document.makeObject(.text, at: "minutes")
        try document.insertText("Verbale: café 👩‍👩‍👧", at: 0, in: minutes)
        try document.deleteText(at: 3, count: 2, in: minutes)
        try document.insert(.string("Bilancio"), at: 0, in: agenda)
        let item = try document.makeObject(.map, at: 1, in: agenda)
        try document.set("ok", to: .bool(true), in: item)
        try document.move(from: 1, to: 0, in: agenda)
    } catch {
        fatalError("the base document: \(error)")
    }
    return [Document(replica: "fuzz"), document]
}()

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOperations(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard let operations = try? Operations(decoding: bytes) else { return 0 }
    let again = try? Operations(decoding: operations.encoded())
    check(again == operations, "a decoded batch does not survive encoding and decoding")
    for base in bases {
        var document = base
        _ = document.missingDependencies(of: operations)
        _ = document.apply(operations)
        let problems = document.checkInvariants()
        check(problems.isEmpty, "invariants broken after applying a decoded batch: \(problems)")
        // What a joining replica gets: the document's operations, which must decode.
        check((try? Operations(decoding: document.encodedOperations())) != nil, "the document's own operations do not decode")
        let content = document.node()
        let reloaded = try? Document(decoding: document.encodeSnapshot())
        check(reloaded?.node() == content, "the document's snapshot does not load back to the same content")
        check(reloaded?.version == document.version, "the document's snapshot does not load back to the same version")
    }
    return 0
}

runFuzzer()
