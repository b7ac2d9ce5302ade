/// An array stored in fixed chunks of 1024 elements: growing never copies more than one chunk,
/// so the peak memory of a long history stays close to its size (a plain array doubles).
struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private static var shift: Int { 10 }
    private static var mask: Int { (1 << shift) - 1 }
    private var chunks: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        get { chunks[i >> Self.shift][i & Self.mask] }
        set { chunks[i >> Self.shift][i & Self.mask] = newValue }
    }

    mutating func append(_ x: Element) {
        if count & Self.mask == 0 {
            var c: [Element] = []
            c.reserveCapacity(1 << Self.shift)
            chunks.append(c)
        }
        chunks[chunks.count - 1].append(x)
        count += 1
    }

    /// Kept for call sites written for `Array`; chunks are reserved as they are created.
    mutating func reserveCapacity(_ n: Int) {}
}

extension ChunkedArray: Sendable where Element: Sendable {}
