/// Receives the effect of merged text operations, in the positions of the current document.
protocol TextSink {
    /// Number of scalars currently held.
    var count: Int { get }
    /// Inserts `scalars` (inserted by events `lv..<lv+scalars.count`) at `pos`.
    mutating func insert(at pos: Int, lv: Int, scalars: UnsafeBufferPointer<UInt32>)
    /// Deletes `n` scalars starting at `pos`.
    mutating func delete(at pos: Int, count n: Int)
}

/// The scalars of one text object: one byte each while every scalar is at most U+00FF (most
/// text), four bytes each after the first wider one arrives.
struct TextBuffer: TextSink, Sendable {
    private var narrow = GapBuffer<UInt8>(filler: 0)
    private var wide: GapBuffer<UInt32>? = nil

    var count: Int { wide?.count ?? narrow.count }

    private mutating func widen() {
        var w = GapBuffer<UInt32>(filler: 0)
        let all = narrow.elements
        w.insert(count: all.count, at: 0) { dst in for i in all.indices { dst[i] = UInt32(all[i]) } }
        wide = w
        narrow = GapBuffer(filler: 0)
    }

    /// Inserts one scalar (no clamping: local edits are checked before).
    mutating func insert(scalar v: UInt32, at pos: Int) {
        if wide == nil && v < 256 { narrow.insert(UInt8(v), at: pos); return }
        if wide == nil { widen() }
        wide!.insert(v, at: pos)
    }

    /// Inserts scalars (no clamping).
    mutating func insert(scalars src: UnsafeBufferPointer<UInt32>, at pos: Int) {
        if wide == nil && !src.contains(where: { $0 > 255 }) {
            narrow.insert(count: src.count, at: pos) { dst in for i in 0..<src.count { dst[i] = UInt8(truncatingIfNeeded: src[i]) } }
            return
        }
        if wide == nil { widen() }
        wide!.insert(src, at: pos)
    }

    /// Removes `n` scalars at `pos` (no clamping).
    mutating func remove(at pos: Int, count n: Int) {
        if wide == nil { narrow.remove(at: pos, count: n) } else { wide!.remove(at: pos, count: n) }
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
    var elements: [UInt32] { wide?.elements ?? narrow.elements.map(UInt32.init) }

    /// Appends the text's UTF-8.
    func appendUTF8(to out: inout [UInt8]) {
        if let wide {
            wide.withChunks { c in for v in c { TavoloCRDT.appendUTF8(v, to: &out) } }
        } else {
            narrow.withChunks { c in
                for b in c {
                    if b < 0x80 { out.append(b) } else { out.append(0xC0 | (b >> 6)); out.append(0x80 | (b & 0x3F)) }
                }
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

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        let p = Swift.min(Swift.max(pos, 0), count)
        var s = String.UnicodeScalarView()
        for v in src { s.append(Unicode.Scalar(v) ?? "\u{FFFD}") }
        patches.append(TextPatch(position: p, deleted: 0, inserted: String(s)))
        count += src.count
    }

    mutating func delete(at pos: Int, count n: Int) {
        let p = Swift.min(Swift.max(pos, 0), count)
        let m = Swift.min(Swift.max(n, 0), count - p)
        if m > 0 { patches.append(TextPatch(position: p, deleted: m, inserted: "")) }
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
        var scalars: [UInt32] = []
        scalars.reserveCapacity(utf8.count)
        _ = try decodeUTF8(utf8, into: &scalars)
        self = TextBuffer()
        scalars.withUnsafeBufferPointer { insert(scalars: $0, at: 0) }
    }
}
