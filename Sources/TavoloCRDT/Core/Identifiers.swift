/// The name of a replica (a browser tab, the server). Unique per writer session; at most 255 UTF-8 bytes.
public typealias ReplicaID = String

/// The globally unique id of one operation: the replica that made it and that replica's counter (0, 1, 2, ...).
public struct OpID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The replica that made the operation.
    public var replica: ReplicaID
    /// The replica's own sequence number, dense from 0.
    public var counter: Int

    /// Makes an id.
    public init(replica: ReplicaID, counter: Int) {
        self.replica = replica
        self.counter = counter
    }

    public static func < (a: OpID, b: OpID) -> Bool {
        a.replica != b.replica ? utf8Less(a.replica, b.replica) : a.counter < b.counter
    }

    public var description: String { "\(replica)@\(counter)" }
}

/// Identifies an object in a document: the root map, or the object created by an operation.
public struct ObjectID: Hashable, Sendable, CustomStringConvertible {
    /// The operation that created the object; nil for the root map.
    public var creator: OpID?

    /// The root map every document starts with.
    public static let root = ObjectID(creator: nil)

    /// Wraps the id of the creating operation.
    public init(creator: OpID?) { self.creator = creator }

    public var description: String { creator.map { "obj(\($0))" } ?? "root" }
}

/// The kinds of nested object.
public enum ObjectKind: UInt8, Sendable, CaseIterable {
    /// Keys to values, last writer wins per key.
    case map = 0
    /// An ordered list of values with move.
    case list = 1
    /// A sequence of Unicode scalars.
    case text = 2
}

/// A value stored in a map entry or a list element.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    /// A nested object (created by the operation that stored it).
    case object(ObjectID, ObjectKind)
}

/// Errors from local edits with out-of-range positions or wrong object kinds.
public enum EditError: Error, Equatable, Sendable {
    case noSuchObject(ObjectID)
    case wrongKind(ObjectID, expected: ObjectKind)
    case indexOutOfRange(index: Int, count: Int)
    case nestedObjectsAreMadeWithMakeObject
    /// A key or string value longer than a decoder accepts (16 MiB of UTF-8).
    case valueTooLarge
}

/// The operations a local edit produced: `count` consecutive ids of this replica starting at `first`.
public struct Change: Hashable, Sendable {
    /// The first new operation id (nil when the edit changed nothing).
    public var first: OpID?
    /// How many operations the edit produced.
    public var count: Int
}

/// Throws when a key or string value could not be decoded by another replica.
func checkSize(key: String? = nil, _ value: Value? = nil) throws(EditError) {
    if let key, key.utf8.count > DecodeLimits.maxStringBytes { throw .valueTooLarge }
    if case .string(let s)? = value, s.utf8.count > DecodeLimits.maxStringBytes { throw .valueTooLarge }
}

/// The order of replica ids in every tie-break: bytewise on UTF-8 (easy to match in JavaScript).
@inline(__always)
func utf8Less(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
