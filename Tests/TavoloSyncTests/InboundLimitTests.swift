import Foundation
import Testing
import TavoloSync

/// A connection's unhandled messages are bounded; past the bound it is closed, never buffered.
@Suite struct InboundLimitTests {
    /// Holds its connection for a second on the message `hold`, so that what follows piles up.
    final class HoldingHook: SyncHook {
        func message(
            _ fields: ClientMessage.Fields, ref: Int?, from connection: Connection, member: Member?, in room: Room?
        ) -> HookResult<Void>? {
            guard fields.type == "hold" else { return nil }
            return .later(Deferred({ try? await Task.sleep(for: .seconds(1)) }) { .proceed })
        }
    }

    @Test(arguments: [1, 2]) func aConnectionThatSendsFasterThanItIsServedIsClosed(workers: Int) async throws {
        var settings = SyncSettings()
        settings.inboundQueueMessages = 16
        let server = SyncHarness(settings: settings, workers: workers) { [HoldingHook()] }
        let peer = try server.peer("anna")
        #expect(await peer.join("t") != nil)
        peer.send(["type": "hold"])
        for _ in 0..<40 { peer.send(["type": "presence", "state": ["x": 1]]) }
        #expect(await peer.closed() == 1008)
        await server.stop()
    }

    @Test(arguments: [1, 2]) func messagesWaitingBehindAHookKeepTheirOrder(workers: Int) async throws {
        let server = SyncHarness(workers: workers) { [HoldingHook()] }
        let peer = try server.peer("anna")
        #expect(await peer.join("t") != nil)
        peer.send(["type": "hold"])
        peer.send(["type": "teleport", "ref": 1])
        peer.send(["type": "teleport", "ref": 2])
        #expect(await peer.expect("error")?["ref"] as? Int == 1)
        #expect(await peer.expect("error")?["ref"] as? Int == 2)
        await server.stop()
    }

    @Test(arguments: [1, 2]) func rateLimitErrorsNameTheMessageTheyRefuse(workers: Int) async throws {
        var settings = SyncSettings()
        settings.messagesPerSecond = 5
        let server = SyncHarness(settings: settings, workers: workers)
        let peer = try server.peer("anna")
        #expect(await peer.join("t") != nil)
        for ref in 1...25 { peer.send(["type": "ops", "ref": ref, "ops": ""]) }
        var refused: [Int] = []
        while let message = await peer.next(timeout: .milliseconds(300)), message["type"] as? String != "timeout" {
            if message["limit"] as? String == "messagesPerSecond", let ref = message["ref"] as? Int { refused.append(ref) }
        }
        #expect(!refused.isEmpty)
        #expect(refused == refused.sorted())
        await server.stop()
    }

    @Test(arguments: [1, 2]) func aConnectionThatKeepsFloodingIsClosed(workers: Int) async throws {
        var settings = SyncSettings()
        settings.messagesPerSecond = 5
        let server = SyncHarness(settings: settings, workers: workers)
        let peer = try server.peer("anna")
        #expect(await peer.join("t") != nil)
        for _ in 0..<60 { peer.sendText("not json") }  // failures cost tokens too
        #expect(await peer.closed() == 1008)
        await server.stop()
    }
}
