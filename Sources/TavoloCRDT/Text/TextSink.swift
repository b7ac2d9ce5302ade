/// Receives the effect of merged text operations, in the positions of the current document.
protocol TextSink {
    /// Number of scalars currently held.
    var count: Int { get }
    /// Inserts `scalars` (inserted by events `lv..<lv+scalars.count`) at `pos`.
    mutating func insert(at pos: Int, lv: Int, scalars: UnsafeBufferPointer<UInt32>)
    /// Deletes `n` scalars starting at `pos`.
    mutating func delete(at pos: Int, count n: Int)
    /// Deletes `n` scalars starting at `pos`, by the operation run starting at event `lv`
    /// (history sinks record who deleted what; the others ignore it).
    mutating func delete(at pos: Int, count n: Int, by lv: Int)
    /// Between the two phases of `TextMerge.run(to:thenTo:into:)` (history sinks mark it).
    mutating func endOfFirstPhase()
}

extension TextSink {
    mutating func delete(at pos: Int, count n: Int, by lv: Int) { delete(at: pos, count: n) }
    mutating func endOfFirstPhase() {}
}

/// The scalars of one text object: one byte each while every scalar is at most U+00FF (most
/// text), plus a short sorted list for the few others (an emoji, an arrow: byte 0 marks their
/// place); four bytes each once there are more than `maxExceptions` of those.
struct TextBuffer: TextSink, Sendable {
    static let maxExceptions = 64
    private var narrow = GapBuffer<UInt8>(filler: 0)
    /// Positions (sorted) and values of scalars that are 0 or above U+00FF, while narrow.
    private var exceptionPositions: [Int] = []
    private var exceptionValues: [UInt32] = []
    private var wide: GapBuffer<UInt32>? = nil

    var count: Int { wide?.count ?? narrow.count }

    private mutating func widen() {
        var w = GapBuffer<UInt32>(filler: 0)
        let all = elements
        all.withUnsafeBufferPointer { w.insert($0, at: 0) }
        wide = w
        narrow = GapBuffer(filler: 0)
        exceptionPositions = []
        exceptionValues = []
    }

    @inline(__always) private static func isException(_ v: UInt32) -> Bool { v == 0 || v > 255 }

    /// Shifts the exceptions at or after `pos` by `delta`; drops those in `pos..<pos-delta` when deleting.
    private mutating func shiftExceptions(from pos: Int, by delta: Int) {
        if exceptionPositions.isEmpty { return }
        var i = 0
        while i < exceptionPositions.count {
            let p = exceptionPositions[i]
            if delta < 0 && p >= pos && p < pos - delta {
                exceptionPositions.remove(at: i)
                exceptionValues.remove(at: i)
                continue
            }
            if p >= pos { exceptionPositions[i] = p + delta }
            i += 1
        }
    }

    private mutating func addException(at pos: Int, _ v: UInt32) {
        var i = exceptionPositions.count
        while i > 0 && exceptionPositions[i - 1] > pos { i -= 1 }
        exceptionPositions.insert(pos, at: i)
        exceptionValues.insert(v, at: i)
    }

    /// Inserts one scalar (no clamping: local edits are checked before).
    mutating func insert(scalar v: UInt32, at pos: Int) {
        if wide == nil {
            let exception = Self.isException(v)
            if !exception || exceptionPositions.count < Self.maxExceptions {
                shiftExceptions(from: pos, by: 1)
                if exception { addException(at: pos, v) }
                narrow.insert(exception ? 0 : UInt8(v), at: pos)
                return
            }
            widen()
        }
        wide!.insert(v, at: pos)
    }

    /// Inserts scalars (no clamping).
    mutating func insert(scalars src: UnsafeBufferPointer<UInt32>, at pos: Int) {
        if wide == nil {
            var extra = 0
            for v in src where Self.isException(v) { extra += 1 }
            if exceptionPositions.count + extra <= Self.maxExceptions {
                shiftExceptions(from: pos, by: src.count)
                if extra > 0 { for i in 0..<src.count where Self.isException(src[i]) { addException(at: pos + i, src[i]) } }
                narrow.insert(count: src.count, at: pos) { dst in
                    for i in 0..<src.count { dst[i] = Self.isException(src[i]) ? 0 : UInt8(truncatingIfNeeded: src[i]) }
                }
                return
            }
            widen()
        }
        wide!.insert(src, at: pos)
    }

    /// Removes `n` scalars at `pos` (no clamping).
    mutating func remove(at pos: Int, count n: Int) {
        if wide == nil {
            shiftExceptions(from: pos, by: -n)
            narrow.remove(at: pos, count: n)
        } else {
            wide!.remove(at: pos, count: n)
        }
    }

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        // Positions are clamped so that malformed remote operations cannot crash the replica.
        insert(scalars: src, at: Swift.min(Swift.max(pos, 0), count))
    }

    mutating func delete(at pos: Int, count n: Int) {
        let p = Swift.min(Swift.max(pos, 0), count)
        remove(at: p, count: Swift.min(Swift.max(n, 0), count - p))
    }

    /// All scalars in order.
    var elements: [UInt32] {
        if let wide { return wide.elements }
        var out = narrow.elements.map(UInt32.init)
        for (p, v) in zip(exceptionPositions, exceptionValues) { out[p] = v }
        return out
    }

    /// Appends the text's UTF-8.
    func appendUTF8(to out: inout [UInt8]) {
        if let wide {
            wide.withChunks { c in for v in c { TavoloCRDT.appendUTF8(v, to: &out) } }
            return
        }
        var pos = 0, e = 0
        narrow.withChunks { c in
            for b in c {
                if b == 0, e < exceptionPositions.count, exceptionPositions[e] == pos {
                    TavoloCRDT.appendUTF8(exceptionValues[e], to: &out)
                    e += 1
                } else if b < 0x80 {
                    out.append(b)
                } else {
                    out.append(0xC0 | (b >> 6)); out.append(0x80 | (b & 0x3F))
                }
                pos += 1
            }
        }
    }

    /// The text as a Swift string.
    var string: String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(count + count / 4)
        appendUTF8(to: &utf8)
        return String(decoding: utf8, as: UTF8.self)
    }
}

/// For each scalar of a text, the LV of the operation that inserted it.
struct AuthorBuffer: TextSink {
    var lvs = GapBuffer<Int>(filler: 0)

    var count: Int { lvs.count }

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        let p = Swift.min(Swift.max(pos, 0), lvs.count)
        for i in 0..<src.count { lvs.insert(lv + i, at: p + i) }
    }

    mutating func delete(at pos: Int, count n: Int) {
        let p = Swift.min(Swift.max(pos, 0), lvs.count)
        lvs.remove(at: p, count: Swift.min(Swift.max(n, 0), lvs.count - p))
    }
}

/// Records the effects as patches (and keeps a count so positions can be clamped like a buffer).
struct PatchRecorder: TextSink {
    var count: Int
    var patches: [TextPatch] = []
    /// False during a two-phase merge's first phase: only the length is followed then.
    var recording = true

    mutating func endOfFirstPhase() { recording = true }

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        let p = Swift.min(Swift.max(pos, 0), count)
        count += src.count
        guard recording else { return }
        var s = String.UnicodeScalarView()
        for v in src { s.append(Unicode.Scalar(v) ?? "\u{FFFD}") }
        patches.append(TextPatch(position: p, deleted: 0, inserted: String(s)))
    }

    mutating func delete(at pos: Int, count n: Int) {
        let p = Swift.min(Swift.max(pos, 0), count)
        let m = Swift.min(Swift.max(n, 0), count - p)
        if m > 0 && recording { patches.append(TextPatch(position: p, deleted: m, inserted: "")) }
        count -= m
    }
}

/// One splice of a text: at `position` (Unicode scalars) delete `deleted` scalars, then insert `inserted`.
public struct TextPatch: Hashable, Sendable {
    /// Scalar offset.
    public var position: Int
    /// Number of scalars removed.
    public var deleted: Int
    /// Text inserted.
    public var inserted: String

    /// Makes a patch.
    public init(position: Int, deleted: Int, inserted: String) {
        self.position = position
        self.deleted = deleted
        self.inserted = inserted
    }
}

extension TextBuffer {
    /// Replaces the content with strictly decoded UTF-8.
    mutating func load(utf8: ArraySlice<UInt8>) throws(DecodeError) {
        self = TextBuffer()
        // ASCII (the usual case) is already one byte a scalar: copy it straight in. NUL is excluded
        // because the narrow buffer uses it to mark wide scalars.
        let ascii = utf8.withContiguousStorageIfAvailable { b in !b.contains { $0 >= 0x80 || $0 == 0 } } ?? false
        if ascii {
            utf8.withContiguousStorageIfAvailable { b in
                narrow.insert(count: b.count, at: 0) { dst in _ = dst.initialize(from: b) }
            }
            return
        }
        var scalars: [UInt32] = []
        scalars.reserveCapacity(utf8.count)
        _ = try decodeUTF8(utf8, into: &scalars)
        scalars.withUnsafeBufferPointer { insert(scalars: $0, at: 0) }
    }
}
