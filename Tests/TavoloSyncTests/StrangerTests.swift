import Testing
import TavoloSync

/// Connections without a principal are capped and short-lived.
@Suite struct StrangerTests {
    @Test(arguments: [1, 2]) func aConnectionThatNeverSaysHelloIsClosed(workers: Int) async throws {
        var settings = SyncSettings()
        settings.helloTimeoutSeconds = 1
        let server = SyncHarness(settings: settings, workers: workers)
        let silent = try server.peer("silent")
        let polite = try server.peer("polite")
        #expect(await polite.hello() != nil)
        #expect(await silent.closed(timeout: .seconds(3)) == 1008)
        #expect(polite.client.closeStatus == nil)
        await server.stop()
    }

    /// Opens `count` connections at once and waits until one is refused: with several workers,
    /// which one depends on which worker reads its `opened` first, but never more than the cap get in.
    static func crowd(_ count: Int, on server: SyncHarness) async throws -> (refused: [Peer], admitted: [Peer]) {
        let peers = try (0..<count).map { try server.peer("p\($0)") }
        for _ in 0..<2500 where peers.allSatisfy({ $0.client.closeStatus == nil }) { try await Task.sleep(for: .milliseconds(2)) }
        try await Task.sleep(for: .milliseconds(50))  // a second refusal would have come by now
        return (peers.filter { $0.client.closeStatus != nil }, peers.filter { $0.client.closeStatus == nil })
    }

    @Test(arguments: [1, 2]) func strangersFromOneAddressAreCappedUntilTheyAuthenticate(workers: Int) async throws {
        var settings = SyncSettings()
        settings.maxUnauthenticatedPerAddress = 3
        let server = SyncHarness(settings: settings, workers: workers)
        let (refused, admitted) = try await Self.crowd(4, on: server)
        #expect(refused.map { $0.client.closeStatus?.code.rawValue } == [1013])
        #expect(admitted.count == 3)
        #expect(await admitted[0].hello() != nil)  // one of them is a stranger no longer...
        let fifth = try server.peer("e")
        #expect(await fifth.hello() != nil)  // ...so another may come in
        #expect(admitted[1].client.closeStatus == nil && admitted[2].client.closeStatus == nil)
        await server.stop()
    }

    @Test(arguments: [1, 2]) func strangersInAllAreCapped(workers: Int) async throws {
        var settings = SyncSettings()
        settings.maxUnauthenticatedConnections = 2
        let server = SyncHarness(settings: settings, workers: workers)
        let (refused, admitted) = try await Self.crowd(3, on: server)
        #expect(refused.map { $0.client.closeStatus?.code.rawValue } == [1013])
        #expect(admitted.count == 2)
        await server.stop()
    }
}
