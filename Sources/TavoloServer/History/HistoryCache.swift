import TavoloStorage

/// The histories of the last few tables asked about, least recently used dropped first:
/// a history holds a whole document and its checkpoints, so only a handful stay in memory.
actor HistoryCache {
    private let store: any Store
    private let capacity: Int
    private let checkpointStride: Int
    /// Most recently used last.
    private var entries: [(table: String, history: TableHistory)] = []

    init(store: any Store, capacity: Int, checkpointStride: Int) {
        self.store = store
        self.capacity = max(1, capacity)
        self.checkpointStride = checkpointStride
    }

    /// The table's history, brought up to date with what was stored since it was last read.
    func history(of table: String) async throws -> TableHistory {
        let history: TableHistory
        if let index = entries.firstIndex(where: { $0.table == table }) {
            history = entries.remove(at: index).history
        } else {
            history = TableHistory(table: table, store: store, checkpointStride: checkpointStride)
        }
        entries.append((table, history))
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        try await history.refresh()
        return history
    }
}
