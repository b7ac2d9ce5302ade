import Foundation
import Synchronization
import Testing
import TavoloCRDT
import TavoloSync

/// Hooks run in order, may refuse, and may wait without holding up other tables.
@Suite struct HookTests {
    final class RefuseEverything: SyncHook {
        func beforeChange(_ operations: Operations, by member: Member, in room: Room) -> HookResult<Void> {
            .refused(ProtocolError(.forbidden, "nothing may change here"))
        }
    }

    /// Loads table `slow` in two seconds, any other at once.
    final class SlowLoad: SyncHook {
        func loadTable(_ table: String) -> HookResult<Void> {
            guard table == "slow" else { return .proceed }
            return .later(Deferred({ try? await Task.sleep(for: .seconds(2)) }) { .proceed })
        }
    }

    /// Records the order in which its points are reached.
    final class Recorder: SyncHook {
        let name: String
        let log: Log
        init(_ name: String, _ log: Log) {
            self.name = name
            self.log = log
        }
        func beforeChange(_ operations: Operations, by member: Member, in room: Room) -> HookResult<Void> {
            log.append("\(name).beforeChange")
            return .proceed
        }
        func afterChange(_ operations: Operations, applied: Int, by member: Member, in room: Room) { log.append("\(name).afterChange") }
        func afterStore(table: String, operations: Int) { log.append("\(name).afterStore") }
        func tableOpened(_ room: Room) { log.append("\(name).tableOpened") }
        func memberJoined(_ member: Member, in room: Room) -> [String: JSONValue] {
            log.append("\(name).memberJoined")
            return [name: .bool(true)]
        }
    }

    final class Log: Sendable {
        private let entries = Mutex<[String]>([])
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    static func edit(_ replica: String, _ text: String = "ciao") throws -> String {
        var document = Document(replica: replica)
        let object = try document.makeObject(.text, at: "t")
        _ = try document.insertText(text, at: 0, in: object)
        return Data(document.encodedOperations()).base64EncodedString()
    }

    @Test func aHookThatRefusesEverythingKeepsTheTableAsItWas() async throws {
        let server = SyncHarness { [RefuseEverything()] }
        let anna = try server.peer("anna"), bruno = try server.peer("bruno")
        #expect(await anna.join("t") != nil)
        #expect(await bruno.join("t") != nil)
        anna.send(["type": "ops", "ref": 7, "ops": try Self.edit("anna")])
        let error = await anna.expect("error")
        #expect(error?["code"] as? String == "forbidden")
        #expect(error?["ref"] as? Int == 7)
        #expect(await bruno.expect("ops", timeout: .milliseconds(200)) == nil)
        #expect(try await server.store.batches(table: "t", after: 0).isEmpty)
        await server.stop()
    }

    @Test func hooksRunInLifecycleOrderAndAddToJoined() async throws {
        let log = Log()
        let server = SyncHarness { [Recorder("a", log), Recorder("b", log)] }
        let anna = try server.peer("anna")
        let joined = await anna.join("t")
        #expect(joined?["a"] as? Bool == true && joined?["b"] as? Bool == true)
        anna.send(["type": "ops", "ref": 1, "ops": try Self.edit("anna")])
        #expect(await anna.expect("ack") != nil)
        try await Task.sleep(for: .milliseconds(50))
        #expect(log.all == [
            "a.tableOpened", "b.tableOpened", "a.memberJoined", "b.memberJoined", "a.beforeChange", "b.beforeChange",
            "a.afterChange", "b.afterChange", "a.afterStore", "b.afterStore",
        ])
        await server.stop()
    }

    @Test func aSlowLoadDoesNotDelayOtherTables() async throws {
        let server = SyncHarness { [SlowLoad()] }
        let fast = try server.peer("fast")
        #expect(await fast.join("quick") != nil)
        let slow = try server.peer("slow")
        #expect(await slow.hello() != nil)
        let started = ContinuousClock.now
        slow.send(["type": "join", "table": "slow"])
        var worst = Duration.zero
        var document = Document(replica: "fast")
        let text = try document.makeObject(.text, at: "t")
        for ref in 1...20 {
            let before = document.version
            _ = try document.insertText("x", at: 0, in: text)
            let sent = ContinuousClock.now
            fast.send(["type": "ops", "ref": ref, "ops": Data(document.encodedOperations(since: ref == 1 ? Version() : before)).base64EncodedString()])
            let ack = await fast.expect("ack")
            #expect(ack?["ref"] as? Int == ref)
            worst = max(worst, ContinuousClock.now - sent)
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(worst < .milliseconds(500))
        #expect(await slow.expect("joined", timeout: .seconds(5)) != nil)
        #expect(ContinuousClock.now - started >= .seconds(2))
        await server.stop()
    }

    @Test func aConnectionThatLeavesWhileItsTableLoadsIsNeverAdmitted() async throws {
        let server = SyncHarness { [SlowLoad()] }
        let gone = try server.peer("gone")
        #expect(await gone.hello() != nil)
        gone.send(["type": "join", "table": "slow"])
        try await Task.sleep(for: .milliseconds(100))
        gone.client.close()
        try await Task.sleep(for: .milliseconds(2200))
        let later = try server.peer("later")
        let joined = await later.join("slow")
        #expect((joined?["members"] as? [Any])?.isEmpty == true)
        await server.stop()
    }
}
