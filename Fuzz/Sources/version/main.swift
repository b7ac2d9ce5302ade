import FuzzSupport
import TavoloCRDT

// Version(decoding:), as the server reads a snapshot's and a join's version: hostile bytes either
// throw a DecodeError or decode to a version that re-encodes to itself.

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzVersion(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard let version = try? Version(decoding: bytes) else { return 0 }
    let encoded = version.encoded()
    check((try? Version(decoding: encoded)) == version, "a decoded version does not survive encoding and decoding")
    _ = version.description
    return 0
}

runFuzzer()
