/// LZ4 block format (lz4.org "LZ4 Block Format Description"), used to compress text and
/// inserted content in snapshots. A greedy single-probe compressor; a strict decompressor.
enum LZ4Block {
    static func compress(_ src: [UInt8]) -> [UInt8] {
        let n = src.count
        var out: [UInt8] = []
        out.reserveCapacity(n / 2 + 16)
        if n == 0 { return out }
        var table = [Int32](repeating: -1, count: 1 << 14)
        var anchor = 0
        var i = 0
        let limit = n - 12
        src.withUnsafeBufferPointer { s in
            func read32(_ p: Int) -> UInt32 {
                UInt32(s[p]) | UInt32(s[p + 1]) << 8 | UInt32(s[p + 2]) << 16 | UInt32(s[p + 3]) << 24
            }
            func emit(literalsFrom a: Int, to b: Int, matchLength: Int, offset: Int) {
                let lit = b - a
                let ml = matchLength >= 4 ? matchLength - 4 : 0
                out.append(UInt8(Swift.min(lit, 15) << 4) | UInt8(matchLength >= 4 ? Swift.min(ml, 15) : 0))
                if lit >= 15 { var r = lit - 15; while r >= 255 { out.append(255); r -= 255 }; out.append(UInt8(r)) }
                out.append(contentsOf: s[a..<b])
                if matchLength >= 4 {
                    out.append(UInt8(offset & 0xFF)); out.append(UInt8(offset >> 8))
                    if ml >= 15 { var r = ml - 15; while r >= 255 { out.append(255); r -= 255 }; out.append(UInt8(r)) }
                }
            }
            while i < limit {
                let seq = read32(i)
                let h = Int((seq &* 2654435761) >> 18)
                let cand = Int(table[h])
                table[h] = Int32(i)
                if cand >= 0 && i - cand < 65536 && read32(cand) == seq {
                    var len = 4
                    while i + len < n - 5 && s[cand + len] == s[i + len] { len += 1 }
                    emit(literalsFrom: anchor, to: i, matchLength: len, offset: i - cand)
                    i += len
                    anchor = i
                } else {
                    i += 1
                }
            }
            emit(literalsFrom: anchor, to: n, matchLength: 0, offset: 0)
        }
        return out
    }

    static func decompress(_ src: ArraySlice<UInt8>, size: Int) throws(DecodeError) -> [UInt8] {
        guard size >= 0, size <= DecodeLimits.maxDecompressed else { throw .limitExceeded }
        var out = [UInt8](repeating: 0, count: size)
        var o = 0
        var i = src.startIndex
        let end = src.endIndex
        func length(_ base: Int) throws(DecodeError) -> Int {
            var len = base
            if base == 15 {
                while true {
                    guard i < end else { throw .badCompression }
                    let b = Int(src[i]); i += 1
                    len += b
                    guard len <= size else { throw .badCompression }
                    if b != 255 { break }
                }
            }
            return len
        }
        while i < end {
            let token = Int(src[i]); i += 1
            let lit = try length(token >> 4)
            guard lit <= end - i, lit <= size - o else { throw .badCompression }
            for k in 0..<lit { out[o + k] = src[i + k] }
            i += lit; o += lit
            if i == end { break }
            guard end - i >= 2 else { throw .badCompression }
            let offset = Int(src[i]) | Int(src[i + 1]) << 8
            i += 2
            guard offset > 0, offset <= o else { throw .badCompression }
            let ml = try length(token & 15) + 4
            guard ml <= size - o else { throw .badCompression }
            // Byte by byte: matches may overlap their own output.
            for k in 0..<ml { out[o + k] = out[o - offset + k] }
            o += ml
        }
        guard o == size else { throw .badCompression }
        return out
    }
}
