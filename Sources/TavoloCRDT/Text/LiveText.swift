/// The merge state a long-lived replica (the server's room, a browser's document) keeps for one
/// text between merges, so that merging what arrives costs in proportion to what arrives and how
/// concurrent it is, not to the text's past.
///
/// The tracker starts at the empty version (so its lengths are exact, and out-of-range operations
/// are recognised against them) and is built the first time an operation arrives that is concurrent
/// with something the text has. Operations applied straight to the text (local typing, remote
/// operations made on top of everything) are not put in it at once: `tracked` says how far it has
/// got, and it catches up, in one pass, before the next concurrent merge.
struct LiveText: Sendable {
    var tracker = Tracker()
    /// The version the tracker's prepare state stands at (a frontier).
    var prepare: [Int] = []
    /// Every event of this text below `tracked` is in the tracker.
    var tracked = 0
}

/// New events `lo..<hi` inside one graph entry, and whether their parents were everything the
/// document had before them (then they apply straight to the text).
struct NewSpan {
    var lo: Int
    var hi: Int
    var direct: Bool
}

extension Document {
    /// The spans of events `firstNew..<graph.count`, cut at graph entries, with their `direct` flag.
    func newSpans(from firstNew: Int, frontier old: [Int]) -> [NewSpan] {
        var spans: [NewSpan] = []
        var frontier = old
        var k = firstNew < graph.count ? graph.entryIndex(firstNew) : graph.entries.count
        while k < graph.entries.count {
            let e = graph.entries[k]
            let lo = Swift.max(e.start, firstNew)
            let parents = lo > e.start ? [lo - 1] : graph.parents(of: e)
            spans.append(NewSpan(lo: lo, hi: e.end, direct: parents == frontier))
            frontier.removeAll { parents.contains($0) }
            frontier.append(e.end - 1)
            k += 1
        }
        return spans
    }

    /// Merges the new events in `spans` into text `ti` (object `oi`): those made on top of
    /// everything straight into the text; from the first concurrent one on, through the text's
    /// kept tracker, in an order that follows chains of edits (fewer retreat/advance steps).
    /// Returns the first events of runs that lay outside the text (no-ops, §5).
    mutating func mergeNew(_ spans: [NewSpan], text ti: Int, object oi: Int) -> [Int] {
        let firstTracked = spans.first { !$0.direct }?.lo ?? graph.count
        var length = texts[ti].count
        var outOfRange: [Int] = []
        for span in spans where span.lo < firstTracked {
            for r in log.pieces(span.lo, span.hi) where r.target == oi {
                if let k = DirectText.apply(r, log.content, length: &length, emit: true, into: &texts[ti]) { outOfRange.append(r.lv + k) }
            }
        }
        guard firstTracked < graph.count else { return outOfRange }
        var state = live.removeValue(forKey: ti) ?? LiveText()
        let merge = TextMerge(graph: graph, log: log, target: oi)
        catchUp(&state, merge, upTo: firstTracked)
        state.tracker.outOfRange.removeAll()
        var list: [TextMerge.Span] = []
        for span in spans where span.hi > firstTracked {
            let lo = Swift.max(span.lo, firstTracked)
            if log.pieces(lo, span.hi).contains(where: { $0.target == oi }) {
                list.append(TextMerge.Span(lo: lo, hi: span.hi, emit: true))
            }
        }
        for k in merge.chainOrder(list) {
            let span = list[k]
            let parents = graph.parents(span.lo)
            if state.prepare != parents { merge.move(&state.tracker, from: state.prepare, to: parents) }
            merge.applyTracked(span.lo, span.hi, emit: true, &state.tracker, &texts[ti])
            state.prepare = [span.hi - 1]
        }
        state.tracked = graph.count
        outOfRange += state.tracker.outOfRange
        state.tracker.outOfRange.removeAll()
        live[ti] = state
        return outOfRange
    }

    /// The length of text `ti` (object `oi`) at version `parents`, which this document has.
    /// Catches the text's tracker up and moves its prepare version there (a cache: the content
    /// and the version do not change).
    mutating func textLength(_ ti: Int, object oi: Int, at parents: [Int]) -> Int {
        if parents == graph.frontier { return texts[ti].count }
        var state = live.removeValue(forKey: ti) ?? LiveText()
        let merge = TextMerge(graph: graph, log: log, target: oi)
        catchUp(&state, merge, upTo: graph.count)
        state.tracker.outOfRange.removeAll()
        if state.prepare != parents {
            merge.move(&state.tracker, from: state.prepare, to: parents)
            state.prepare = parents
        }
        let length = state.tracker.prepareLength
        live[ti] = state
        return length
    }

    /// Puts into the tracker every event of the text in `state.tracked..<end` (applied to the
    /// text already, straight or before the tracker existed).
    func catchUp(_ state: inout LiveText, _ merge: TextMerge, upTo end: Int) {
        guard state.tracked < end else { return }
        var none = CountingSink()
        for r in log.pieces(state.tracked, end) where r.target == merge.target {
            let parents = graph.parents(r.lv)
            if state.prepare != parents { merge.move(&state.tracker, from: state.prepare, to: parents) }
            merge.applyTracked(r.lv, r.end, emit: false, &state.tracker, &none)
            state.prepare = [r.end - 1]
        }
        state.tracked = end
    }
}
