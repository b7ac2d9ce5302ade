/// A run of characters of a text written by one replica.
public struct AuthorSpan: Hashable, Sendable {
    /// Scalar offset of the first character in the text.
    public var position: Int
    /// Number of scalars.
    public var count: Int
    /// The replica that inserted them.
    public var replica: ReplicaID
    /// The id of the operation that inserted the first of them.
    public var first: OpID
}

extension Document {
    /// The content of text `obj` at an earlier (or concurrent) `version`, replayed from the history.
    public func text(_ obj: ObjectID, at version: Version) -> String {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return "" }
        var sink = TextBuffer()
        TextMerge(graph: graph, log: resolvedLog(), target: oi).run(to: graph.frontier(of: version), into: &sink)
        return sink.string
    }

    /// Who wrote each character of text `obj` (at `version`, by default the current one), as
    /// maximal runs of consecutive characters inserted by consecutive operations of one replica.
    public func authorship(of obj: ObjectID, at version: Version? = nil) -> [AuthorSpan] {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return [] }
        var sink = AuthorBuffer()
        let to = version.map { graph.frontier(of: $0) } ?? graph.frontier
        TextMerge(graph: graph, log: log, target: oi).run(to: to, into: &sink)
        var spans: [AuthorSpan] = []
        var i = 0
        let lvs = sink.lvs.elements
        while i < lvs.count {
            let e = graph.entries[graph.entryIndex(lvs[i])]
            var j = i + 1
            while j < lvs.count && lvs[j] == lvs[j - 1] + 1 && lvs[j] < e.end { j += 1 }
            let id = graph.id(lvs[i])
            if let last = spans.last, last.replica == id.replica, last.position + last.count == i,
               graph.lv(OpID(replica: id.replica, counter: last.first.counter + last.count)) == lvs[i] {
                spans[spans.count - 1].count += j - i
            } else {
                spans.append(AuthorSpan(position: i, count: j - i, replica: id.replica, first: id))
            }
            i = j
        }
        return spans
    }

    /// The patches that turn text `obj` at version `from` into the text at `from ∪ to`
    /// (at `to` when `to` includes `from`, the usual case), one per merged operation run.
    public func changes(in obj: ObjectID, from: Version, to: Version) -> [TextPatch] {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return [] }
        let log = resolvedLog()
        let a = graph.frontier(of: from), b = graph.frontier(of: to)
        // The text at `a` is only counted (the patches need its length, not its content), then recorded.
        var recorder = PatchRecorder(count: 0, recording: false)
        TextMerge(graph: graph, log: log, target: oi).run(to: a, thenTo: b, into: &recorder)
        return recorder.patches
    }
}

extension Document {
    /// The whole document (maps, lists, texts) as it was at `version`, as a new replica that
    /// holds exactly that history. `version` should be one this document has seen.
    public func document(at version: Version) -> Document {
        var d = Document(replica: replica)
        d.apply(operations(from: Version(), to: version))
        return d
    }
}
