/// An array stored in fixed chunks of 1024 elements: growing never copies more than one chunk,
/// so the peak memory of a long history stays close to its size (a plain array doubles).
struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private static var shift: Int { 10 }
    private static var size: Int { 1 << shift }
    private static var mask: Int { size - 1 }
    /// Full chunks, then the chunk being filled (kept apart so appends touch one array).
    private var full: [[Element]] = []
    private var tail: [Element] = []

    init() {}

    var count: Int { full.count << Self.shift + tail.count }
    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        get {
            let k = i >> Self.shift
            return k < full.count ? full[k][i & Self.mask] : tail[i & Self.mask]
        }
        set {
            let k = i >> Self.shift
            if k < full.count { full[k][i & Self.mask] = newValue } else { tail[i & Self.mask] = newValue }
        }
    }

    mutating func append(_ x: Element) {
        if tail.isEmpty { tail.reserveCapacity(Self.size) }
        tail.append(x)
        if tail.count == Self.size {
            full.append(tail)
            tail = []
        }
    }

    /// The last element (nil when empty), read without index arithmetic.
    var lastElement: Element? { tail.last ?? full.last?.last }

    /// Changes the last element in place (typing lengthens the last run).
    mutating func modifyLast(_ body: (inout Element) -> Void) {
        if !tail.isEmpty { body(&tail[tail.count - 1]) } else if !full.isEmpty { body(&full[full.count - 1][Self.size - 1]) }
    }

    /// Kept for call sites written for `Array`; chunks are reserved as they are created.
    mutating func reserveCapacity(_ n: Int) {}
}

extension ChunkedArray: Sendable where Element: Sendable {}
