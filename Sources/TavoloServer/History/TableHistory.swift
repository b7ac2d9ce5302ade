import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloStorage

/// One table's history in memory, for replay: every stored batch applied in log order to one
/// document (so any earlier version is a version of it), the version after each batch, whole
/// documents every `checkpointStride` batches (a jump replays at most that many batches), and the
/// table events. Built on first use, then extended with whatever was stored since.
///
/// Time orders everything: a batch counts from its `receivedAt`, an event from its `at`. A moment
/// `at` includes every batch received and every event recorded at or before it.
actor TableHistory {
    let table: String
    let store: any Store
    let checkpointStride: Int

    /// Every batch applied, by the replica `history` (which never authors anything).
    private(set) var document = Document(replica: "history")
    /// One per stored batch, in log order.
    private(set) var marks: [BatchMark] = []
    private var payloads: [[UInt8]] = []
    /// Replica ids, by the index marks use.
    private(set) var replicas: [String] = []
    private var replicaIndex: [String: Int32] = [:]
    /// `versionCheckpoints[k]`: the version before mark `k * versionStride`.
    private var versionCheckpoints: [Version] = [Version()]
    private let versionStride = 256
    /// Whole documents after mark `index`, every `checkpointStride` marks.
    private var checkpoints: [(index: Int, document: Document)] = []
    /// The last document a jump made, to go on from during playback.
    private var cursor: (index: Int, document: Document)?
    /// Table events in log order, decoded.
    private(set) var events: [TimedEvent] = []
    /// Events read from the agenda and minutes documents (agenda item made current, decision added).
    private(set) var documentEvents: [DocumentEvent] = []
    /// The table's state after every event so far.
    private(set) var latestState = TableState()
    /// Replica id → the principal it belongs to.
    private(set) var replicaOwners: [String: String] = [:]
    private var lastBatchSequence: Int64 = 0
    private var lastEventSequence: Int64 = 0

    init(table: String, store: any Store, checkpointStride: Int = 2048) {
        self.table = table
        self.store = store
        self.checkpointStride = checkpointStride
    }

    /// A batch as the timeline needs it.
    struct BatchMark: Sendable {
        var sequence: Int64
        /// Milliseconds since 1970, never less than the previous batch's (a clock that stepped back is clamped).
        var at: Int64
        var author: Int32
        /// How many operations of `author` the document has after this batch.
        var authorCount: Int32
    }

    struct TimedEvent: Sendable {
        var at: Int64
        var actor: String
        var event: TableEvent
    }

    /// Reads what was stored since the last call and applies it.
    func refresh() async throws {
        let batches = try await store.batches(table: table, after: lastBatchSequence)
        let stored = try await store.events(table: table, after: lastEventSequence)
        if batches.contains(where: { replicaOwners[$0.author] == nil && $0.author != "server" }) {
            replicaOwners = try await store.load(table: table).replicaOwners
        }
        var reached = document.version.counts
        var gathered = Operations.empty
        // Another refresh may have run while this one awaited the store (actor reentrancy):
        // apply only what is still new.
        for batch in batches where batch.sequence > lastBatchSequence { apply(batch, reached: &reached, gathered: &gathered) }
        flush(&gathered)
        for event in stored where event.sequence > lastEventSequence {
            lastEventSequence = event.sequence
            guard let decoded = try? TableCoding.decoder.decode(TableEvent.self, from: Data(event.payload)) else { continue }
            let at = max(Self.milliseconds(decoded.at), events.last?.at ?? .min)
            events.append(TimedEvent(at: at, actor: event.actor, event: decoded))
            latestState.apply(decoded)
        }
    }

    /// Text-only batches are gathered and applied together: one merge pass per text instead of
    /// one per batch, which matters when several people type at once (each batch is concurrent
    /// with the others'). A batch that changes maps or lists is applied on its own, after what is
    /// gathered, since the agenda and decision events read the document right after it.
    private func apply(_ batch: StoredBatch, reached: inout [String: Int], gathered: inout Operations) {
        lastBatchSequence = batch.sequence
        guard let operations = try? Operations(decoding: batch.payload) else { return }  // only valid batches are stored
        let author = index(of: batch.author)
        let at = max(Self.milliseconds(batch.receivedAt), marks.last?.at ?? .min)
        if operations.editsOnlyText {
            gathered.append(operations)
        } else {
            flush(&gathered)
            document.apply(operations)
            noteDocumentEvents(operations, at: at, author: batch.author)
        }
        // Stored batches were validated against everything before them, so each applies whole.
        for (replica, count) in operations.reach { reached[replica] = max(reached[replica] ?? 0, count) }
        marks.append(BatchMark(
            sequence: batch.sequence, at: at, author: author, authorCount: Int32(clamping: reached[batch.author] ?? 0)))
        payloads.append(batch.payload)
        if marks.count % versionStride == 0 { versionCheckpoints.append(Version(reached)) }
        if marks.count % checkpointStride == 0 {
            flush(&gathered)
            checkpoints.append((marks.count - 1, document))
        }
    }

    private func flush(_ gathered: inout Operations) {
        guard !gathered.isEmpty else { return }
        document.apply(gathered)
        gathered = .empty
    }

    func appendDocumentEvent(_ event: DocumentEvent) { documentEvents.append(event) }

    private func index(of replica: String) -> Int32 {
        if let known = replicaIndex[replica] { return known }
        replicas.append(replica)
        replicaIndex[replica] = Int32(replicas.count - 1)
        return Int32(replicas.count - 1)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    // MARK: time → version

    /// The index of the last batch at or before `at` (-1: none).
    func markIndex(at: Int64) -> Int {
        var low = 0, high = marks.count
        while low < high {
            let middle = (low + high) / 2
            if marks[middle].at <= at { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }

    /// The version after batch `index` (-1: the empty version).
    func version(through index: Int) -> Version {
        guard index >= 0 else { return Version() }
        let k = (index + 1) / versionStride
        var counts = versionCheckpoints[k].counts
        // Empty when `index` is the last mark before a checkpoint (the checkpoint is the answer).
        for i in stride(from: k * versionStride, through: index, by: 1) where i < marks.count {
            let mark = marks[i]
            let replica = replicas[Int(mark.author)]
            counts[replica] = max(counts[replica] ?? 0, Int(mark.authorCount))
        }
        return Version(counts)
    }

    /// The whole document as it was after batch `index`: from the nearest checkpoint (or the
    /// last jump, when playback moves forward) plus the batches in between.
    func documentState(through index: Int) -> Document {
        if index == marks.count - 1 { return document }
        var start: (index: Int, document: Document) = (-1, Document(replica: "history"))
        if let checkpoint = checkpoints.last(where: { $0.index <= index }) { start = checkpoint }
        if let cursor, cursor.index <= index, cursor.index > start.index { start = cursor }
        var replay = start.document
        if start.index < index {
            // All at once: one merge pass per text (see `apply(_:reached:gathered:)`).
            var gathered = Operations.empty
            for i in (start.index + 1)...index {
                if let operations = try? Operations(decoding: payloads[i]) { gathered.append(operations) }
            }
            replay.apply(gathered)
        }
        cursor = (index, replay)
        return replay
    }

    // MARK: table state

    /// The table's state after every event at or before `at`.
    func tableState(at: Int64) -> TableState {
        var state = TableState()
        for event in events {
            guard event.at <= at else { break }
            state.apply(event.event)
        }
        return state
    }

    /// First and last recorded moment (nil for a table with no history).
    var span: (start: Int64, end: Int64)? {
        let starts = [marks.first?.at, events.first?.at].compactMap { $0 }
        let ends = [marks.last?.at, events.last?.at].compactMap { $0 }
        guard let start = starts.min(), let end = ends.max() else { return nil }
        return (start, end)
    }

    /// Names for principals and replicas, from everyone who ever joined.
    var people: PeopleDirectory { PeopleDirectory(participants: latestState.participants, owners: replicaOwners) }

    /// The sequence number of the last batch at or before `index`.
    func sequence(through index: Int) -> Int64 { index >= 0 ? marks[index].sequence : 0 }

    /// Text `object` at `version`, each character with its author, read off the text's kept
    /// tracker (moved there: consecutive jumps cost what lies between them, not a replay).
    func characters(of object: ObjectID, at version: Version) -> [TextCharacter] {
        document.trackedCharacters(of: object, at: version)
    }

    /// Text `object` at two versions and who deleted what between them, off the kept tracker.
    func comparison(of object: ObjectID, from: Version, to: Version) -> TextComparison {
        document.trackedComparison(of: object, from: from, to: to)
    }
}
