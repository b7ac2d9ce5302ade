/// Writes a ZIP archive (PKWARE APPNOTE 6.3) of stored, uncompressed entries: all an
/// OpenDocument package needs (its `mimetype` must be stored anyway) and small enough
/// to read in one sitting. Entries keep the order they were added in; times are fixed
/// (1980-01-01) so the same document always gives the same bytes.
struct ZipArchive {
    private var body: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    /// Adds `bytes` under `name` (a relative path with `/`), stored without compression.
    mutating func add(_ name: String, _ bytes: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = CRC32.checksum(bytes)
        let offset = UInt32(body.count)
        precondition(body.count + bytes.count < Int(UInt32.max) && count < Int(UInt16.max), "ZIP64 is not needed for documents")

        // Local file header.
        body.appendLE(UInt32(0x0403_4b50))
        appendCommonFields(to: &body, nameBytes: nameBytes, crc: crc, size: UInt32(bytes.count))
        body += nameBytes
        body += bytes

        // Central directory record.
        directory.appendLE(UInt32(0x0201_4b50))
        directory.appendLE(UInt16(20))  // made by: version 2.0, MS-DOS attributes
        appendCommonFields(to: &directory, nameBytes: nameBytes, crc: crc, size: UInt32(bytes.count))
        directory.appendLE(UInt16(0))  // comment length
        directory.appendLE(UInt16(0))  // disk number
        directory.appendLE(UInt16(0))  // internal attributes
        directory.appendLE(UInt32(0))  // external attributes
        directory.appendLE(offset)
        directory += nameBytes
        count += 1
    }

    /// The archive: entries, central directory, end record.
    var bytes: [UInt8] {
        var out = body + directory
        out.appendLE(UInt32(0x0605_4b50))
        out.appendLE(UInt16(0))  // this disk
        out.appendLE(UInt16(0))  // disk with the directory
        out.appendLE(UInt16(count))
        out.appendLE(UInt16(count))
        out.appendLE(UInt32(directory.count))
        out.appendLE(UInt32(body.count))
        out.appendLE(UInt16(0))  // comment length
        return out
    }

    /// Version needed, flags, method, time, date, CRC, sizes, name and extra lengths:
    /// the same in the local header and the central record.
    private func appendCommonFields(to out: inout [UInt8], nameBytes: [UInt8], crc: UInt32, size: UInt32) {
        out.appendLE(UInt16(10))  // version needed: 1.0, stored entries
        out.appendLE(UInt16(0x0800))  // names are UTF-8
        out.appendLE(UInt16(0))  // method: stored
        out.appendLE(UInt16(0))  // time 00:00:00
        out.appendLE(UInt16(0x0021))  // date 1980-01-01
        out.appendLE(crc)
        out.appendLE(size)  // compressed size
        out.appendLE(size)  // uncompressed size
        out.appendLE(UInt16(nameBytes.count))
        out.appendLE(UInt16(0))  // no extra field (ODF: none on `mimetype`)
    }
}

/// CRC-32 as ZIP uses it (ISO 3309, reflected polynomial 0xEDB88320).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    fileprivate mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
