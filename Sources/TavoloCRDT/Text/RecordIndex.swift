/// Which chunk of the tracker holds the record starting at each character id: a sorted map in
/// blocks (a two-level B-tree), so finding the record that contains an id costs two binary
/// searches, and adding a record, when a character run is inserted or split, moves at most one block.
struct RecordIndex: Sendable {
    static let blockLimit = 256

    private var firstKeys: [Int] = []
    private var keys: [[Int]] = []
    private var chunks: [[Int32]] = []

    /// The block whose key range holds `key` (the last one starting at or before it).
    private func block(_ key: Int) -> Int {
        var lo = 0, hi = firstKeys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if firstKeys[mid] <= key { lo = mid + 1 } else { hi = mid }
        }
        return Swift.max(lo - 1, 0)
    }

    /// Index in `keys[b]` of the first key greater than `key`.
    private static func upper(_ list: [Int], _ key: Int) -> Int {
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] <= key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func removeAll() {
        firstKeys.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        chunks.removeAll(keepingCapacity: true)
    }

    /// Records that the record starting at `key` lives in `chunk` (new key or moved record).
    mutating func set(_ key: Int, chunk: Int) {
        if keys.isEmpty {
            firstKeys = [key]
            keys = [[key]]
            chunks = [[Int32(chunk)]]
            return
        }
        let b = block(key)
        let i = Self.upper(keys[b], key)
        if i > 0 && keys[b][i - 1] == key {
            chunks[b][i - 1] = Int32(chunk)
            return
        }
        keys[b].insert(key, at: i)
        chunks[b].insert(Int32(chunk), at: i)
        if i == 0 { firstKeys[b] = key }
        if keys[b].count > Self.blockLimit {
            let half = keys[b].count / 2
            keys.insert(Array(keys[b][half...]), at: b + 1)
            chunks.insert(Array(chunks[b][half...]), at: b + 1)
            keys[b].removeSubrange(half...)
            chunks[b].removeSubrange(half...)
            firstKeys.insert(keys[b + 1][0], at: b + 1)
        }
    }

    /// The chunk of the record with the greatest start at or below `id`, if any.
    func chunk(containing id: Int) -> Int? {
        if keys.isEmpty { return nil }
        let b = block(id)
        let i = Self.upper(keys[b], id)
        return i > 0 ? Int(chunks[b][i - 1]) : nil
    }
}
