/// Eg-walker: brings a text from version `from` (already in the sink) to `from ∪ to` by replaying
/// the events since their last common version through a transient `Tracker`.
///
/// Events are processed in a topological order: first those already in the sink (only updating
/// the tracker), then the new ones (also emitting their effect). Wherever the history has a
/// critical version (every processed event is an ancestor of it and every later one a descendant)
/// the tracker is dropped; a stretch of purely sequential edits is applied directly.
struct TextMerge {
    let graph: CausalGraph
    let log: OpLog
    let target: Int

    /// One span of events within a graph entry, in traversal order.
    private struct Span {
        var lo: Int
        var hi: Int
        var emit: Bool
    }

    func run<S: TextSink>(from: [Int], to: [Int], into sink: inout S) {
        var spans: [Span] = []
        let common = graph.walk(a: from, b: to, mode: .conflict) { lo, hi, side in
            spans.append(Span(lo: lo, hi: hi, emit: side == .b))
        }
        if spans.isEmpty { return }
        // Visited newest first: reverse, then the already-applied ones before the new ones.
        spans.reverse()
        let order = spans.filter { !$0.emit } + spans.filter { $0.emit }
        // Traversal position of each span's first event, to find critical versions.
        var starts: [Int] = []
        starts.reserveCapacity(order.count)
        var total = 0
        for s in order { starts.append(total); total += s.hi - s.lo }
        // `order` is two ascending runs (known events, then new ones): search each.
        let split = order.firstIndex { $0.emit } ?? order.count
        func search(_ lv: Int, _ from: Int, _ to: Int) -> Int? {
            var a = from, b = to
            while a < b {
                let m = (a + b) / 2
                if order[m].hi <= lv { a = m + 1 } else { b = m }
            }
            return a < to && order[a].lo <= lv ? starts[a] + lv - order[a].lo : nil
        }
        func position(_ lv: Int) -> Int {
            // -1: the common version or before it.
            search(lv, 0, split) ?? search(lv, split, order.count) ?? -1
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

        var tracker = Tracker()
        var clear = true
        var prepare: [Int] = common >= 0 ? [common] : []
        var heads = prepare
        for (k, span) in order.enumerated() {
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
                if span.emit { applyDirect(span.lo, span.hi, &sink) }
            } else {
                if !samePrepare { move(&tracker, from: prepare, to: single.map { [$0] } ?? parents) }
                applyTracked(span.lo, span.hi, emit: span.emit, &tracker, &sink)
                clear = false
                if criticalAfter {
                    tracker.reset()
                    clear = true
                }
            }
            prepare.removeAll(keepingCapacity: true)
            prepare.append(span.hi - 1)
        }
    }

    /// Applies this object's operations in `lo..<hi` as they are: valid when nothing is concurrent.
    private func applyDirect<S: TextSink>(_ lo: Int, _ hi: Int, _ sink: inout S) {
        for r in log.pieces(lo, hi) where r.target == target {
            switch r.kind {
            case .insertText:
                log.content.withScalars(r.data, r.data + r.len) { sink.insert(at: r.pos, lv: r.lv, scalars: $0) }
            case .deleteText:
                if r.forward {
                    sink.delete(at: r.pos, count: r.len)
                } else {
                    let first = Swift.max(r.pos - r.len + 1, 0)
                    if r.pos >= first { sink.delete(at: first, count: r.pos - first + 1) }
                }
            default: break
            }
        }
    }

    /// Applies this object's operations in `lo..<hi` through the tracker.
    private func applyTracked<S: TextSink>(_ lo: Int, _ hi: Int, emit: Bool, _ tracker: inout Tracker,
                                          _ sink: inout S) {
        for r in log.pieces(lo, hi) where r.target == target {
            switch r.kind {
            case .insertText:
                let at = tracker.insert(lv: r.lv, len: r.len, pos: r.pos, effect: emit, graph: graph)
                if emit {
                    log.content.withScalars(r.data, r.data + r.len) { sink.insert(at: at, lv: r.lv, scalars: $0) }
                }
            case .deleteText:
                if r.forward {
                    if emit {
                        tracker.deleteForward(lv: r.lv, len: r.len, pos: r.pos) { p, n in sink.delete(at: p, count: n) }
                    } else {
                        tracker.deleteForward(lv: r.lv, len: r.len, pos: r.pos, effect: false) { _, _ in }
                    }
                } else {
                    for j in 0..<r.len where r.pos - j >= 0 {
                        if emit {
                            tracker.deleteOne(lv: r.lv + j, pos: r.pos - j) { p, n in sink.delete(at: p, count: n) }
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
    private func move(_ tracker: inout Tracker, from: [Int], to: [Int]) {
        var inserts: [(Int, Int, Bool)] = []
        var deletes: [(Int, Int, Int32)] = []
        graph.diff(from: from, to: to) { lo, hi, side in
            let advance = side == .b
            for r in log.pieces(lo, hi) where r.target == target {
                switch r.kind {
                case .insertText: inserts.append((r.lv, r.end, advance))
                case .deleteText: tracker.deleteTargets(r.lv, r.end, advance ? 1 : -1, into: &deletes)
                default: break
                }
            }
        }
        tracker.applyMoves(inserts: inserts, deletes: deletes)
    }
}
