extension Document {
    /// Inserts `text` at scalar offset `position` of text object `obj`.
    @discardableResult
    public mutating func insertText(_ text: String, at position: Int, in obj: ObjectID) throws(EditError) -> Change {
        let oi = try object(obj, .text)
        let ti = objects[oi].state
        let len = texts[ti].count
        guard position >= 0 && position <= len else { throw .indexOutOfRange(index: position, count: len) }
        let start = log.content.count
        for s in text.unicodeScalars { log.content.append(s.value) }
        let n = log.content.count - start
        if n == 0 { return Change(first: nil, count: 0) }
        let (lv, linear) = addLocal(n)
        if linear, let r = log.runs.lastElement, r.kind == .insertText, r.target == oi,
           r.pos + r.len == position, r.data + r.len == start {
            log.runs.modifyLast { $0.len += n }
        } else {
            log.runs.append(OpRun(lv: lv, len: n, kind: .insertText, target: oi, pos: position, forward: true, data: start))
        }
        if n == 1 {
            texts[ti].insert(scalar: log.content[start], at: position)
        } else {
            let scalars = log.content.array(start, log.content.count)
            scalars.withUnsafeBufferPointer { texts[ti].insert(scalars: $0, at: position) }
        }
        return change(lv, n)
    }

    /// Deletes `count` scalars at `position` of text object `obj`.
    @discardableResult
    public mutating func deleteText(at position: Int, count n: Int, in obj: ObjectID) throws(EditError) -> Change {
        let oi = try object(obj, .text)
        let ti = objects[oi].state
        let len = texts[ti].count
        guard position >= 0, n >= 0, position + n <= len else { throw .indexOutOfRange(index: position + n, count: len) }
        if n == 0 { return Change(first: nil, count: 0) }
        let (lv, linear) = addLocal(n)
        if linear, let r = log.runs.lastElement, r.kind == .deleteText, r.target == oi {
            if (r.forward || r.len == 1) && r.pos == position {
                log.runs.modifyLast { $0.forward = true; $0.len += n }
            } else if n == 1 && (!r.forward || r.len == 1) && position == r.pos - r.len {
                log.runs.modifyLast { $0.forward = false; $0.len += 1 }
            } else {
                log.runs.append(OpRun(lv: lv, len: n, kind: .deleteText, target: oi, pos: position, forward: true, data: 0))
            }
        } else {
            log.runs.append(OpRun(lv: lv, len: n, kind: .deleteText, target: oi, pos: position, forward: true, data: 0))
        }
        texts[ti].remove(at: position, count: n)
        return change(lv, n)
    }

    /// Replaces `deleted` scalars at `position` with `text` (one splice, as the traces describe edits).
    @discardableResult
    public mutating func spliceText(at position: Int, deleting deleted: Int, inserting text: String, in obj: ObjectID) throws(EditError) -> Change {
        let d = try deleteText(at: position, count: deleted, in: obj)
        let i = try insertText(text, at: position, in: obj)
        return Change(first: d.first ?? i.first, count: d.count + i.count)
    }

    /// The content of a text object ("" if there is none).
    public func text(_ obj: ObjectID) -> String {
        lookup(obj, .text).map { texts[$0].string } ?? ""
    }

    /// Length of a text object in Unicode scalars.
    public func textLength(_ obj: ObjectID) -> Int {
        lookup(obj, .text).map { texts[$0].count } ?? 0
    }
}
