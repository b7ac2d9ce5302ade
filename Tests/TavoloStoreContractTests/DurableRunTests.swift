import Foundation
import Synchronization
import Testing
import TavoloStorage

/// A gatherer's run (`DurableRunGatherer`) ends after the last of consecutive gathered appends of
/// one group commit and before any other callback, so what the sync engine sends at the end of a
/// run keeps its place among everything else the store's callbacks send.
@Suite struct DurableRunTests {
    final class Gatherer: DurableRunGatherer {
        let log: Log
        init(log: Log) { self.log = log }
        func runEnded() { log.append("end") }
    }

    final class Log: Sendable {
        private let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    @Test(arguments: StoreKind.allCases) func aRunEndsBeforeAnyOtherCallbackAndAtTheEndOfItsGroup(_ kind: StoreKind) async throws {
        guard let opened = try await kind.open() else { return }
        let store = opened.store
        let log = Log()
        let gatherer = Gatherer(log: log)
        // Hold the writer in a callback while the writes below queue up, so they make one group.
        let release = DispatchSemaphore(value: 0)
        await withCheckedContinuation { (holding: CheckedContinuation<Void, Never>) in
            store.afterPendingWrites {
                holding.resume()
                release.wait()
            }
        }
        func append(_ name: String, gatheredBy gatherer: Gatherer?) {
            store.append(StoredBatch(table: "t", author: "a", operationCount: 1, payload: [1]), gatheredBy: gatherer) { result in
                log.append(name + (result.isSuccess ? "" : " failed"))
            }
        }
        append("a1", gatheredBy: gatherer)
        store.recordReplica("r", principal: "p", table: "t")  // no callback: does not end the run
        append("a2", gatheredBy: gatherer)
        store.afterPendingWrites { log.append("barrier") }
        append("a3", gatheredBy: gatherer)
        append("a4", gatheredBy: nil)
        append("a5", gatheredBy: gatherer)
        release.signal()
        await store.pendingWritesDone()
        #expect(log.all == ["a1", "a2", "end", "barrier", "a3", "end", "a4", "a5", "end"])
        await opened.close()
    }
}

extension Result {
    fileprivate var isSuccess: Bool { if case .success = self { true } else { false } }
}
