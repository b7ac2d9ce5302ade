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
        var failed = false
        // Every read and write below is bounds-checked by hand (the loop is hot on load).
        let out = [UInt8](unsafeUninitializedCapacity: size) { dst, initialized in
            src.withUnsafeBufferPointer { s in
                var i = 0, o = 0
                let end = s.count
                func length(_ base: Int) -> Int? {
                    var len = base
                    if base == 15 {
                        while true {
                            guard i < end else { return nil }
                            let b = Int(s[i]); i += 1
                            len += b
                            guard len <= size else { return nil }
                            if b != 255 { break }
                        }
                    }
                    return len
                }
                while i < end {
                    let token = Int(s[i]); i += 1
                    guard let lit = length(token >> 4), lit <= end - i, lit <= size - o else { failed = true; break }
                    if lit > 0 { (dst.baseAddress! + o).update(from: s.baseAddress! + i, count: lit) }
                    i += lit; o += lit
                    if i == end { break }
                    guard end - i >= 2 else { failed = true; break }
                    let offset = Int(s[i]) | Int(s[i + 1]) << 8
                    i += 2
                    guard offset > 0, offset <= o, let m = length(token & 15), m + 4 <= size - o else { failed = true; break }
                    let ml = m + 4
                    let d = dst.baseAddress! + o
                    if offset >= ml {
                        d.update(from: d - offset, count: ml)
                    } else {
                        // Overlapping match: byte by byte, it repeats its own output.
                        for k in 0..<ml { d[k] = d[k - offset] }
                    }
                    o += ml
                }
                if o != size { failed = true }
                if failed { dst.initialize(repeating: 0) }
                initialized = size
            }
        }
        if failed { throw .badCompression }
        return out
    }
}
