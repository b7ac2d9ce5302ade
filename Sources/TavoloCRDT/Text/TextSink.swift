/// Receives the effect of merged text operations, in the positions of the current document.
protocol TextSink {
    /// Number of scalars currently held.
    var count: Int { get }
    /// Inserts `scalars` (inserted by events `lv..<lv+scalars.count`) at `pos`.
    mutating func insert(at pos: Int, lv: Int, scalars: UnsafeBufferPointer<UInt32>)
    /// Deletes `n` scalars starting at `pos`.
    mutating func delete(at pos: Int, count n: Int)
}

/// The scalars of one text object.
struct TextBuffer: TextSink, Sendable {
    var scalars = GapBuffer<UInt32>(filler: 0)

    var count: Int { scalars.count }

    mutating func insert(at pos: Int, lv: Int, scalars src: UnsafeBufferPointer<UInt32>) {
        // Positions are clamped so that malformed remote operations cannot crash the replica.
        scalars.insert(src, at: Swift.min(Swift.max(pos, 0), scalars.count))
    }

    mutating func delete(at pos: Int, count n: Int) {
        let p = Swift.min(Swift.max(pos, 0), scalars.count)
        scalars.remove(at: p, count: Swift.min(Swift.max(n, 0), scalars.count - p))
    }

    /// The text as a Swift string.
    var string: String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(scalars.count + scalars.count / 4)
        scalars.withChunks { chunk in for v in chunk { appendUTF8(v, to: &utf8) } }
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
        scalars.withUnsafeBufferPointer { self.scalars.insert($0, at: 0) }
    }
}
