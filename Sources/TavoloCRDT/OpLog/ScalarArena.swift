/// Append-only storage of inserted scalars in chunks of 4096; a chunk holds bytes until it meets
/// a scalar above U+00FF, then widens to 32 bits. Most text is Latin-1, so this stores 1 byte a
/// scalar instead of 4 and never copies more than one chunk when growing.
struct ScalarArena: Sendable {
    static let shift = 12
    static let chunkSize = 1 << shift

    private var narrow: [[UInt8]] = []
    /// Non-empty when the chunk at that index is wide (then `narrow` there is empty).
    private var wide: [[UInt32]] = []
    private(set) var count = 0

    init() {}

    /// `n` zero scalars (placeholders filled in later).
    init(zeros n: Int) {
        var left = n
        while left > 0 {
            let m = Swift.min(left, Self.chunkSize)
            var c = [UInt8](repeating: 0, count: m)
            c.reserveCapacity(Self.chunkSize)
            narrow.append(c)
            wide.append([])
            left -= m
        }
        count = n
    }

    init(_ scalars: [UInt32]) {
        for v in scalars { append(v) }
    }

    subscript(i: Int) -> UInt32 {
        let k = i >> Self.shift, o = i & (Self.chunkSize - 1)
        return wide[k].isEmpty ? UInt32(narrow[k][o]) : wide[k][o]
    }

    mutating func append(_ v: UInt32) {
        let k = count >> Self.shift
        if k == narrow.count {
            narrow.append([])
            narrow[k].reserveCapacity(Self.chunkSize)
            wide.append([])
        }
        if wide[k].isEmpty {
            if v < 256 {
                narrow[k].append(UInt8(v))
            } else {
                wide[k] = narrow[k].map(UInt32.init)
                wide[k].reserveCapacity(Self.chunkSize)
                wide[k].append(v)
                narrow[k] = []
            }
        } else {
            wide[k].append(v)
        }
        count += 1
    }

    mutating func append<S: Sequence>(contentsOf s: S) where S.Element == UInt32 {
        for v in s { append(v) }
    }

    /// Overwrites scalar `i` (used when rebuilding a snapshot's history).
    mutating func set(_ i: Int, _ v: UInt32) {
        let k = i >> Self.shift, o = i & (Self.chunkSize - 1)
        if wide[k].isEmpty && v < 256 {
            narrow[k][o] = UInt8(v)
        } else {
            if wide[k].isEmpty {
                wide[k] = narrow[k].map(UInt32.init)
                wide[k].reserveCapacity(Self.chunkSize)
                narrow[k] = []
            }
            wide[k][o] = v
        }
    }

    /// Scalars `lo..<hi` as one contiguous buffer (copied when they are narrow or span chunks).
    func withScalars<R>(_ lo: Int, _ hi: Int, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
        let k = lo >> Self.shift
        if hi > lo, (hi - 1) >> Self.shift == k, !wide[k].isEmpty {
            let o = lo & (Self.chunkSize - 1)
            return wide[k].withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[o..<(o + hi - lo)])) }
        }
        if hi - lo == 1 {
            var v = self[lo]
            return withUnsafePointer(to: &v) { body(UnsafeBufferPointer(start: $0, count: 1)) }
        }
        var tmp: [UInt32] = []
        tmp.reserveCapacity(hi - lo)
        for i in lo..<hi { tmp.append(self[i]) }
        return tmp.withUnsafeBufferPointer(body)
    }

    /// Scalars `lo..<hi` as an array.
    func array(_ lo: Int, _ hi: Int) -> [UInt32] {
        withScalars(lo, hi) { Array($0) }
    }
}
