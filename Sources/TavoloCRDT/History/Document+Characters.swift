/// One character of a text at some version: its scalar and the operation that inserted it.
public struct TextCharacter: Sendable, Equatable {
    public var scalar: Unicode.Scalar
    public var id: OpID
}

/// Two versions of a text, character by character, with who deleted what in between.
public struct TextComparison: Sendable {
    /// The text at `from`.
    public var before: [TextCharacter]
    /// The text at `from ∪ to` (at `to` when `to` includes `from`).
    public var after: [TextCharacter]
    /// Inserting operation → deleting operation, for each character deleted on the way.
    public var deletedBy: [OpID: OpID]
}

extension Document {
    /// Text `obj` at `version`, each scalar with its inserting operation: the text and its
    /// authorship from one replay (`text(_:at:)` plus `authorship(of:at:)` would take two).
    public func characters(of obj: ObjectID, at version: Version) -> [TextCharacter] {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return [] }
        var recorder = CharacterRecorder()
        TextMerge(graph: graph, log: resolvedLog(), target: oi).run(from: [], to: graph.frontier(of: version), into: &recorder)
        return recorder.characters(graph)
    }

    /// Text `obj` at `from` and at `to`, and who deleted what between them, from two replays
    /// (the text, authorship and deletions asked for separately would take six).
    public func comparison(of obj: ObjectID, from: Version, to: Version) -> TextComparison {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return TextComparison(before: [], after: [], deletedBy: [:]) }
        let log = resolvedLog()
        let a = graph.frontier(of: from), b = graph.frontier(of: to)
        var recorder = CharacterRecorder()
        TextMerge(graph: graph, log: log, target: oi).run(from: [], to: a, into: &recorder)
        let before = recorder.characters(graph)
        recorder.deletions.deletedBy = [:]
        TextMerge(graph: graph, log: log, target: oi).run(from: a, to: b, into: &recorder)
        var deletedBy: [OpID: OpID] = [:]
        deletedBy.reserveCapacity(recorder.deletions.deletedBy.count)
        for (character, deleter) in recorder.deletions.deletedBy { deletedBy[graph.id(character)] = graph.id(deleter) }
        return TextComparison(before: before, after: recorder.characters(graph), deletedBy: deletedBy)
    }
}

/// The scalars of a text, the inserting event of each, and who deleted what.
private struct CharacterRecorder: TextSink {
    var text = TextBuffer()
    var deletions = DeletionRecorder()

    var count: Int { text.count }

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        text.insert(at: pos, lv: lv, scalars: src)
        deletions.insert(at: pos, lv: lv, scalars: src)
    }

    mutating func delete(at pos: Int, count n: Int) {
        text.delete(at: pos, count: n)
        deletions.delete(at: pos, count: n)
    }

    mutating func delete(at pos: Int, count n: Int, by lv: Int) {
        text.delete(at: pos, count: n)
        deletions.delete(at: pos, count: n, by: lv)
    }

    func characters(_ graph: CausalGraph) -> [TextCharacter] {
        let scalars = text.elements, lvs = deletions.characters.lvs.elements
        var out: [TextCharacter] = []
        out.reserveCapacity(scalars.count)
        for (value, lv) in zip(scalars, lvs) { out.append(TextCharacter(scalar: Unicode.Scalar(value) ?? "\u{FFFD}", id: graph.id(lv))) }
        return out
    }
}
