/// Snapshot format of a whole document; see docs/crdt.md, "Document snapshot".
enum SnapshotFormat {
    static let magic: [UInt8] = [0x54, 0x56, 0x44]  // "TVD"
    static let version: UInt8 = 1
}

extension Document {
    /// The whole document: current state plus the complete history (enough to sync and to
    /// reconstruct any earlier version), in format version 1.
    public func encodeSnapshot() -> [UInt8] {
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
            t.scalars.withChunks { c in for v in c { appendUTF8(v, to: &textBytes) } }
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
            w.varint(e.parents.count)
            for p in e.parents { w.varint(e.start - p) }
        }
        // Operations (positions as deltas from the previous text run's end, zigzag).
        w.varint(log.runs.count)
        var lastPos = 0
        for r in log.runs {
            let flags = r.kind.rawValue | (r.forward ? 0 : 8) | (r.target == lastTarget(r) ? 16 : 0)
            w.byte(flags)
            if flags & 16 == 0 { w.varint(r.target + 1) }
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
        var content: [UInt8] = []
        content.reserveCapacity(log.content.count)
        for v in log.content { appendUTF8(v, to: &content) }
        w.block(content)
        return w.bytes
    }

    /// Text runs usually target the same object as the previous run: one flag bit saves a byte.
    private func lastTarget(_ r: OpRun) -> Int {
        let i = log.runIndex(r.lv)
        return i > 0 ? log.runs[i - 1].target : -2
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
        let textBytes = try r.block()
        guard textLengths.reduce(0, +) == textBytes.count else { throw .inconsistent }
        var loadedTexts: [TextBuffer] = []
        var offset = 0
        for l in textLengths {
            var scalars: [UInt32] = []
            scalars.reserveCapacity(l)
            _ = try decodeUTF8(textBytes[offset..<(offset + l)], into: &scalars)
            offset += l
            var t = TextBuffer()
            scalars.withUnsafeBufferPointer { t.scalars.insert($0, at: 0) }
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
        var lv = 0
        var insertedScalars = 0
        var runs: [OpRun] = []
        runs.reserveCapacity(nRuns)
        var payloadRuns: [(Int, Payload)] = []
        for _ in 0..<nRuns {
            let flags = try r.byte()
            guard let kind = OpKind(rawValue: flags & 7), flags < 32 else { throw .invalidTag(flags) }
            let target = flags & 16 != 0 ? (runs.last?.target ?? -1) : try r.varint(max: 1 << 40) - 1
            let len = try r.varint(max: DecodeLimits.maxRunLength)
            guard len >= 1, lv + len <= graph.count else { throw .inconsistent }
            var run = OpRun(lv: lv, len: len, kind: kind, target: target, pos: 0, forward: flags & 8 == 0, data: 0)
            switch kind {
            case .insertText, .deleteText:
                let p = lastPos + Int(try r.zigzag())
                guard p >= 0, p <= DecodeLimits.maxPosition else { throw .limitExceeded }
                run.pos = p
                if kind == .insertText {
                    run.data = insertedScalars
                    insertedScalars += len
                    lastPos = p + len
                } else {
                    lastPos = p
                }
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
                payloadRuns.append((runs.count, p))
            }
            runs.append(run)
            lv += len
        }
        guard lv == graph.count else { throw .inconsistent }
        let content = try r.block()
        var scalars: [UInt32] = []
        scalars.reserveCapacity(insertedScalars)
        guard try decodeUTF8(content, into: &scalars) == insertedScalars else { throw .invalidText }
        guard r.remaining == 0 else { throw .trailingBytes }
        log.content = scalars
        // Rebuild maps and lists (and the object table) by replaying their operations in order.
        var next = 0
        for (i, run) in runs.enumerated() {
            if next < payloadRuns.count && payloadRuns[next].0 == i {
                let p = payloadRuns[next].1
                next += 1
                guard run.target < objects.count else { throw .invalidReference }
                addPayloadOp(lv: run.lv, kind: run.kind, target: run.target, p)
            } else {
                guard run.target >= -1, run.target < objects.count else { throw .invalidReference }
                if run.target >= 0 && objects[run.target].kind != .text { throw .inconsistent }
                log.runs.append(run)
            }
        }
        guard texts.count == loadedTexts.count else { throw .inconsistent }
        texts = loadedTexts
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
    mutating func block() throws(DecodeError) -> [UInt8] {
        let size = try varint(max: DecodeLimits.maxDecompressed)
        let n = try varint()
        guard n <= remaining else { throw .truncated }
        // LZ4 expands at most 255x; reject sizes no valid block could reach.
        guard size <= n * 255 + 16 else { throw .badCompression }
        return try LZ4Block.decompress(try raw(n), size: size)
    }
}
