/// Reads the primitive encodings, checking every bound.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func byte() throws(DecodeError) -> UInt8 {
        guard offset < bytes.count else { throw .truncated }
        offset += 1
        return bytes[offset - 1]
    }

    mutating func bool() throws(DecodeError) -> Bool {
        let b = try byte()
        guard b <= 1 else { throw .invalidTag(b) }
        return b == 1
    }

    /// A non-negative varint below 2^63.
    mutating func varint() throws(DecodeError) -> Int {
        var x: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63 && b > 0 { throw .varintOverflow }
            x |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
            if shift > 63 { throw .varintOverflow }
        }
        guard x <= UInt64(Int.max) else { throw .varintOverflow }
        return Int(x)
    }

    /// A varint no greater than `limit`.
    mutating func varint(max limit: Int) throws(DecodeError) -> Int {
        let v = try varint()
        guard v <= limit else { throw .limitExceeded }
        return v
    }

    /// A count of items that each take at least one byte (so it cannot exceed what is left).
    mutating func count() throws(DecodeError) -> Int {
        let v = try varint()
        guard v <= remaining else { throw .limitExceeded }
        return v
    }

    mutating func zigzag() throws(DecodeError) -> Int64 {
        var x: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63 && b > 1 { throw .varintOverflow }
            x |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
            if shift > 63 { throw .varintOverflow }
        }
        return Int64(bitPattern: (x >> 1) ^ (0 &- (x & 1)))
    }

    mutating func raw(_ n: Int) throws(DecodeError) -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else { throw .truncated }
        offset += n
        return bytes[(offset - n)..<offset]
    }

    mutating func string(max limit: Int = DecodeLimits.maxStringBytes) throws(DecodeError) -> String {
        let n = try varint()
        guard n <= limit else { throw .limitExceeded }
        let slice = try raw(n)
        guard let s = String(validating: slice, as: UTF8.self) else { throw .invalidText }
        return s
    }

    /// Length-prefixed UTF-8 decoded to scalars, appended to `out`; returns how many.
    mutating func scalars(into out: inout [UInt32]) throws(DecodeError) -> Int {
        let n = try varint()
        guard n <= DecodeLimits.maxDecompressed else { throw .limitExceeded }
        let slice = try raw(n)
        return try decodeUTF8(slice, into: &out)
    }
}

/// Strict UTF-8 decoding (no overlongs, no surrogates, nothing above U+10FFFF).
func decodeUTF8<C: Collection>(_ bytes: C, into out: inout [UInt32]) throws(DecodeError) -> Int where C.Element == UInt8, C.Index == Int {
    let result: Int?? = bytes.withContiguousStorageIfAvailable { buf -> Int? in
        let n = buf.count
        let start = out.count
        // At most one scalar per byte: write into spare capacity, then trim.
        out.reserveCapacity(start + n)
        var count = 0
        var ok = true
        var tmp = [UInt32](unsafeUninitializedCapacity: n) { dst, initialized in
            var i = 0
            while i < n {
                let b0 = UInt32(buf[i])
                if b0 < 0x80 { dst[count] = b0; count += 1; i += 1; continue }
                let len: Int
                var v: UInt32
                if b0 & 0xE0 == 0xC0 { len = 2; v = b0 & 0x1F } else if b0 & 0xF0 == 0xE0 { len = 3; v = b0 & 0x0F } else if b0 & 0xF8 == 0xF0 { len = 4; v = b0 & 0x07 } else { ok = false; break }
                guard n - i >= len else { ok = false; break }
                for k in 1..<len {
                    let b = UInt32(buf[i + k])
                    guard b & 0xC0 == 0x80 else { ok = false; break }
                    v = (v << 6) | (b & 0x3F)
                }
                if !ok { break }
                let minimum: UInt32 = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000
                guard v >= minimum, v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { ok = false; break }
                dst[count] = v; count += 1; i += len
            }
            initialized = ok ? count : 0
        }
        guard ok else { return nil }
        if start == 0 { swap(&out, &tmp) } else { out.append(contentsOf: tmp) }
        return count
    }
    switch result {
    case .some(.some(let n)): return n
    case .some(.none): throw .invalidText
    case .none: return try decodeUTF8(Array(bytes), into: &out)
    }
}
