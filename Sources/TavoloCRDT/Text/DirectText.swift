/// Applying text operations straight to the text, without a tracker: valid when the operation's
/// parents are everything the text has seen (a critical version), the case of all sequential typing.
enum DirectText {
    /// Applies `r` to a text of `length` characters (updated) as the tracker does (§5): an insert
    /// past the end and deletes past the end do nothing. When `emit` is false the effect is only
    /// counted (the sink already holds it).
    /// Returns the offset in `r` of its first operation outside the text (which did nothing), if any.
    @discardableResult
    static func apply<S: TextSink>(_ r: OpRun, _ content: ScalarArena, length: inout Int, emit: Bool, into sink: inout S) -> Int? {
        switch r.kind {
        case .insertText:
            guard r.pos <= length else { return 0 }
            if emit { content.withScalars(r.data, r.data + r.len) { sink.insert(at: r.pos, lv: r.lv, scalars: $0) } }
            length += r.len
        case .deleteText where r.forward:
            let n = Swift.max(0, Swift.min(r.len, length - r.pos))
            if n > 0 {
                if emit { sink.delete(at: r.pos, count: n, by: r.lv) }
                length -= n
            }
            return n < r.len ? n : nil
        case .deleteText:
            // Op j deletes at pos - j; those at or past the end delete nothing, the rest go down to 0.
            let skipped = Swift.max(0, r.pos - length + 1)
            let n = Swift.max(0, Swift.min(r.len - skipped, r.pos - skipped + 1))
            if n > 0 {
                if emit { sink.delete(at: r.pos - skipped - n + 1, count: n, by: r.lv + skipped) }
                length -= n
            }
            return skipped > 0 ? 0 : (n < r.len ? n : nil)
        default:
            break
        }
        return nil
    }
}

/// A sink that only counts characters (the length of a text at a version).
struct CountingSink: TextSink {
    var count = 0
    mutating func insert(at pos: Int, lv: Int, scalars: UnsafeBufferPointer<UInt32>) { count += scalars.count }
    mutating func delete(at pos: Int, count n: Int) { count -= n }
}
