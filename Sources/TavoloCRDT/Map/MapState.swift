/// The winning write of one map key: the write with the greatest (lamport, replica) wins.
struct MapEntry: Sendable {
    /// nil when the winning operation deleted the key.
    var value: Value?
    var lamport: Int
    var replica: String
    var lv: Int

    func beats(_ other: MapEntry) -> Bool {
        lamport != other.lamport ? lamport > other.lamport : utf8Less(other.replica, replica)
    }
}

/// A last-writer-wins map. Applying writes in any order gives the same result.
struct MapState: Sendable {
    var entries: [String: MapEntry] = [:]

    mutating func apply(key: String, _ entry: MapEntry) {
        if let old = entries[key], !entry.beats(old) { return }
        entries[key] = entry
    }

    /// Present keys, sorted.
    var keys: [String] { entries.filter { $0.value.value != nil }.keys.sorted() }
}
