/// Applying text operations straight to the text, without a tracker: valid when the operation's
/// parents are everything the text has seen (a critical version), the case of all sequential typing.
enum DirectText {
    /// Applies `r` to a text of `length` characters (updated), clamping as the tracker does (§5):
    /// an insert past the end goes at the end, deletes past the end delete nothing. When `emit` is
    /// false the effect is only counted (the sink already holds it).
    static func apply<S: TextSink>(_ r: OpRun, _ content: ScalarArena, length: inout Int, emit: Bool, into sink: inout S) {
        switch r.kind {
        case .insertText:
            let at = Swift.min(r.pos, length)
            if emit { content.withScalars(r.data, r.data + r.len) { sink.insert(at: at, lv: r.lv, scalars: $0) } }
            length += r.len
        case .deleteText where r.forward:
            let n = Swift.max(0, Swift.min(r.len, length - r.pos))
            if n > 0 {
                if emit { sink.delete(at: r.pos, count: n, by: r.lv) }
                length -= n
            }
        case .deleteText:
            // Op j deletes at pos - j; those at or past the end delete nothing, the rest go down to 0.
            let skipped = Swift.max(0, r.pos - length + 1)
            let n = Swift.max(0, Swift.min(r.len - skipped, r.pos - skipped + 1))
            if n > 0 {
                if emit { sink.delete(at: r.pos - skipped - n + 1, count: n, by: r.lv + skipped) }
                length -= n
            }
        default:
            break
        }
    }

    /// Whether `r` lies inside a text of `length` characters at its parent version: the rule by
    /// which replicas refuse operations (§5).
    static func inRange(_ r: OpRun, length: Int) -> Bool {
        switch r.kind {
        case .insertText: return r.pos >= 0 && r.pos <= length
        case .deleteText where r.forward: return r.pos >= 0 && r.pos + r.len <= length
        case .deleteText: return r.pos < length && r.pos - r.len + 1 >= 0
        default: return true
        }
    }

    /// The length change of an in-range text operation.
    static func delta(_ r: OpRun) -> Int { r.kind == .insertText ? r.len : (r.kind == .deleteText ? -r.len : 0) }
}

/// A sink that only counts characters (the length of a text at a version).
struct CountingSink: TextSink {
    var count = 0
    mutating func insert(at pos: Int, lv: Int, scalars: UnsafeBufferPointer<UInt32>) { count += scalars.count }
    mutating func delete(at pos: Int, count n: Int) { count -= n }
}
