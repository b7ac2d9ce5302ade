/// Which side of a two-frontier walk a span of events belongs to.
enum WalkSide: UInt8 {
    case a = 1
    case b = 2
    case shared = 3
}

/// A pending event of a walk and which sides reach it (bit 1: a, bit 2: b).
struct WalkItem {
    var lv: Int
    var side: UInt8
}

extension CausalGraph {
    /// Walks the closures of frontiers `a` and `b` from the newest event backwards, calling
    /// `visit(lo, hi, side)` for the spans `lo..<hi` (in descending order) in one closure but not
    /// the other; stops as soon as every pending event is in both.
    func walk(a: [Int], b: [Int], visit: (Int, Int, WalkSide) -> Void) {
        // Pending (lv, side) sorted ascending by lv, one entry per lv; small in practice.
        var queue: [WalkItem] = []
        var nonShared = 0
        func push(_ lv: Int, _ side: UInt8) {
            var i = queue.count
            while i > 0 && queue[i - 1].lv > lv { i -= 1 }
            if i > 0 && queue[i - 1].lv == lv {
                let old = queue[i - 1].side
                let new = old | side
                if old != 3 && new == 3 { nonShared -= 1 }
                queue[i - 1].side = new
            } else {
                queue.insert(WalkItem(lv: lv, side: side), at: i)
                if side != 3 { nonShared += 1 }
            }
        }
        for x in a { push(x, 1) }
        for x in b { push(x, 2) }
        while let item = queue.popLast() {
            let lv = item.lv, side = item.side
            if side != 3 { nonShared -= 1 }
            if side == 3 && nonShared == 0 { return }
            let e = entries[entryIndex(lv)]
            var lo = e.start
            if let top = queue.last, top.lv >= e.start { lo = top.lv + 1 }
            if side != 3 { visit(lo, lv + 1, WalkSide(rawValue: side)!) }
            if lo > e.start {
                push(lo - 1, side)
            } else {
                for k in Int(e.parentsStart)..<Int(e.parentsStart + e.parentsCount) { push(parentStore[k], side) }
            }
        }
    }

    /// Calls `body` with the spans of events in `to`'s closure but not in `from`'s (descending).
    func diff(from: [Int], to: [Int], _ body: (Int, Int, WalkSide) -> Void) {
        walk(a: from, b: to, visit: body)
    }
}
