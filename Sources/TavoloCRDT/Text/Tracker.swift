/// One run of characters in the transient merge structure (Eg-walker's "record").
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

/// The Eg-walker tracker: a Fugue/YjsMod-ordered list of character runs built from a common
/// version. Characters that existed at that version are one placeholder run whose ids are
/// `placeholderBase + offset`: we never need to know what they were, only where they are.
struct Tracker: Sendable {
    static let placeholderBase = 1 << 58
    static let noOrigin = -1

    var items: [TrackerItem] = []
    var targets: [DeleteTarget] = []
    var targetsSorted = true

    init() { reset() }

    /// Forgets everything: the whole current document becomes the placeholder.
    mutating func reset() {
        items.removeAll(keepingCapacity: true)
        items.append(TrackerItem(id: Self.placeholderBase, len: 1 << 50, originLeft: -1, originRight: -1, state: 1, everDeleted: false))
        targets.removeAll(keepingCapacity: true)
        targetsSorted = true
    }

    /// Splits item `i` so that it keeps its first `k` characters.
    mutating func split(_ i: Int, _ k: Int) {
        var r = items[i]
        r.id += k
        r.len -= k
        r.originLeft = items[i].id + k - 1
        items[i].len = k
        items.insert(r, at: i + 1)
    }

    /// The item holding the `pos`-th visible character of the prepare version, and the offset in it.
    func findVisible(_ pos: Int) -> (Int, Int)? {
        var acc = 0
        for i in items.indices where items[i].state == 1 {
            let len = items[i].len
            if pos < acc + len { return (i, pos - acc) }
            acc += len
        }
        return nil
    }

    /// Number of characters present in the effect version before item `i`.
    func effectPosition(before i: Int) -> Int {
        var acc = 0
        for j in 0..<i where !items[j].everDeleted { acc += items[j].len }
        return acc
    }

    /// Index of the item containing character `id`, or -1 when absent.
    func indexOf(_ id: Int) -> Int {
        for i in items.indices where id >= items[i].id && id < items[i].id + items[i].len { return i }
        return -1
    }

    /// Integrates an insert run (events `lv..<lv+len`) at prepare position `pos`; returns its effect position.
    /// Concurrent inserters at one place are ordered by `less` (replica id, then counter).
    mutating func insert(lv: Int, len: Int, pos: Int, effect needEffect: Bool = true, graph: borrowing CausalGraph) -> Int {
        var cursor = 0
        var originLeft = Self.noOrigin
        if pos > 0, let (i, off) = findVisible(pos - 1) {
            originLeft = items[i].id + off
            if off + 1 < items[i].len { split(i, off + 1) }
            cursor = i + 1
        } else if pos > 0 {
            // Past the end (malformed): append after everything.
            cursor = items.count
            if let last = items.last { originLeft = last.id + last.len - 1 }
        }
        var rightIdx = cursor
        while rightIdx < items.count && items[rightIdx].state == 0 { rightIdx += 1 }
        let originRight = rightIdx < items.count ? items[rightIdx].id : Self.noOrigin
        // YjsMod (equivalent to FugueMax) integration over the concurrent items in between.
        let leftIdx = cursor - 1
        var dest = cursor
        var scanning = false
        var i = cursor
        while true {
            if !scanning { dest = i }
            if i == items.count || i == rightIdx { break }
            let other = items[i]
            let oleft = other.originLeft == Self.noOrigin ? -1 : indexOf(other.originLeft)
            let oright = other.originRight == Self.noOrigin ? items.count : indexOf(other.originRight)
            if oleft < leftIdx || (oleft == leftIdx && oright == rightIdx && Self.less(lv, other.id, graph)) { break }
            if oleft == leftIdx { scanning = oright < rightIdx }
            i += 1
        }
        // Replaying events already in the text needs no effect position: skip that scan.
        let effect = needEffect ? effectPosition(before: dest) : 0
        items.insert(TrackerItem(id: lv, len: len, originLeft: originLeft, originRight: originRight, state: 1, everDeleted: false), at: dest)
        return effect
    }

    /// Orders two concurrent inserters: by replica id (bytewise UTF-8), then counter.
    static func less(_ a: Int, _ b: Int, _ graph: borrowing CausalGraph) -> Bool {
        let (aa, sa) = graph.agentSeq(a), (ab, sb) = graph.agentSeq(b)
        if aa == ab { return sa < sb }
        return utf8Less(graph.agents[aa], graph.agents[ab])
    }

    /// Deletes the prepare-visible characters at `pos..<pos+len` (events `lv..<lv+len`, all at `pos`);
    /// calls `emit(effectPos, n)` for characters not already deleted in the effect version.
    mutating func deleteForward(lv: Int, len: Int, pos: Int, effect: Bool = true, emit: (Int, Int) -> Void) {
        var done = 0
        while done < len {
            guard var (i, off) = findVisible(pos) else { return }
            if off > 0 { split(i, off); i += 1; off = 0 }
            let m = Swift.min(len - done, items[i].len)
            if m < items[i].len { split(i, m) }
            appendTarget(DeleteTarget(lv: lv + done, target: items[i].id, len: m, reversed: false))
            items[i].state = 2
            if !items[i].everDeleted {
                items[i].everDeleted = true
                if effect { emit(effectPosition(before: i), m) }
            }
            done += m
        }
    }

    /// Deletes one prepare-visible character at `pos` (event `lv`).
    mutating func deleteOne(lv: Int, pos: Int, effect: Bool = true, emit: (Int, Int) -> Void) {
        guard let (found, off) = findVisible(pos) else { return }
        var i = found
        if off > 0 { split(i, off); i += 1 }
        if items[i].len > 1 { split(i, 1) }
        appendTarget(DeleteTarget(lv: lv, target: items[i].id, len: 1, reversed: false))
        items[i].state = 2
        if !items[i].everDeleted {
            items[i].everDeleted = true
            if effect { emit(effectPosition(before: i), 1) }
        }
    }

    private mutating func appendTarget(_ t: DeleteTarget) {
        if let last = targets.last, last.lv > t.lv { targetsSorted = false }
        targets.append(t)
    }

    /// Calls `body` on every item whose ids lie in `lo..<hi`, splitting items at the bounds.
    mutating func forEachItem(_ lo: Int, _ hi: Int, _ body: (inout TrackerItem) -> Void) {
        var i = 0
        while i < items.count {
            let s = Swift.max(items[i].id, lo), e = Swift.min(items[i].id + items[i].len, hi)
            if s < e {
                if s > items[i].id { split(i, s - items[i].id); i += 1; continue }
                if e < items[i].id + items[i].len { split(i, e - items[i].id) }
                body(&items[i])
            }
            i += 1
        }
    }

    /// The character ranges deleted by delete events `lo..<hi`, each with `delta`.
    mutating func deleteTargets(_ lo: Int, _ hi: Int, _ delta: Int32, into out: inout [DeleteToggle]) {
        if !targetsSorted {
            targets.sort { $0.lv < $1.lv }
            targetsSorted = true
        }
        var a = 0, b = targets.count
        while a < b {
            let m = (a + b) / 2
            if targets[m].lv + targets[m].len <= lo { a = m + 1 } else { b = m }
        }
        var k = a
        while k < targets.count && targets[k].lv < hi {
            let t = targets[k]
            let s = Swift.max(t.lv, lo), e = Swift.min(t.lv + t.len, hi)
            if s < e {
                let (tlo, thi) = t.reversed
                    ? (t.target + t.len - (e - t.lv), t.target + t.len - (s - t.lv))
                    : (t.target + (s - t.lv), t.target + (e - t.lv))
                out.append(DeleteToggle(lo: tlo, hi: thi, delta: delta))
            }
            k += 1
        }
    }

    /// Moves the prepare version in one pass over the items: `inserts` are character ranges whose
    /// insert is advanced (true) or retreated (false); `deletes` are ranges whose state changes by a delta.
    mutating func applyMoves(inserts: [InsertToggle], deletes: [DeleteToggle]) {
        if inserts.isEmpty && deletes.isEmpty { return }
        if inserts.count + deletes.count <= 2 {
            // Usually one or two ranges: a scan per range beats building the segment tables.
            // Deletes first when retreating, inserts first when advancing (a delete never
            // applies to a character that is not inserted).
            func ins() { for t in inserts { forEachItem(t.lo, t.hi) { $0.state = t.advance ? 1 : 0 } } }
            func del() { for t in deletes { forEachItem(t.lo, t.hi) { $0.state += t.delta } } }
            if inserts.first?.advance == false { del(); ins() } else { ins(); del() }
            return
        }
        var bounds: [Int] = []
        bounds.reserveCapacity(2 * (inserts.count + deletes.count))
        for t in inserts { bounds.append(t.lo); bounds.append(t.hi) }
        for t in deletes { bounds.append(t.lo); bounds.append(t.hi) }
        bounds.sort()
        var unique: [Int] = []
        for b in bounds where unique.last != b { unique.append(b) }
        // Per segment [unique[k], unique[k+1]): insert toggle (0 none, 1 advance, 2 retreat) and delete delta.
        let segs = unique.count
        var ins = [UInt8](repeating: 0, count: segs)
        var del = [Int32](repeating: 0, count: segs)
        func seg(_ x: Int) -> Int {
            var a = 0, b = unique.count
            while a < b { let m = (a + b) / 2; if unique[m] <= x { a = m + 1 } else { b = m } }
            return a - 1
        }
        for t in inserts { var k = seg(t.lo); while k < segs && unique[k] < t.hi { ins[k] = t.advance ? 1 : 2; k += 1 } }
        for t in deletes { var k = seg(t.lo); while k < segs && unique[k] < t.hi { del[k] += t.delta; k += 1 } }
        var i = 0
        while i < items.count {
            let id = items[i].id, end = id + items[i].len
            let k = seg(id)
            // Split at any boundary inside the item so each piece lies in one segment.
            if k + 1 < segs && unique[k + 1] < end { split(i, unique[k + 1] - id) }
            if k >= 0 {
                switch ins[k] {
                case 1: items[i].state = 1 + Swift.max(del[k], 0)
                case 2: items[i].state = 0
                default: items[i].state += del[k]
                }
            }
            i += 1
        }
    }
}
