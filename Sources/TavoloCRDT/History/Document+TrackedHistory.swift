/// History read off a text's kept tracker (`LiveText`) instead of replayed from the start: the
/// tracker holds every character the text ever had, in document order, so the text at a version
/// is its records visible once the prepare version is moved there. A move costs the operations
/// between the two versions (toggles, no integration), so a replica that answers many history
/// queries, and jumps from one moment to a near one, pays far less than a replay each time.
extension Document {
    /// The same as `characters(of:at:)`, read off the text's kept tracker (which it builds the
    /// first time and leaves at `version`).
    public mutating func trackedCharacters(of obj: ObjectID, at version: Version) -> [TextCharacter] {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return [] }
        let target = graph.frontier(of: version)
        var (state, merge) = takeTracker(oi)
        moveTracker(&state, merge, to: target)
        let characters = visibleCharacters(state.tracker, object: oi)
        live[objects[oi].state] = state
        return characters
    }

    /// The same as `comparison(of:from:to:)`, read off the text's kept tracker.
    public mutating func trackedComparison(of obj: ObjectID, from: Version, to: Version) -> TextComparison {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return TextComparison(before: [], after: [], deletedBy: [:]) }
        let a = graph.frontier(of: from), b = graph.frontier(of: to)
        let union = graph.reduceToFrontier(a + b)
        var (state, merge) = takeTracker(oi)
        defer { live[objects[oi].state] = state }
        do {
            moveTracker(&state, merge, to: a)
            let before = visibleCharacters(state.tracker, object: oi)
            // As a replay records them: characters of the text at `a`, or inserted on the way.
            var visibleAtA = Set<Int>()
            for c in state.tracker.order { for item in state.tracker.chunks[c].items where item.state == 1 { visibleAtA.formUnion(item.id..<item.end) } }
            // Who deleted what between them: the deletes in `b` but not in `a`, first in LV order.
            var deleted: [Int: Int] = [:]
            var spans: [(Int, Int)] = []
            graph.diff(from: a, to: b) { lo, hi, side in if side == .b { spans.append((lo, hi)) } }
            if !state.tracker.targetsSorted {
                state.tracker.targets.sort { $0.lv < $1.lv }
                state.tracker.targetsSorted = true
            }
            let targets = state.tracker.targets
            let ascending = Array(spans.reversed())
            for (lo, hi) in ascending {
                var k = Self.firstTarget(targets, endingAfter: lo)
                while k < targets.count && targets[k].lv < hi {
                    let t = targets[k]
                    for j in Swift.max(t.lv, lo)..<Swift.min(t.lv + t.len, hi) {
                        let character = t.reversed ? t.target + t.len - 1 - (j - t.lv) : t.target + (j - t.lv)
                        guard deleted[character] == nil else { continue }
                        if visibleAtA.contains(character) || Self.inside(character, ascending) {
                            deleted[character] = j
                        }
                    }
                    k += 1
                }
            }
            moveTracker(&state, merge, to: union)
            let after = visibleCharacters(state.tracker, object: oi)
            var deletedBy: [OpID: OpID] = [:]
            deletedBy.reserveCapacity(deleted.count)
            for (character, deleter) in deleted where character < Tracker.placeholderBase {
                deletedBy[graph.id(character)] = graph.id(deleter)
            }
            return TextComparison(before: before, after: after, deletedBy: deletedBy)
        }
    }

    /// Whether `lv` lies in one of `spans` (ascending, disjoint).
    private static func inside(_ lv: Int, _ spans: [(Int, Int)]) -> Bool {
        var a = 0, b = spans.count
        while a < b {
            let m = (a + b) / 2
            if spans[m].1 <= lv { a = m + 1 } else { b = m }
        }
        return a < spans.count && spans[a].0 <= lv
    }

    private static func firstTarget(_ targets: [DeleteTarget], endingAfter lo: Int) -> Int {
        var a = 0, b = targets.count
        while a < b {
            let m = (a + b) / 2
            if targets[m].lv + targets[m].len <= lo { a = m + 1 } else { b = m }
        }
        return a
    }

    /// The text's kept tracker, caught up (taken out of `live`: the caller puts it back).
    private mutating func takeTracker(_ oi: Int) -> (LiveText, TextMerge) {
        loadHistory()
        var state = live.removeValue(forKey: objects[oi].state) ?? LiveText()
        let merge = TextMerge(graph: graph, log: log, target: oi)
        catchUp(&state, merge, upTo: graph.count)
        state.tracker.outOfRange.removeAll()
        return (state, merge)
    }

    private func moveTracker(_ state: inout LiveText, _ merge: TextMerge, to target: [Int]) {
        if state.prepare != target { merge.move(&state.tracker, from: state.prepare, to: target) }
        state.prepare = target
    }

    /// The characters of the tracker's prepare version, in order, with their inserting operations.
    private func visibleCharacters(_ tracker: Tracker, object oi: Int) -> [TextCharacter] {
        var out: [TextCharacter] = []
        out.reserveCapacity(tracker.prepareLength)
        for c in tracker.order {
            for item in tracker.chunks[c].items where item.state == 1 {
                // A record lies inside one insert run of the log (a kept tracker has no placeholder).
                let run = log.runs[log.runIndex(item.id)]
                let entry = graph.entries[graph.entryIndex(item.id)]
                let replica = graph.agents[entry.agent]
                log.content.withScalars(run.data + item.id - run.lv, run.data + item.end - run.lv) { scalars in
                    for (k, v) in scalars.enumerated() {
                        let lv = item.id + k
                        // Ids from the graph entry, which may end inside the record.
                        let e = lv < entry.end ? entry : graph.entries[graph.entryIndex(lv)]
                        out.append(TextCharacter(scalar: Unicode.Scalar(v) ?? "\u{FFFD}",
                                                 id: OpID(replica: lv < entry.end ? replica : graph.agents[e.agent], counter: e.seq + lv - e.start)))
                    }
                }
            }
        }
        return out
    }
}
