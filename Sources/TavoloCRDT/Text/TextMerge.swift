/// Eg-walker's batch merge: replays a text's history from the empty version through a transient
/// `Tracker` (history readings, snapshots, invariants); live replicas merge through `LiveText`.
///
/// Events are processed in a topological order that follows chains of edits. Wherever the history
/// has a critical version (every processed event is an ancestor of it and every later one a
/// descendant) the tracker is dropped; a stretch of purely sequential edits is applied directly.
/// The same pieces (`move`, `applyTracked`, `chainOrder`) serve the kept tracker.
struct TextMerge {
    let graph: CausalGraph
    let log: OpLog
    let target: Int

    /// One span of events within a graph entry, in traversal order.
    struct Span {
        var lo: Int
        var hi: Int
        var emit: Bool
    }

    /// Replays the text from the empty version to version `to` into `sink`.
    func run<S: TextSink>(to: [Int], into sink: inout S) {
        var spans: [Span] = []
        graph.diff(from: [], to: to) { lo, hi, _ in spans.append(Span(lo: lo, hi: hi, emit: true)) }
        process(spans.reversed(), then: [], &sink)
    }

    /// Replays the text to version `a`, calls `sink.endOfFirstPhase()`, then merges what `b` adds
    /// (a history view's "before" and its changes) in one pass with one tracker from the empty
    /// version: no second walk back to the versions `a` and `b` share, nor a replay to count there.
    func run<S: TextSink>(to a: [Int], thenTo b: [Int], into sink: inout S) {
        var before: [Span] = [], added: [Span] = []
        graph.diff(from: [], to: a) { lo, hi, _ in before.append(Span(lo: lo, hi: hi, emit: true)) }
        graph.diff(from: a, to: b) { lo, hi, side in if side == .b { added.append(Span(lo: lo, hi: hi, emit: true)) } }
        process(before.reversed(), then: added.reversed(), &sink)
    }

    /// Processes `group1` then `group2` into the sink, each in chain order, from the empty version;
    /// `sink.endOfFirstPhase()` in between. Groups are sorted by LV.
    private func process<S: TextSink>(_ group1: [Span], then group2: [Span], _ sink: inout S) {
        let known = group1, fresh = group2
        let knownOrder = chainOrder(known), freshOrder = chainOrder(fresh)
        let order = knownOrder.map { known[$0] } + freshOrder.map { fresh[$0] }
        // Traversal position of each span's first event, to find critical versions.
        var starts: [Int] = []
        starts.reserveCapacity(order.count)
        var total = 0
        for s in order { starts.append(total); total += s.hi - s.lo }
        var knownStart = [Int](repeating: 0, count: known.count)
        for (k, i) in knownOrder.enumerated() { knownStart[i] = starts[k] }
        var freshStart = [Int](repeating: 0, count: fresh.count)
        for (k, i) in freshOrder.enumerated() { freshStart[i] = starts[known.count + k] }
        func search(_ lv: Int, _ list: [Span], _ start: [Int]) -> Int? {
            guard let i = Self.find(lv, in: list) else { return nil }
            return start[i] + lv - list[i].lo
        }
        func position(_ lv: Int) -> Int {
            // -1: before everything processed (the empty version).
            search(lv, known, knownStart) ?? search(lv, fresh, freshStart) ?? -1
        }
        // sufMin[k]: lowest traversal position of a parent of any span after k.
        var sufMin = [Int](repeating: Int.max, count: order.count)
        var running = Int.max
        for k in stride(from: order.count - 1, through: 0, by: -1) {
            sufMin[k] = running
            let lo = order[k].lo
            if let p = graph.singleParent(lo) {
                running = Swift.min(running, position(p))
            } else {
                let ps = graph.parents(lo)
                if ps.isEmpty { running = -1 } else { for p in ps { running = Swift.min(running, position(p)) } }
            }
        }

        // Until the first concurrent event the text is a plain sequence of `length` characters;
        // the tracker is made (with that exact length, against which positions are clamped) only then.
        var tracker = Tracker()
        var length = 0
        var clear = true
        var prepare: [Int] = []
        var heads: [Int] = []
        for (k, span) in order.enumerated() {
            if k == known.count { sink.endOfFirstPhase() }
            // Most events have one parent: avoid building arrays for them.
            let single = graph.singleParent(span.lo)
            let parents = single == nil ? graph.parents(span.lo) : []
            if let single {
                if let i = heads.firstIndex(of: single) { heads.remove(at: i) }
            } else {
                heads.removeAll { parents.contains($0) }
            }
            heads.append(span.hi - 1)
            let last = starts[k] + span.hi - span.lo - 1
            let criticalAfter = heads.count == 1 && sufMin[k] >= last
            let samePrepare = single.map { prepare.count == 1 && prepare[0] == $0 } ?? (parents == prepare)
            if clear && criticalAfter && samePrepare {
                for r in log.pieces(span.lo, span.hi) where r.target == target {
                    DirectText.apply(r, log.content, length: &length, emit: true, into: &sink)
                }
            } else {
                if clear { tracker.reset(length: length) }
                if !samePrepare { move(&tracker, from: prepare, to: single.map { [$0] } ?? parents) }
                applyTracked(span.lo, span.hi, emit: true, &tracker, &sink)
                clear = false
                if criticalAfter {
                    // Everything processed is an ancestor of this version: its text is the effect version.
                    length = tracker.effectLength
                    clear = true
                }
            }
            prepare.removeAll(keepingCapacity: true)
            prepare.append(span.hi - 1)
        }
        if fresh.isEmpty { sink.endOfFirstPhase() }
    }

    /// Index of the span (in `list`, sorted by LV) holding event `lv`.
    static func find(_ lv: Int, in list: [Span]) -> Int? {
        var a = 0, b = list.count
        while a < b {
            let m = (a + b) / 2
            if list[m].hi <= lv { a = m + 1 } else { b = m }
        }
        return a < list.count && list[a].lo <= lv ? a : nil
    }

    /// A topological order of `list` (sorted by LV) that, whenever it can, continues with a span
    /// whose parent is the last event just processed, else takes the oldest ready span.
    func chainOrder(_ list: [Span]) -> [Int] {
        let n = list.count
        if n <= 1 { return Array(0..<n) }
        var indegree = [Int](repeating: 0, count: n)
        var children = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            for p in graph.parents(list[i].lo) {
                if let j = Self.find(p, in: list), j != i {
                    children[j].append(i)
                    indegree[i] += 1
                }
            }
        }
        var heap: [Int] = []  // min-heap of ready span indices (= LV order)
        func push(_ x: Int) {
            heap.append(x)
            var c = heap.count - 1
            while c > 0 && heap[(c - 1) / 2] > heap[c] { heap.swapAt(c, (c - 1) / 2); c = (c - 1) / 2 }
        }
        func pop() -> Int {
            let top = heap[0]
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
            var p = 0
            while true {
                let l = 2 * p + 1, r = l + 1
                var m = p
                if l < heap.count && heap[l] < heap[m] { m = l }
                if r < heap.count && heap[r] < heap[m] { m = r }
                if m == p { break }
                heap.swapAt(p, m)
                p = m
            }
            return top
        }
        for i in 0..<n where indegree[i] == 0 { push(i) }
        var out: [Int] = []
        out.reserveCapacity(n)
        var next: Int? = nil
        while out.count < n {
            let i: Int
            if let c = next { i = c; next = nil } else if !heap.isEmpty { i = pop() } else { break }
            out.append(i)
            let last = list[i].hi - 1
            for c in children[i] {
                indegree[c] -= 1
                if indegree[c] == 0 {
                    if next == nil && graph.singleParent(list[c].lo) == last { next = c } else { push(c) }
                }
            }
        }
        // Unreachable for a well-formed graph; keep every span even if not.
        if out.count < n { for i in 0..<n where !out.contains(i) { out.append(i) } }
        return out
    }

    /// Applies this object's operations in `lo..<hi` through the tracker.
    func applyTracked<S: TextSink>(_ lo: Int, _ hi: Int, emit: Bool, _ tracker: inout Tracker,
                                          _ sink: inout S) {
        for r in log.pieces(lo, hi) where r.target == target {
            // Report a run that lies outside its text once, by its first such operation.
            let reported = tracker.outOfRange.count
            defer { if tracker.outOfRange.count > reported + 1 { tracker.outOfRange.removeLast(tracker.outOfRange.count - reported - 1) } }
            switch r.kind {
            case .insertText:
                guard let at = tracker.insert(lv: r.lv, len: r.len, pos: r.pos, effect: emit, graph: graph) else { continue }
                if emit {
                    log.content.withScalars(r.data, r.data + r.len) { sink.insert(at: at, lv: r.lv, scalars: $0) }
                }
            case .deleteText:
                if r.forward {
                    if emit {
                        tracker.deleteForward(lv: r.lv, len: r.len, pos: r.pos) { p, n in sink.delete(at: p, count: n, by: r.lv) }
                    } else {
                        tracker.deleteForward(lv: r.lv, len: r.len, pos: r.pos, effect: false) { _, _ in }
                    }
                } else {
                    for j in 0..<r.len {
                        // Below position 0: outside the text like past its end (the first such is reported).
                        if r.pos - j < 0 { tracker.outOfRange.append(r.lv + j); break }
                        if emit {
                            tracker.deleteOne(lv: r.lv + j, pos: r.pos - j) { p, n in sink.delete(at: p, count: n, by: r.lv + j) }
                        } else {
                            tracker.deleteOne(lv: r.lv + j, pos: r.pos - j, effect: false) { _, _ in }
                        }
                    }
                }
            default: break
            }
        }
    }

    /// Retreats and advances the tracker's prepare version from `from` to `to`.
    func move(_ tracker: inout Tracker, from: [Int], to: [Int]) {
        var inserts: [InsertToggle] = []
        var deletes: [DeleteToggle] = []
        graph.diff(from: from, to: to) { lo, hi, side in
            let advance = side == .b
            for r in log.pieces(lo, hi) where r.target == target {
                switch r.kind {
                case .insertText: inserts.append(InsertToggle(lo: r.lv, hi: r.end, advance: advance))
                case .deleteText: tracker.deleteTargets(r.lv, r.end, advance ? 1 : -1, into: &deletes)
                default: break
                }
            }
        }
        tracker.applyMoves(inserts: inserts, deletes: deletes)
    }
}
