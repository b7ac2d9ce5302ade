/// A Fenwick tree over the tracker's chunks in document order: the length of the text before a
/// chunk, and the chunk holding a position, in O(log chunks). Rebuilt (O(chunks)) only when a
/// chunk splits, which happens once per `Tracker.chunkLimit / 2` records added.
struct PrefixSums: Sendable {
    private var tree: [Int] = [0]

    init(_ values: [Int] = []) { rebuild(values) }

    mutating func rebuild(_ values: [Int]) {
        tree = [0] + values
        var i = 1
        while i < tree.count {
            let parent = i + (i & -i)
            if parent < tree.count { tree[parent] += tree[i] }
            i += 1
        }
    }

    /// Adds `delta` to the value at `index` (0-based).
    mutating func add(_ index: Int, _ delta: Int) {
        if delta == 0 { return }
        var i = index + 1
        while i < tree.count {
            tree[i] += delta
            i += i & -i
        }
    }

    /// The sum of the values before `index`.
    func prefix(_ index: Int) -> Int {
        var i = index, sum = 0
        while i > 0 {
            sum += tree[i]
            i -= i & -i
        }
        return sum
    }

    /// The first index whose running sum exceeds `target`, and the sum before it (values are
    /// never negative); nil when the total is at most `target`.
    func search(_ target: Int) -> (index: Int, before: Int)? {
        var pos = 0, rest = target
        var step = 1
        while step * 2 < tree.count { step *= 2 }
        while step > 0 {
            let next = pos + step
            if next < tree.count && tree[next] <= rest {
                pos = next
                rest -= tree[next]
            }
            step /= 2
        }
        return pos < tree.count - 1 ? (pos, target - rest) : nil
    }
}
