extension Tracker {
    /// Integrates an insert run (events `lv..<lv+len`) at prepare position `pos`; returns its effect
    /// position, or nil when `pos` lies past the end of the text at the parent version: such an
    /// insert does nothing, the same on every replica whatever else it has seen (§5). Concurrent
    /// inserters at one place are ordered by `less` (replica id, then counter).
    mutating func insert(lv: Int, len: Int, pos: Int, effect needEffect: Bool = true, graph: borrowing CausalGraph) -> Int? {
        if pos > prepareLength || pos < 0 { outOfRange.append(lv); return nil }
        var cursor = start
        var left: Spot? = nil
        var originLeft = Self.noOrigin
        if pos > 0, let (s, off) = findVisible(pos - 1) {
            originLeft = item(s).id + off
            if off + 1 < item(s).len { split(s, off + 1) }
            left = s
            cursor = next(s)
        }
        var right = cursor
        while right != end && item(right).state == 0 { right = next(right) }
        let originRight = right != end ? item(right).id : Self.noOrigin
        // YjsMod (equivalent to FugueMax) integration over the concurrent records in between.
        var dest = cursor
        var scanning = false
        var i = cursor
        while true {
            if !scanning { dest = i }
            if i == end || i == right { break }
            let other = item(i)
            let leftOrder = compareLeft(other.originLeft, left: left, before: i)
            if leftOrder < 0 { break }
            if leftOrder == 0 {
                let rightOrder = compareRight(other.originRight, after: i, right: right)
                if rightOrder == 0 && Self.less(lv, other.id, graph) { break }
                scanning = rightOrder < 0
            }
            i = next(i)
        }
        let record = TrackerItem(id: lv, len: len, originLeft: originLeft, originRight: originRight, state: 1, everDeleted: false)
        // Replaying events already in the text needs no effect position: skip that sum.
        let effect = needEffect ? effectPosition(before: dest) : 0
        insertItem(record, at: dest)
        rebalance()
        return effect
    }

    /// Where `origin` (the left origin of the record at `i`) lies against the new record's left
    /// neighbour: -1 before it, 0 on it, 1 between it and `i`. A left origin always precedes its
    /// record, so only the records from `left` up to `i` need looking at.
    private func compareLeft(_ origin: Int, left: Spot?, before i: Spot) -> Int {
        guard let left else { return origin == Self.noOrigin ? 0 : 1 }
        if origin == Self.noOrigin { return -1 }
        var s = left
        while s != i {
            let r = item(s)
            if origin >= r.id && origin < r.end { return s == left ? 0 : 1 }
            s = next(s)
        }
        return -1
    }

    /// Where `origin` (the right origin of the record at `i`) lies against the new record's right
    /// bound: -1 before it, 0 on it, 1 after it (or none). A right origin always follows its record.
    private func compareRight(_ origin: Int, after i: Spot, right: Spot) -> Int {
        if origin == Self.noOrigin { return right == end ? 0 : 1 }
        var s = next(i)
        while s != end {
            let r = item(s)
            if origin >= r.id && origin < r.end { return s == right ? 0 : -1 }
            if s == right { return 1 }
            s = next(s)
        }
        return 1
    }

    /// Orders two concurrent inserters: by replica id (bytewise UTF-8), then counter.
    static func less(_ a: Int, _ b: Int, _ graph: borrowing CausalGraph) -> Bool {
        let (aa, sa) = graph.agentSeq(a), (ab, sb) = graph.agentSeq(b)
        if aa == ab { return sa < sb }
        return utf8Less(graph.agents[aa], graph.agents[ab])
    }

    /// Deletes the prepare-visible characters at `pos..<pos+len` (events `lv..<lv+len`, all at `pos`);
    /// calls `emit(effectPos, n)` for characters not already deleted in the effect version. Deletes
    /// past the end of the text at their parent version delete nothing (§5).
    mutating func deleteForward(lv: Int, len: Int, pos: Int, effect: Bool = true, emit: (Int, Int) -> Void) {
        var done = 0
        while done < len {
            guard var (s, off) = findVisible(pos) else { outOfRange.append(lv + done); break }
            if off > 0 { split(s, off); s = next(s); off = 0 }
            let m = Swift.min(len - done, item(s).len)
            if m < item(s).len { split(s, m) }
            let r = item(s)
            appendTarget(DeleteTarget(lv: lv + done, target: r.id, len: m, reversed: false))
            let wasDeleted = r.everDeleted
            let at = effect && !wasDeleted ? effectPosition(before: s) : 0
            modify(s) { $0.state = 2; $0.everDeleted = true }
            if !wasDeleted && effect { emit(at, m) }
            done += m
        }
        rebalance()
    }

    /// Deletes one prepare-visible character at `pos` (event `lv`).
    mutating func deleteOne(lv: Int, pos: Int, effect: Bool = true, emit: (Int, Int) -> Void) {
        guard case (var s, let off)? = findVisible(pos) else { outOfRange.append(lv); return }
        if off > 0 { split(s, off); s = next(s) }
        if item(s).len > 1 { split(s, 1) }
        let r = item(s)
        appendTarget(DeleteTarget(lv: lv, target: r.id, len: 1, reversed: false))
        let at = effect && !r.everDeleted ? effectPosition(before: s) : 0
        modify(s) { $0.state = 2; $0.everDeleted = true }
        if !r.everDeleted && effect { emit(at, 1) }
        rebalance()
    }

    private mutating func appendTarget(_ t: DeleteTarget) {
        if let last = targets.last, last.lv > t.lv { targetsSorted = false }
        targets.append(t)
    }

    /// Calls `body` on every record whose ids lie in `lo..<hi`, splitting records at the bounds.
    mutating func forEachItem(_ lo: Int, _ hi: Int, _ body: (inout TrackerItem) -> Void) {
        var id = lo
        while id < hi {
            guard var s = locate(id) else { return }
            let first = item(s).id
            if first < id { split(s, id - first); s = next(s) }
            let r = item(s)
            if r.end > hi { split(s, hi - r.id) }
            modify(s, body)
            id = Swift.min(r.end, hi)
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

    /// Moves the prepare version: `inserts` are character ranges whose insert is advanced (true)
    /// or retreated (false); `deletes` are ranges whose deletion count changes by a delta.
    /// Retreats go first (deletes, then inserts), then advances (inserts, then deletes): a delete
    /// descends from the insert of its character, so it is never counted on a character that is
    /// not inserted.
    mutating func applyMoves(inserts: [InsertToggle], deletes: [DeleteToggle]) {
        for t in deletes where t.delta < 0 { forEachItem(t.lo, t.hi) { $0.state += t.delta } }
        for t in inserts where !t.advance { forEachItem(t.lo, t.hi) { $0.state = 0 } }
        for t in inserts where t.advance { forEachItem(t.lo, t.hi) { $0.state = 1 } }
        for t in deletes where t.delta > 0 { forEachItem(t.lo, t.hi) { $0.state += t.delta } }
        rebalance()
    }
}
