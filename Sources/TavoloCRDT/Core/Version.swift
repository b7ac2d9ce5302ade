/// A compact summary of what a replica has seen: for each replica id, how many of its operations.
///
/// Because each replica's operations are causally ordered, "the first n of each replica" is a
/// causally closed set, so a version vector names a document version exactly.
public struct Version: Hashable, Sendable, CustomStringConvertible {
    /// Operations seen per replica (replicas with none are absent).
    public var counts: [ReplicaID: Int]

    /// The empty version (nothing seen).
    public init(_ counts: [ReplicaID: Int] = [:]) {
        self.counts = counts.filter { $0.value > 0 }
    }

    /// How many operations of `replica` this version includes.
    public subscript(replica: ReplicaID) -> Int { counts[replica] ?? 0 }

    /// True when every operation in `other` is also in `self`.
    public func includes(_ other: Version) -> Bool {
        other.counts.allSatisfy { self[$0.key] >= $0.value }
    }

    /// True when the version contains the operation.
    public func contains(_ id: OpID) -> Bool { self[id.replica] > id.counter }

    /// The union of two versions (what a replica knows after merging both).
    public func union(_ other: Version) -> Version {
        Version(counts.merging(other.counts, uniquingKeysWith: max))
    }

    public var description: String {
        "{" + counts.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
    }
}
