/// A gap buffer: an array with a movable hole where the last edit happened, so typing is O(1).
struct GapBuffer<Element: BitwiseCopyable>: Sendable where Element: Sendable {
    private(set) var storage: [Element]
    private var gapStart = 0
    private var gapEnd = 0
    private let filler: Element

    init(filler: Element) {
        self.filler = filler
        storage = []
    }

    /// Number of elements.
    var count: Int { storage.count - (gapEnd - gapStart) }

    private mutating func moveGap(to pos: Int) {
        if pos == gapStart { return }
        let gap = gapEnd - gapStart
        storage.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress!
            if pos < gapStart {
                // Shift [pos, gapStart) right by gap.
                (base + pos + gap).update(from: base + pos, count: gapStart - pos)
            } else {
                // Shift [gapEnd, pos + gap) left by gap.
                (base + gapStart).update(from: base + gapEnd, count: pos - gapStart)
            }
        }
        gapStart = pos
        gapEnd = pos + gap
    }

    private mutating func reserveGap(_ n: Int) {
        if gapEnd - gapStart >= n { return }
        // Grow by half into an exactly sized new array (Array's own growth would double, and
        // keep the old buffer alive meanwhile: three times the text at the peak).
        let used = count
        let newCap = Swift.max(used + used / 2, used + n + 64)
        var grown: [Element] = []
        grown.reserveCapacity(newCap)
        grown.append(contentsOf: storage[0..<gapStart])
        grown.append(contentsOf: repeatElement(filler, count: newCap - used))
        grown.append(contentsOf: storage[gapEnd...])
        gapEnd = gapStart + newCap - used
        storage = grown
    }

    /// Inserts one element at `pos`.
    mutating func insert(_ x: Element, at pos: Int) {
        reserveGap(1)
        moveGap(to: pos)
        storage[gapStart] = x
        gapStart += 1
    }

    /// Inserts `src` at `pos`.
    mutating func insert(_ src: UnsafeBufferPointer<Element>, at pos: Int) {
        let n = src.count
        if n == 0 { return }
        reserveGap(n)
        moveGap(to: pos)
        storage.withUnsafeMutableBufferPointer { p in
            (p.baseAddress! + gapStart).update(from: src.baseAddress!, count: n)
        }
        gapStart += n
    }

    /// Inserts `n` elements at `pos`, written by `fill` into the gap.
    mutating func insert(count n: Int, at pos: Int, fill: (UnsafeMutableBufferPointer<Element>) -> Void) {
        if n == 0 { return }
        reserveGap(n)
        moveGap(to: pos)
        storage.withUnsafeMutableBufferPointer { p in fill(UnsafeMutableBufferPointer(rebasing: p[gapStart..<(gapStart + n)])) }
        gapStart += n
    }

    /// Inserts `n` copies of `x` at `pos`.
    mutating func insert(repeating x: Element, count n: Int, at pos: Int) {
        if n == 0 { return }
        reserveGap(n)
        moveGap(to: pos)
        for i in 0..<n { storage[gapStart + i] = x }
        gapStart += n
    }

    /// Removes `n` elements starting at `pos`.
    mutating func remove(at pos: Int, count n: Int) {
        if n == 0 { return }
        moveGap(to: pos)
        gapEnd += n
    }

    /// The element at `pos`.
    subscript(pos: Int) -> Element {
        pos < gapStart ? storage[pos] : storage[pos + gapEnd - gapStart]
    }

    /// All elements in order.
    var elements: [Element] {
        var out: [Element] = []
        out.reserveCapacity(count)
        out.append(contentsOf: storage[0..<gapStart])
        out.append(contentsOf: storage[gapEnd...])
        return out
    }

    /// Calls `body` with the elements as (at most) two contiguous buffers, in order.
    func withChunks(_ body: (UnsafeBufferPointer<Element>) -> Void) {
        storage.withUnsafeBufferPointer { p in
            body(UnsafeBufferPointer(rebasing: p[0..<gapStart]))
            body(UnsafeBufferPointer(rebasing: p[gapEnd...]))
        }
    }
}
