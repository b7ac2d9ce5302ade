/// Inserted text of a loaded snapshot not yet rebuilt. A snapshot does not store inserted text
/// twice: characters still present are in the current texts; only deleted ones are stored apart.
/// Rebuilding needs a replay of the history, so it waits until the history is first needed.
struct PendingContent: Sendable {
    /// The snapshot's version (the texts below are the texts at this version).
    var frontier: [Int]
    /// LZ4 block of the texts' UTF-8, one after another, and each text's byte length.
    var textBlock: ArraySlice<UInt8>
    var textSize: Int
    var textLengths: [Int]
    /// Object index of each text, in the same order.
    var textObjects: [Int]
    /// LZ4 block of the deleted scalars' UTF-8, in the order they were inserted.
    var deletedBlock: ArraySlice<UInt8>
    var deletedSize: Int
    /// How many scalars of the content arena this covers (those inserted before the snapshot).
    var count: Int

    /// The content arena's first `count` scalars. Malformed input yields U+FFFD, never a trap.
    func materialize(graph: CausalGraph, log: OpLog) -> [UInt32] {
        var content = [UInt32](repeating: 0xFFFD, count: count)
        var known = [Bool](repeating: false, count: count)
        let texts = (try? LZ4Block.decompress(textBlock, size: textSize)) ?? []
        var offset = 0
        for (k, oi) in textObjects.enumerated() where k < textLengths.count {
            let len = textLengths[k]
            guard offset + len <= texts.count else { break }
            var scalars: [UInt32] = []
            _ = try? decodeUTF8(texts[offset..<(offset + len)], into: &scalars)
            offset += len
            var authors = AuthorBuffer()
            TextMerge(graph: graph, log: log, target: oi).run(to: frontier, into: &authors)
            let lvs = authors.lvs.elements
            guard lvs.count == scalars.count else { continue }
            var i = 0
            while i < lvs.count {
                let r = log.runs[log.runIndex(lvs[i])]
                guard r.kind == .insertText, lvs[i] >= r.lv else { i += 1; continue }
                // Consecutive characters usually come from one run.
                repeat {
                    let idx = r.data + lvs[i] - r.lv
                    if idx >= 0 && idx < count { content[idx] = scalars[i]; known[idx] = true }
                    i += 1
                } while i < lvs.count && lvs[i] >= r.lv && lvs[i] < r.end
            }
        }
        var deleted: [UInt32] = []
        if let raw = try? LZ4Block.decompress(deletedBlock, size: deletedSize) { _ = try? decodeUTF8(raw, into: &deleted) }
        var d = 0
        for idx in 0..<count where !known[idx] {
            guard d < deleted.count else { break }
            content[idx] = deleted[d]
            d += 1
        }
        return content
    }
}

extension Document {
    /// The op log with every inserted scalar present (rebuilt on the fly after a snapshot load).
    func resolvedLog() -> OpLog {
        guard let p = pendingContent else { return log }
        var l = log
        let content = p.materialize(graph: graph, log: log)
        for i in 0..<p.count { l.content.set(i, content[i]) }
        return l
    }

    /// Rebuilds the history's inserted text after a snapshot load (done automatically by
    /// `apply`; long-lived replicas may call it once so that history queries stay fast).
    public mutating func loadHistory() {
        guard pendingContent != nil else { return }
        log = resolvedLog()
        pendingContent = nil
    }
}
