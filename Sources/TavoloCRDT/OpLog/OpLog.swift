/// What an operation does.
enum OpKind: UInt8, Sendable {
    case insertText = 0
    case deleteText = 1
    case mapSet = 2
    case mapDelete = 3
    case listInsert = 4
    case listMove = 5
    case listDelete = 6
}

/// A run of operations with consecutive LVs, each (after the first) the child of the previous.
///
/// Text edits are run-length encoded: typing "abc" is one insert run (pos, len 3), pressing
/// backspace three times is one delete run with `forward == false` (deletes at pos, pos-1, pos-2),
/// pressing delete three times is one with `forward == true` (all at pos). Map and list
/// operations are runs of length 1 with their data in `OpLog.payloads`.
struct OpRun: Sendable {
    // Stored as 32-bit fields (24 bytes a run): a document holds at most 2^31 operations.
    private var lv32: Int32
    private var len32: Int32
    private var pos32: Int32
    private var data32: Int32
    /// Bits 0-2 kind, bit 3 backward, bits 4-31 target + 1 (fewer than 2^28 objects).
    private var packed: UInt32

    init(lv: Int, len: Int, kind: OpKind, target: Int, pos: Int, forward: Bool, data: Int) {
        lv32 = Int32(truncatingIfNeeded: lv)
        len32 = Int32(truncatingIfNeeded: len)
        pos32 = Int32(truncatingIfNeeded: pos)
        data32 = Int32(truncatingIfNeeded: data)
        packed = 0
        self.kind = kind
        self.forward = forward
        self.target = target
    }

    var kind: OpKind {
        get { OpKind(rawValue: UInt8(packed & 7)) ?? .mapDelete }
        set { packed = (packed & ~7) | UInt32(newValue.rawValue) }
    }
    /// Deletes: direction of the run.
    var forward: Bool {
        get { packed & 8 == 0 }
        set { packed = newValue ? packed & ~8 : packed | 8 }
    }
    /// Index of the target object in `Document.objects` (-1: none).
    var target: Int {
        get { Int(packed >> 4) - 1 }
        set { packed = (packed & 15) | (UInt32(truncatingIfNeeded: newValue + 1) << 4) }
    }

    var lv: Int { get { Int(lv32) } set { lv32 = Int32(truncatingIfNeeded: newValue) } }
    var len: Int { get { Int(len32) } set { len32 = Int32(truncatingIfNeeded: newValue) } }
    /// Text: scalar position of the first operation.
    var pos: Int { get { Int(pos32) } set { pos32 = Int32(truncatingIfNeeded: newValue) } }
    /// Inserts: offset of the first scalar in `OpLog.content`; map/list operations: payload index.
    var data: Int { get { Int(data32) } set { data32 = Int32(truncatingIfNeeded: newValue) } }

    var end: Int { lv + len }
}

/// The data of one map or list operation.
struct Payload: Sendable {
    /// Map key.
    var key: String = ""
    /// Stored value (sets and list inserts); nested objects carry the id of this very operation.
    var value: Value = .null
    /// List move/delete: the LV of the element's insert.
    var element: Int = -1
    /// List insert/move: the LV of the slot this slot hangs from (-1 = list start).
    var parentSlot: Int = -1
    /// List insert/move: whether the new slot is a right child of its parent.
    var right: Bool = true
}

/// Every operation of a document in LV order, with inserted text kept in one scalar arena.
struct OpLog: Sendable {
    var runs = ChunkedArray<OpRun>()
    var content = ScalarArena()
    var payloads: [Payload] = []

    /// Index of the run containing `lv`.
    func runIndex(_ lv: Int) -> Int {
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if runs[mid].lv <= lv { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The sub-run of run `i` covering `lo..<hi` (which must lie inside it).
    func slice(_ i: Int, _ lo: Int, _ hi: Int) -> OpRun {
        var r = runs[i]
        let k = lo - r.lv
        r.lv = lo
        r.len = hi - lo
        switch r.kind {
        case .insertText: r.pos += k; r.data += k
        case .deleteText: if !r.forward { r.pos -= k }
        default: break
        }
        return r
    }

    /// The pieces of runs overlapping `lo..<hi`, in ascending order (no closure: hot loops use it).
    func pieces(_ lo: Int, _ hi: Int) -> RunPieces {
        RunPieces(runs: runs, i: lo < hi && !runs.isEmpty ? runIndex(lo) : runs.count, lo: lo, hi: hi)
    }

    /// Calls `body` with each piece of run overlapping `lo..<hi`, in ascending order.
    func forEachRun(_ lo: Int, _ hi: Int, _ body: (OpRun) -> Void) {
        guard lo < hi, !runs.isEmpty else { return }
        var i = runIndex(lo)
        while i < runs.count && runs[i].lv < hi {
            let r = runs[i]
            body(slice(i, Swift.max(lo, r.lv), Swift.min(hi, r.end)))
            i += 1
        }
    }
}

extension OpRun {
    /// The part of this run covering `lo..<hi` (inside it).
    func sliced(_ lo: Int, _ hi: Int) -> OpRun {
        var r = self
        let k = lo - lv
        r.lv = lo
        r.len = hi - lo
        switch kind {
        case .insertText: r.pos += k; r.data += k
        case .deleteText: if !forward { r.pos -= k }
        default: break
        }
        return r
    }

    /// This run cut into pieces of at most `DecodeLimits.maxRunLength` operations (the longest
    /// run a decoder accepts; local typing can make longer ones).
    var encodablePieces: [OpRun] {
        if len <= DecodeLimits.maxRunLength { return [self] }
        return stride(from: lv, to: end, by: DecodeLimits.maxRunLength).map {
            sliced($0, Swift.min($0 + DecodeLimits.maxRunLength, end))
        }
    }
}

/// Iterates the pieces of runs overlapping a range of LVs.
struct RunPieces: Sequence, IteratorProtocol {
    let runs: ChunkedArray<OpRun>
    var i: Int
    let lo: Int
    let hi: Int

    mutating func next() -> OpRun? {
        guard i < runs.count, runs[i].lv < hi else { return nil }
        var r = runs[i]
        i += 1
        let a = Swift.max(lo, r.lv), b = Swift.min(hi, r.end)
        let k = a - r.lv
        if k > 0 || b < r.end {
            r.lv = a
            r.len = b - a
            switch r.kind {
            case .insertText: r.pos += k; r.data += k
            case .deleteText: if !r.forward { r.pos -= k }
            default: break
            }
        }
        return r
    }
}
