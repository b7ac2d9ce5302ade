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
    /// Inserting operation → deleting operation (the first replayed, if several deleted it), for
    /// each character deleted on the way.
    public var deletedBy: [OpID: OpID]
}

extension Document {
    /// Text `obj` at `version`, each scalar with its inserting operation: the text and its
    /// authorship from one replay (`text(_:at:)` plus `authorship(of:at:)` would take two).
    public func characters(of obj: ObjectID, at version: Version) -> [TextCharacter] {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return [] }
        var recorder = CharacterRecorder()
        TextMerge(graph: graph, log: resolvedLog(), target: oi).run(to: graph.frontier(of: version), into: &recorder)
        return recorder.characters(graph)
    }

    /// Text `obj` at `from` and at `to`, and who deleted what between them: a replay to `from`,
    /// then a merge of what `to` adds, recording each deletion's operation.
    public func comparison(of obj: ObjectID, from: Version, to: Version) -> TextComparison {
        guard let oi = objectIndex(obj), objects[oi].kind == .text else { return TextComparison(before: [], after: [], deletedBy: [:]) }
        let log = resolvedLog()
        let a = graph.frontier(of: from), b = graph.frontier(of: to)
        var recorder = CharacterRecorder()
        TextMerge(graph: graph, log: log, target: oi).run(to: a, thenTo: b, into: &recorder)
        let before = recorder.before.map { $0.characters(graph) } ?? []
        var deletedBy: [OpID: OpID] = [:]
        deletedBy.reserveCapacity(recorder.deletedBy.count)
        for (character, deleter) in recorder.deletedBy { deletedBy[graph.id(character)] = graph.id(deleter) }
        return TextComparison(before: before, after: recorder.characters(graph), deletedBy: deletedBy)
    }
}

/// The scalars of a text, the inserting event of each, and which event deleted which.
private struct CharacterRecorder: TextSink {
    var text = TextBuffer()
    var inserters = AuthorBuffer()
    /// Inserting event → deleting event.
    var deletedBy: [Int: Int] = [:]
    /// The text and its inserters when a two-phase merge ended its first phase.
    var before: Snapshot?

    struct Snapshot {
        var text: TextBuffer
        var inserters: AuthorBuffer
        func characters(_ graph: CausalGraph) -> [TextCharacter] {
            let scalars = text.elements, lvs = inserters.lvs.elements
            return zip(scalars, lvs).map { TextCharacter(scalar: Unicode.Scalar($0) ?? "\u{FFFD}", id: graph.id($1)) }
        }
    }

    mutating func endOfFirstPhase() {
        before = Snapshot(text: text, inserters: inserters)
        deletedBy = [:]
    }

    var count: Int { text.count }

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        text.insert(at: pos, lv: lv, scalars: src)
        inserters.insert(at: pos, lv: lv, scalars: src)
    }

    mutating func delete(at pos: Int, count n: Int) {
        text.delete(at: pos, count: n)
        inserters.delete(at: pos, count: n)
    }

    mutating func delete(at pos: Int, count n: Int, by lv: Int) {
        let p = Swift.min(Swift.max(pos, 0), count)
        let m = Swift.min(Swift.max(n, 0), count - p)
        for k in 0..<m where deletedBy[inserters.lvs[p + k]] == nil { deletedBy[inserters.lvs[p + k]] = lv }
        delete(at: p, count: m)
    }

    func characters(_ graph: CausalGraph) -> [TextCharacter] {
        Snapshot(text: text, inserters: inserters).characters(graph)
    }
}
