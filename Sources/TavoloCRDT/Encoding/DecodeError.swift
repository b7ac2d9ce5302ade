/// Every way decoding bytes can fail. Decoding never traps, whatever the input.
public enum DecodeError: Error, Equatable, Sendable {
    /// The input ended in the middle of a value.
    case truncated
    /// The first bytes are not a Tavolo operations batch or document.
    case badMagic
    /// The format version byte is one this build cannot read.
    case unsupportedVersion(UInt8)
    /// A varint is longer than 10 bytes or does not fit in 63 bits.
    case varintOverflow
    /// A length, count or position exceeds the format's limits.
    case limitExceeded
    /// A string is not valid UTF-8, or a text run holds the wrong number of scalars.
    case invalidText
    /// An unknown tag (operation kind, value kind, object kind, flag).
    case invalidTag(UInt8)
    /// An index or id refers to nothing (replica, parent, object, element).
    case invalidReference
    /// Structurally valid bytes that describe an impossible history.
    case inconsistent
    /// Compressed data is malformed.
    case badCompression
    /// Bytes remain after the end of the encoded value.
    case trailingBytes
}

/// Hard caps applied while decoding, so hostile input cannot make us allocate or loop without bound.
enum DecodeLimits {
    static let maxStringBytes = 1 << 24
    static let maxReplicaBytes = 255
    static let maxRunLength = 1 << 22
    static let maxPosition = (1 << 31) - 1
    static let maxOperations = (1 << 31) - 1
    static let maxParents = 1 << 16
    static let maxDecompressed = 1 << 28
}
