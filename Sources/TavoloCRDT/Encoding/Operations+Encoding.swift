/// Wire format of an operations batch; see docs/crdt.md, "Operations batch".
enum OpsFormat {
    static let magic: [UInt8] = [0x54, 0x56, 0x4F]  // "TVO"
    static let version: UInt8 = 1
}

extension Operations {
    /// The batch in the binary wire format (format version 1).
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(OpsFormat.magic)
        w.byte(OpsFormat.version)
        var names: [String] = []
        var index: [String: Int] = [:]
        func name(_ s: String) -> Int {
            if let i = index[s] { return i }
            names.append(s); index[s] = names.count - 1
            return names.count - 1
        }
        for r in runs {
            _ = name(r.replica)
            for p in r.parents { _ = name(p.replica) }
            if let c = r.target.creator { _ = name(c.replica) }
            if let e = r.element { _ = name(e.replica) }
            if let s = r.parentSlot { _ = name(s.replica) }
        }
        w.varint(names.count)
        for n in names { w.string(n) }
        func id(_ x: OpID) { w.varint(index[x.replica]!); w.varint(x.counter) }
        func optID(_ x: OpID?) {
            if let x { w.varint(index[x.replica]! + 1); w.varint(x.counter) } else { w.varint(0) }
        }
        w.varint(runs.count)
        for r in runs {
            w.varint(index[r.replica]!)
            w.varint(r.seq)
            w.varint(r.len)
            w.varint(r.parents.count)
            for p in r.parents { id(p) }
            w.byte(r.kind.rawValue)
            optID(r.target.creator)
            switch r.kind {
            case .insertText:
                w.varint(r.pos)
                w.scalars(r.content)
            case .deleteText:
                w.varint(r.pos)
                w.byte(r.forward ? 1 : 0)
            case .mapSet:
                w.string(r.key)
                w.value(r.value)
            case .mapDelete:
                w.string(r.key)
            case .listInsert:
                optID(r.parentSlot)
                w.byte(r.right ? 1 : 0)
                w.value(r.value)
            case .listMove:
                optID(r.element)
                optID(r.parentSlot)
                w.byte(r.right ? 1 : 0)
            case .listDelete:
                optID(r.element)
            }
        }
        return w.bytes
    }

    /// Decodes a batch made by `encoded()`. Throws (never traps) on any malformed input.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        var r = ByteReader(bytes)
        guard bytes.count >= 4 else { throw .truncated }
        guard Array(try r.raw(3)) == OpsFormat.magic else { throw .badMagic }
        let v = try r.byte()
        guard v == OpsFormat.version else { throw .unsupportedVersion(v) }
        let nNames = try r.count()
        var names: [String] = []
        for _ in 0..<nNames {
            let s = try r.string(max: DecodeLimits.maxReplicaBytes)
            guard !s.isEmpty else { throw .invalidReference }
            names.append(s)
        }
        func id(_ r: inout ByteReader) throws(DecodeError) -> OpID {
            let i = try r.varint()
            guard i < names.count else { throw .invalidReference }
            return OpID(replica: names[i], counter: try r.varint(max: DecodeLimits.maxOperations))
        }
        func optID(_ r: inout ByteReader) throws(DecodeError) -> OpID? {
            let i = try r.varint()
            if i == 0 { return nil }
            guard i <= names.count else { throw .invalidReference }
            return OpID(replica: names[i - 1], counter: try r.varint(max: DecodeLimits.maxOperations))
        }
        let nRuns = try r.count()
        var runs: [RemoteRun] = []
        runs.reserveCapacity(nRuns)
        for _ in 0..<nRuns {
            let agent = try r.varint()
            guard agent < names.count else { throw .invalidReference }
            let seq = try r.varint(max: DecodeLimits.maxOperations)
            let len = try r.varint(max: DecodeLimits.maxRunLength)
            guard len >= 1 else { throw .inconsistent }
            let np = try r.varint(max: DecodeLimits.maxParents)
            guard np <= r.remaining else { throw .truncated }
            var parents: [OpID] = []
            for _ in 0..<np { parents.append(try id(&r)) }
            let k = try r.byte()
            guard let kind = OpKind(rawValue: k) else { throw .invalidTag(k) }
            var run = RemoteRun(replica: names[agent], seq: seq, len: len, parents: parents, kind: kind,
                                target: ObjectID(creator: try optID(&r)))
            if kind != .insertText && kind != .deleteText && len != 1 { throw .inconsistent }
            switch kind {
            case .insertText:
                run.pos = try r.varint(max: DecodeLimits.maxPosition)
                guard try r.scalars(into: &run.content) == len else { throw .invalidText }
            case .deleteText:
                run.pos = try r.varint(max: DecodeLimits.maxPosition)
                run.forward = try r.bool()
            case .mapSet:
                run.key = try r.string()
                run.value = try r.value()
            case .mapDelete:
                run.key = try r.string()
            case .listInsert:
                run.parentSlot = try optID(&r)
                run.right = try r.bool()
                run.value = try r.value()
            case .listMove:
                run.element = try optID(&r)
                run.parentSlot = try optID(&r)
                run.right = try r.bool()
            case .listDelete:
                run.element = try optID(&r)
            }
            if case .object(_, let k) = run.value {
                run.value = .object(ObjectID(creator: OpID(replica: run.replica, counter: run.seq)), k)
            }
            runs.append(run)
        }
        guard r.remaining == 0 else { throw .trailingBytes }
        self.init(runs: runs)
    }
}

extension ByteWriter {
    mutating func value(_ v: Value) {
        switch v {
        case .null: byte(0)
        case .bool(let b): byte(b ? 2 : 1)
        case .int(let i): byte(3); zigzag(i)
        case .double(let d):
            byte(4)
            var bits = d.bitPattern
            for _ in 0..<8 { byte(UInt8(truncatingIfNeeded: bits)); bits >>= 8 }
        case .string(let s): byte(5); string(s)
        case .object(_, let kind): byte(6); byte(kind.rawValue)
        }
    }
}

extension ByteReader {
    /// A value; nested objects decode with a placeholder id (the receiver uses the operation's id).
    mutating func value() throws(DecodeError) -> Value {
        let tag = try byte()
        switch tag {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(try zigzag())
        case 4:
            var bits: UInt64 = 0
            for i in 0..<8 { bits |= UInt64(try byte()) << (8 * UInt64(i)) }
            return .double(Double(bitPattern: bits))
        case 5: return .string(try string())
        case 6:
            let k = try byte()
            guard let kind = ObjectKind(rawValue: k) else { throw .invalidTag(k) }
            return .object(.root, kind)
        default: throw .invalidTag(tag)
        }
    }
}

extension Document {
    /// The operations `version` lacks, encoded (the reply to a peer's "I have `version`").
    public func encodedOperations(since version: Version = Version()) -> [UInt8] {
        operations(since: version).encoded()
    }

    /// Decodes and applies an encoded operations batch.
    @discardableResult
    public mutating func apply(encoded bytes: [UInt8]) throws(DecodeError) -> ApplyResult {
        apply(try Operations(decoding: bytes))
    }
}
