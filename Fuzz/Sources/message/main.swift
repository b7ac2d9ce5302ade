import FuzzSupport
import TavoloCRDT
import TavoloSync

// ClientMessage.read and the bounded JSONReader under it, as the server reads every text frame
// before knowing who sent it: any text either is refused with a ProtocolError or reads to a
// message; what JSONReader reads, JSONWriter writes back to text that reads to the same value;
// an `ops` message's payload goes on to Operations(decoding:) as the engine does.

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    // A WebSocket text frame is valid UTF-8 (the transport closes on anything else).
    let text = String(decoding: fuzzBytes(data, size), as: UTF8.self)
    if let value = try? JSONReader.read(text) {
        let written = JSONWriter.write(value)
        let reread = try? JSONReader.read(written, limits: JSONLimits(maxDepth: 64, maxValues: 40_000))
        check(reread == value, "JSONWriter's text of a read value does not read back to it: \(written)")
    }
    guard let message = try? ClientMessage.read(text) else { return 0 }
    if case .operations(_, let payload) = message, let operations = try? Operations(decoding: payload) {
        var document = Document(replica: "server")
        _ = document.missingDependencies(of: operations)
        _ = document.apply(operations)
    }
    return 0
}

runFuzzer()
