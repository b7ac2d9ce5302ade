extension Document {
    /// The content of text `obj` at an earlier (or concurrent) `version`, replayed from the history.
    public func text(_ obj: ObjectID, at version: Version) -> String {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return "" }
        var sink = TextBuffer()
        TextMerge(graph: graph, log: resolvedLog(), target: oi).run(from: [], to: graph.frontier(of: version), into: &sink)
        return sink.string
    }
}
