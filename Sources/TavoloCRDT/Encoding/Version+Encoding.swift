/// Wire format of a version vector; see docs/crdt.md, "Version".
enum VersionFormat {
    static let magic: [UInt8] = [0x54, 0x56, 0x56]  // "TVV"
    static let version: UInt8 = 1
}

extension Version {
    /// The version in the binary format (replicas sorted, so equal versions encode equally).
    public func encoded() -> [UInt8] {
        var w = ByteWriter()
        w.raw(VersionFormat.magic)
        w.byte(VersionFormat.version)
        let sorted = counts.sorted { utf8Less($0.key, $1.key) }
        w.varint(sorted.count)
        for (k, n) in sorted { w.string(k); w.varint(n) }
        return w.bytes
    }

    /// Decodes a version made by `encoded()`.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        var r = ByteReader(bytes)
        guard bytes.count >= 4 else { throw .truncated }
        guard Array(try r.raw(3)) == VersionFormat.magic else { throw .badMagic }
        let v = try r.byte()
        guard v == VersionFormat.version else { throw .unsupportedVersion(v) }
        let n = try r.count()
        var counts: [ReplicaID: Int] = [:]
        for _ in 0..<n {
            let k = try r.string(max: DecodeLimits.maxReplicaBytes)
            guard !k.isEmpty, counts[k] == nil else { throw .inconsistent }
            counts[k] = try r.varint(max: DecodeLimits.maxOperations)
        }
        guard r.remaining == 0 else { throw .trailingBytes }
        self.init(counts)
    }
}
