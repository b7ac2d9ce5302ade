/// Appends the primitive encodings: LEB128 varints, zigzag integers, length-prefixed UTF-8.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func varint(_ v: Int) {
        var x = UInt64(bitPattern: Int64(v))
        while x >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: x) | 0x80)
            x >>= 7
        }
        bytes.append(UInt8(x))
    }

    mutating func zigzag(_ v: Int64) { varint(Int((v << 1) ^ (v >> 63))) }

    mutating func string(_ s: String) {
        let u = Array(s.utf8)
        varint(u.count)
        bytes.append(contentsOf: u)
    }

    mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// Scalars as length-prefixed UTF-8.
    mutating func scalars<C: Collection>(_ s: C) where C.Element == UInt32 {
        var u: [UInt8] = []
        u.reserveCapacity(s.count)
        for v in s { appendUTF8(v, to: &u) }
        varint(u.count)
        bytes.append(contentsOf: u)
    }
}

@inline(__always)
func appendUTF8(_ v: UInt32, to u: inout [UInt8]) {
    if v < 0x80 {
        u.append(UInt8(v))
    } else if v < 0x800 {
        u.append(UInt8(0xC0 | (v >> 6))); u.append(UInt8(0x80 | (v & 0x3F)))
    } else if v < 0x10000 {
        u.append(UInt8(0xE0 | (v >> 12))); u.append(UInt8(0x80 | ((v >> 6) & 0x3F))); u.append(UInt8(0x80 | (v & 0x3F)))
    } else {
        u.append(UInt8(0xF0 | (v >> 18))); u.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        u.append(UInt8(0x80 | ((v >> 6) & 0x3F))); u.append(UInt8(0x80 | (v & 0x3F)))
    }
}
