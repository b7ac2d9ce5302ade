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
        var reading = TextReading(object: obj)
        advance(&reading, to: version)
        return characters(of: reading)
    }

    /// Text `obj` at `from` and at `to`, and who deleted what between them, from two replays
    /// (the text, authorship and deletions asked for separately would take six).
    public func comparison(of obj: ObjectID, from: Version, to: Version) -> TextComparison {
        var reading = TextReading(object: obj)
        advance(&reading, to: from)
        let before = characters(of: reading)
        let deletedBy = advance(&reading, to: to)
        return TextComparison(before: before, after: characters(of: reading), deletedBy: deletedBy)
    }
}

/// A text as it read at some version, kept so that later versions are read by replaying only
/// what came after (`Document.advance`). Its positions refer to the document that made it (or
/// one that has applied more since: local versions only grow).
public struct TextReading: Sendable {
    public let object: ObjectID
    /// The version it reads at.
    public internal(set) var version = Version()
    fileprivate var recorder = CharacterRecorder()

    public init(object: ObjectID) { self.object = object }
}

extension Document {
    /// Brings `reading` to `reading.version ∪ version`, replaying only the operations it lacks;
    /// returns who deleted what on the way (inserting operation → deleting operation).
    @discardableResult
    public func advance(_ reading: inout TextReading, to version: Version) -> [OpID: OpID] {
        guard let oi = objectIndex(reading.object), objects[oi].kind == .text else { return [:] }
        reading.recorder.deletions.deletedBy = [:]
        let from = graph.frontier(of: reading.version), to = graph.frontier(of: version)
        TextMerge(graph: graph, log: resolvedLog(), target: oi).run(from: from, to: to, into: &reading.recorder)
        reading.version = reading.version.union(version)
        var deletedBy: [OpID: OpID] = [:]
        for (character, deleter) in reading.recorder.deletions.deletedBy { deletedBy[graph.id(character)] = graph.id(deleter) }
        return deletedBy
    }

    /// The characters of `reading`, with their inserting operations.
    public func characters(of reading: TextReading) -> [TextCharacter] { reading.recorder.characters(graph) }
}

/// The scalars of a text, the inserting event of each, and who deleted what.
private struct CharacterRecorder: TextSink, Sendable {
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
