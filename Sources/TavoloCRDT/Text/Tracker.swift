/// One run of characters in the merge structure (Eg-walker's "record").
///
/// `state` is the character's state in the *prepare* version (the parents of the operation
/// being applied): 0 = not inserted yet, 1 = inserted, n >= 2 = deleted by n-1 operations.
/// `everDeleted` is its state in the *effect* version (everything processed so far).
struct TrackerItem: Sendable {
    var id: Int
    var len: Int
    var originLeft: Int
    var originRight: Int
    var state: Int32
    var everDeleted: Bool

    var end: Int { id + len }
    var prepareLength: Int { state == 1 ? len : 0 }
    var effectLength: Int { everDeleted ? 0 : len }
}

/// Characters `lo..<hi` whose insert moves into (advance) or out of the prepare version.
struct InsertToggle {
    var lo: Int
    var hi: Int
    var advance: Bool
}

/// Characters `lo..<hi` whose deletion count changes by `delta` (plain structs, not tuples:
/// arrays of tuples look their type metadata up at run time).
struct DeleteToggle {
    var lo: Int
    var hi: Int
    var delta: Int32
}

/// Which characters one delete operation removed, so it can be retreated and advanced.
struct DeleteTarget: Sendable {
    var lv: Int
    var target: Int
    var len: Int
    /// If true, `lv + j` deleted `target + len - 1 - j`.
    var reversed: Bool
}

/// A run of records in document order, with the lengths they contribute to both versions, so a
/// position is found by skipping whole chunks.
struct TrackerChunk: Sendable {
    var items: [TrackerItem] = []
    var prepareLength = 0
    var effectLength = 0
}

/// Where a record is: the rank of its chunk in document order and its slot in the chunk.
struct Spot: Equatable {
    var rank: Int
    var slot: Int
}

/// The Eg-walker tracker: a Fugue/YjsMod-ordered list of character runs built from a common
/// version. Characters that existed at that version are one placeholder run whose ids are
/// `placeholderBase + offset`: we never need to know what they were, only where they are.
///
/// Records live in chunks of at most `chunkLimit` (an order-statistic list in two levels):
/// positions in either version are found by summing chunk lengths, then within one chunk; the
/// record holding a character id through `RecordIndex`. Each costs O(chunks + chunkLimit)
/// instead of a scan of every record, so a tracker kept for a whole session stays fast.
struct Tracker: Sendable {
    static let placeholderBase = 1 << 58
    static let noOrigin = -1
    static let chunkLimit = 128

    /// Chunks by id (ids are stable; `order` gives document order).
    var chunks: [TrackerChunk] = []
    var order: [Int] = []
    var rankOf: [Int] = []
    var index = RecordIndex()
    var prepareLength = 0
    var effectLength = 0
    var targets: [DeleteTarget] = []
    var targetsSorted = true
    /// First events of operation runs found outside the text at their parent version (no-ops, §5).
    var outOfRange: [Int] = []
    /// Chunks grown past `chunkLimit` since the last `rebalance`.
    var overfull: [Int] = []
    /// Per rank: the chunk's prepare and effect lengths, summed.
    var prepareSums = PrefixSums()
    var effectSums = PrefixSums()

    init(length: Int = 0) { reset(length: length) }

    /// Forgets everything: the text as it is now, `length` characters, becomes the placeholder.
    /// The length must be exact: operations past the end do nothing (§5), so it decides.
    mutating func reset(length: Int) {
        chunks.removeAll(keepingCapacity: true)
        index.removeAll()
        if length > 0 {
            let placeholder = TrackerItem(id: Self.placeholderBase, len: length, originLeft: -1, originRight: -1, state: 1, everDeleted: false)
            chunks.append(TrackerChunk(items: [placeholder], prepareLength: length, effectLength: length))
            index.set(placeholder.id, chunk: 0)
        } else {
            chunks.append(TrackerChunk())
        }
        order = [0]
        rankOf = [0]
        prepareLength = length
        effectLength = length
        targets.removeAll(keepingCapacity: true)
        targetsSorted = true
        overfull.removeAll()
        rebuildSums()
    }

    mutating func rebuildSums() {
        prepareSums.rebuild(order.map { chunks[$0].prepareLength })
        effectSums.rebuild(order.map { chunks[$0].effectLength })
    }

    var recordCount: Int { chunks.reduce(0) { $0 + $1.items.count } }

    // MARK: walking

    var end: Spot { Spot(rank: order.count, slot: 0) }
    /// The first record (`end` when the tracker is empty: only an empty tracker has an empty chunk).
    var start: Spot { chunks[order[0]].items.isEmpty ? end : Spot(rank: 0, slot: 0) }

    @inline(__always) func item(_ s: Spot) -> TrackerItem { chunks[order[s.rank]].items[s.slot] }

    @inline(__always) func next(_ s: Spot) -> Spot {
        s.slot + 1 < chunks[order[s.rank]].items.count ? Spot(rank: s.rank, slot: s.slot + 1) : Spot(rank: s.rank + 1, slot: 0)
    }

    /// Changes one record, keeping the chunk and total lengths right.
    @inline(__always) mutating func modify(_ s: Spot, _ body: (inout TrackerItem) -> Void) {
        let c = order[s.rank]
        let old = chunks[c].items[s.slot]
        body(&chunks[c].items[s.slot])
        let new = chunks[c].items[s.slot]
        let dp = new.prepareLength - old.prepareLength, de = new.effectLength - old.effectLength
        chunks[c].prepareLength += dp
        chunks[c].effectLength += de
        prepareLength += dp
        effectLength += de
        prepareSums.add(s.rank, dp)
        effectSums.add(s.rank, de)
    }

    /// Inserts a record before `s` (at the very end when `s` is `end`).
    mutating func insertItem(_ item: TrackerItem, at s: Spot) {
        var rank = s.rank, slot = s.slot
        if rank == order.count { rank -= 1; slot = chunks[order[rank]].items.count }
        let c = order[rank]
        chunks[c].items.insert(item, at: slot)
        if chunks[c].items.count == Self.chunkLimit + 1 { overfull.append(c) }
        chunks[c].prepareLength += item.prepareLength
        chunks[c].effectLength += item.effectLength
        prepareLength += item.prepareLength
        effectLength += item.effectLength
        prepareSums.add(rank, item.prepareLength)
        effectSums.add(rank, item.effectLength)
        index.set(item.id, chunk: c)
    }

    /// Splits the record at `s` so that it keeps its first `k` characters; the rest follows it.
    mutating func split(_ s: Spot, _ k: Int) {
        let c = order[s.rank]
        var rest = chunks[c].items[s.slot]
        rest.id += k
        rest.len -= k
        rest.originLeft = rest.id - 1
        chunks[c].items[s.slot].len = k
        chunks[c].items.insert(rest, at: s.slot + 1)
        if chunks[c].items.count == Self.chunkLimit + 1 { overfull.append(c) }
        index.set(rest.id, chunk: c)
    }

    /// Splits chunks grown past the limit. Called between operations only: it moves records, so
    /// every `Spot` held before it is stale.
    mutating func rebalance() {
        if overfull.isEmpty { return }
        defer { rebuildSums() }
        while let c = overfull.popLast() {
            guard chunks[c].items.count > Self.chunkLimit else { continue }
            let half = chunks[c].items.count / 2
            var moved = TrackerChunk(items: Array(chunks[c].items[half...]))
            chunks[c].items.removeSubrange(half...)
            for item in moved.items {
                moved.prepareLength += item.prepareLength
                moved.effectLength += item.effectLength
            }
            chunks[c].prepareLength -= moved.prepareLength
            chunks[c].effectLength -= moved.effectLength
            let id = chunks.count
            for item in moved.items { index.set(item.id, chunk: id) }
            chunks.append(moved)
            let rank = rankOf[c] + 1
            order.insert(id, at: rank)
            rankOf.append(0)
            for r in rank..<order.count { rankOf[order[r]] = r }
            // Either half may still be too long (a chunk can grow by many records in one operation).
            if chunks[c].items.count > Self.chunkLimit { overfull.append(c) }
            if moved.items.count > Self.chunkLimit { overfull.append(id) }
        }
    }

    // MARK: finding

    /// The record holding the `pos`-th visible character of the prepare version, and the offset in it.
    func findVisible(_ pos: Int) -> (Spot, Int)? {
        if pos < 0 || pos >= prepareLength { return nil }
        guard let (rank, before) = prepareSums.search(pos) else { return nil }
        var acc = before
        let items = chunks[order[rank]].items
        for slot in items.indices where items[slot].state == 1 {
            let len = items[slot].len
            if pos < acc + len { return (Spot(rank: rank, slot: slot), pos - acc) }
            acc += len
        }
        return nil
    }

    /// Number of characters present in the effect version before the record at `s`.
    func effectPosition(before s: Spot) -> Int {
        var acc = effectSums.prefix(Swift.min(s.rank, order.count))
        if s.rank < order.count {
            let items = chunks[order[s.rank]].items
            for slot in 0..<s.slot where !items[slot].everDeleted { acc += items[slot].len }
        }
        return acc
    }

    /// The record containing character `id`, if the tracker has it.
    func locate(_ id: Int) -> Spot? {
        guard let c = index.chunk(containing: id) else { return nil }
        let items = chunks[c].items
        for slot in items.indices where id >= items[slot].id && id < items[slot].end {
            return Spot(rank: rankOf[c], slot: slot)
        }
        return nil
    }
}
