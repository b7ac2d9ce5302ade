/// The merge state a long-lived replica (the server's room, a browser's document) keeps for one
/// text between merges, so that merging what arrives costs in proportion to what arrives and how
/// concurrent it is, not to the text's past.
///
/// The tracker starts at the empty version (so its lengths are exact, and positions are checked
/// and clamped against them) and is built the first time an operation arrives that is concurrent
/// with something the text has. Operations applied straight to the text (local typing, remote
/// operations made on top of everything) are not put in it at once: `tracked` says how far it
/// has got, and it catches up, in one pass, before the next concurrent merge.
struct LiveText: Sendable {
    var tracker = Tracker()
    /// The version the tracker's prepare state stands at (a frontier).
    var prepare: [Int] = []
    /// Every event of this text below `tracked` is in the tracker.
    var tracked = 0
}

extension Document {
    /// The length of text `ti` (object `oi`) at version `parents`, which this document has.
    /// Catches the text's tracker up and moves its prepare version there (a cache: the content
    /// and the version do not change).
    mutating func textLength(_ ti: Int, object oi: Int, at parents: [Int]) -> Int {
        if parents == graph.frontier { return texts[ti].count }
        var state = live.removeValue(forKey: ti) ?? LiveText()
        let merge = TextMerge(graph: graph, log: log, target: oi)
        catchUp(&state, merge, upTo: graph.count)
        if state.prepare != parents {
            merge.move(&state.tracker, from: state.prepare, to: parents)
            state.prepare = parents
        }
        let length = state.tracker.prepareLength
        live[ti] = state
        return length
    }

    /// Merges the remote text run just logged at `r.lv` whose parents are `parents`.
    mutating func mergeRemote(_ r: OpRun, text ti: Int, parents: [Int], direct: Bool) {
        if direct {
            var length = texts[ti].count
            DirectText.apply(r, log.content, length: &length, emit: true, into: &texts[ti])
            return
        }
        var state = live.removeValue(forKey: ti) ?? LiveText()
        let merge = TextMerge(graph: graph, log: log, target: r.target)
        catchUp(&state, merge, upTo: r.lv)
        if state.prepare != parents {
            merge.move(&state.tracker, from: state.prepare, to: parents)
        }
        merge.applyTracked(r.lv, r.end, emit: true, &state.tracker, &texts[ti])
        state.prepare = [r.end - 1]
        state.tracked = r.end
        live[ti] = state
    }

    /// Puts into the tracker every event of the text in `state.tracked..<end` (applied to the
    /// text already, straight or before the tracker existed).
    private func catchUp(_ state: inout LiveText, _ merge: TextMerge, upTo end: Int) {
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
