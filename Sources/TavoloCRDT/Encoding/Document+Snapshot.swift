/// Snapshot format of a whole document; see docs/crdt.md, "Document snapshot".
enum SnapshotFormat {
    static let magic: [UInt8] = [0x54, 0x56, 0x44]  // "TVD"
    static let version: UInt8 = 1
}

extension Document {
    /// The whole document: current state plus the complete history (enough to sync and to
    /// reconstruct any earlier version), in format version 1.
    public func encodeSnapshot() -> [UInt8] {
        let log = resolvedLog()
        var w = ByteWriter()
        w.raw(SnapshotFormat.magic)
        w.byte(SnapshotFormat.version)
        w.string(replica)
        w.varint(graph.agents.count)
        for a in graph.agents { w.string(a) }
        // Current texts first, so a reader can show them before parsing the history.
        var textBytes: [UInt8] = []
        var textLengths: [Int] = []
        for t in texts {
            let before = textBytes.count
            t.appendUTF8(to: &textBytes)
            textLengths.append(textBytes.count - before)
        }
        w.varint(texts.count)
        for l in textLengths { w.varint(l) }
        w.block(textBytes)
        // Causal graph.
        w.varint(graph.entries.count)
        for e in graph.entries {
            w.varint(e.agent)
            w.varint(e.end - e.start)
            let parents = graph.parents(of: e)
            w.varint(parents.count)
            for p in parents { w.varint(e.start - p) }
        }
        // Operations (text positions as zigzag deltas from the previous text run's end).
        let pieces = log.runs.flatMap(\.encodablePieces)
        w.varint(pieces.count)
        var lastPos = 0
        var lastTarget = -2
        for r in pieces {
            let flags = r.kind.rawValue | (r.forward ? 0 : 8) | (r.target == lastTarget ? 16 : 0)
            w.byte(flags)
            if flags & 16 == 0 { w.varint(r.target + 1) }
            lastTarget = r.target
            w.varint(r.len)
            switch r.kind {
            case .insertText:
                w.zigzag(Int64(r.pos - lastPos)); lastPos = r.pos + r.len
            case .deleteText:
                w.zigzag(Int64(r.pos - lastPos)); lastPos = r.pos
            case .mapSet, .mapDelete, .listInsert, .listMove, .listDelete:
                let p = log.payloads[r.data]
                switch r.kind {
                case .mapSet: w.string(p.key); w.value(p.value)
                case .mapDelete: w.string(p.key)
                case .listInsert: w.varint(p.parentSlot + 1); w.byte(p.right ? 1 : 0); w.value(p.value)
                case .listMove: w.varint(p.element + 1); w.varint(p.parentSlot + 1); w.byte(p.right ? 1 : 0)
                default: w.varint(p.element + 1)
                }
            }
        }
        // Inserted scalars that are no longer in any text, in insertion order.
        var present = [Bool](repeating: false, count: log.content.count)
        for (oi, info) in objects.enumerated() where info.kind == .text {
            var authors = AuthorBuffer()
            TextMerge(graph: graph, log: log, target: oi).run(to: graph.frontier, into: &authors)
            authors.lvs.withChunks { chunk in
                for lv in chunk {
                    let r = log.runs[log.runIndex(lv)]
                    present[r.data + lv - r.lv] = true
                }
            }
        }
        var deleted: [UInt8] = []
        for i in 0..<log.content.count where !present[i] { appendUTF8(log.content[i], to: &deleted) }
        w.block(deleted)
        return w.bytes
    }

    /// Loads a snapshot made by `encodeSnapshot()`. Throws (never traps) on malformed input.
    /// The loaded document edits as the replica named in the snapshot unless `replica` is given.
    public init(decoding bytes: [UInt8], replica: ReplicaID? = nil) throws(DecodeError) {
        var r = ByteReader(bytes)
        guard bytes.count >= 4 else { throw .truncated }
        guard Array(try r.raw(3)) == SnapshotFormat.magic else { throw .badMagic }
        let v = try r.byte()
        guard v == SnapshotFormat.version else { throw .unsupportedVersion(v) }
        let saved = try r.string(max: DecodeLimits.maxReplicaBytes)
        guard !saved.isEmpty else { throw .invalidReference }
        self.init(replica: replica ?? saved)
        var graph = CausalGraph()
        let nAgents = try r.count()
        for _ in 0..<nAgents {
            let name = try r.string(max: DecodeLimits.maxReplicaBytes)
            guard !name.isEmpty, graph.agentIndex[name] == nil else { throw .inconsistent }
            _ = graph.agent(name)
        }
        let nTexts = try r.count()
        var textLengths: [Int] = []
        for _ in 0..<nTexts { textLengths.append(try r.varint(max: DecodeLimits.maxDecompressed)) }
        let (textBlock, textSize) = try r.blockSlice()
        let textBytes = try LZ4Block.decompress(textBlock, size: textSize)
        guard textLengths.reduce(0, +) == textBytes.count else { throw .inconsistent }
        var loadedTexts: [TextBuffer] = []
        var offset = 0
        var textScalars = 0
        for l in textLengths {
            var t = TextBuffer()
            try t.load(utf8: textBytes[offset..<(offset + l)])
            offset += l
            textScalars += t.count
            loadedTexts.append(t)
        }
        let nEntries = try r.count()
        for _ in 0..<nEntries {
            let a = try r.varint()
            guard a < graph.agents.count else { throw .invalidReference }
            let len = try r.varint(max: DecodeLimits.maxOperations)
            guard len >= 1, graph.count + len <= DecodeLimits.maxOperations else { throw .limitExceeded }
            let np = try r.varint(max: DecodeLimits.maxParents)
            guard np <= r.remaining else { throw .truncated }
            var parents: [Int] = []
            for _ in 0..<np {
                let d = try r.varint()
                guard d >= 1, d <= graph.count else { throw .invalidReference }
                parents.append(graph.count - d)
            }
            graph.add(agent: a, seq: graph.nextSeq(a), len: len, parents: parents)
        }
        self.graph = graph
        me = self.graph.agent(self.replica)
        let nRuns = try r.count()
        var lastPos = 0
        var lastTarget = -2
        var lv = 0
        var insertedScalars = 0
        log.runs.reserveCapacity(nRuns)
        for _ in 0..<nRuns {
            let flags = try r.byte()
            guard let kind = OpKind(rawValue: flags & 7), flags < 32 else { throw .invalidTag(flags) }
            let target = flags & 16 != 0 ? lastTarget : try r.varint(max: 1 << 40) - 1
            lastTarget = target
            let len = try r.varint(max: DecodeLimits.maxRunLength)
            guard len >= 1, lv + len <= self.graph.count else { throw .inconsistent }
            guard target >= -1, target < objects.count else { throw .invalidReference }
            switch kind {
            case .insertText, .deleteText:
                if target >= 0 && objects[target].kind != .text { throw .inconsistent }
                // A delta near ±2^63 overflowed the addition, which trapped (found by the `snapshot`
                // fuzz target).
                let (p, overflow) = lastPos.addingReportingOverflow(Int(try r.zigzag()))
                guard !overflow, p >= 0, p <= DecodeLimits.maxPosition else { throw .limitExceeded }
                var run = OpRun(lv: lv, len: len, kind: kind, target: target, pos: p, forward: flags & 8 == 0, data: 0)
                if kind == .insertText {
                    run.data = insertedScalars
                    insertedScalars += len
                    lastPos = p + len
                } else {
                    lastPos = p
                }
                log.runs.append(run)
            default:
                guard len == 1 else { throw .inconsistent }
                var p = Payload()
                switch kind {
                case .mapSet: p.key = try r.string(); p.value = try r.value()
                case .mapDelete: p.key = try r.string()
                case .listInsert: p.parentSlot = try r.varint() - 1; p.right = try r.bool(); p.value = try r.value()
                case .listMove: p.element = try r.varint() - 1; p.parentSlot = try r.varint() - 1; p.right = try r.bool()
                default: p.element = try r.varint() - 1
                }
                guard p.element < lv, p.parentSlot < lv else { throw .invalidReference }
                if case .object(_, let k) = p.value { p.value = .object(ObjectID(creator: self.graph.id(lv)), k) }
                addPayloadOp(lv: lv, kind: kind, target: target, p)
            }
            lv += len
        }
        guard lv == self.graph.count else { throw .inconsistent }
        let (deletedBlock, deletedSize) = try r.blockSlice()
        guard r.remaining == 0 else { throw .trailingBytes }
        guard texts.count == loadedTexts.count, textScalars <= insertedScalars,
              deletedSize <= 4 * (insertedScalars - textScalars), deletedSize >= insertedScalars - textScalars
        else { throw .inconsistent }
        texts = loadedTexts
        log.content = ScalarArena(zeros: insertedScalars)
        if insertedScalars > 0 {
            pendingContent = PendingContent(
                frontier: self.graph.frontier, textBlock: textBlock, textSize: textSize, textLengths: textLengths,
                textObjects: objects.indices.filter { objects[$0].kind == .text },
                deletedBlock: deletedBlock, deletedSize: deletedSize, count: insertedScalars)
        }
    }
}

extension ByteWriter {
    /// An LZ4 block: varint raw length, varint compressed length, compressed bytes.
    mutating func block(_ raw: [UInt8]) {
        let c = LZ4Block.compress(raw)
        varint(raw.count)
        varint(c.count)
        bytes.append(contentsOf: c)
    }
}

extension ByteReader {
    /// An LZ4 block, still compressed, and its declared size.
    mutating func blockSlice() throws(DecodeError) -> (ArraySlice<UInt8>, Int) {
        let size = try varint(max: DecodeLimits.maxDecompressed)
        let n = try varint()
        guard n <= remaining else { throw .truncated }
        // LZ4 expands at most 255x; reject sizes no valid block could reach.
        guard size <= n * 255 + 16 else { throw .badCompression }
        return (try raw(n), size)
    }

    mutating func block() throws(DecodeError) -> [UInt8] {
        let (slice, size) = try blockSlice()
        return try LZ4Block.decompress(slice, size: size)
    }
}
