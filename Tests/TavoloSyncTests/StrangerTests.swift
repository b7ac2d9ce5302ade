import Testing
import TavoloSync

/// Connections without a principal are capped and short-lived.
@Suite struct StrangerTests {
    @Test func aConnectionThatNeverSaysHelloIsClosed() async throws {
        var settings = SyncSettings()
        settings.helloTimeoutSeconds = 1
        let server = SyncHarness(settings: settings)
        let silent = try server.peer("silent")
        let polite = try server.peer("polite")
        #expect(await polite.hello() != nil)
        #expect(await silent.closed(timeout: .seconds(3)) == 1008)
        #expect(polite.client.closeStatus == nil)
        await server.stop()
    }

    @Test func strangersFromOneAddressAreCappedUntilTheyAuthenticate() async throws {
        var settings = SyncSettings()
        settings.maxUnauthenticatedPerAddress = 3
        let server = SyncHarness(settings: settings)
        let first = try server.peer("a"), second = try server.peer("b"), third = try server.peer("c")
        let fourth = try server.peer("d")
        #expect(await fourth.closed() == 1013)
        #expect(await first.hello() != nil)  // one of them is a stranger no longer...
        let fifth = try server.peer("e")
        #expect(await fifth.hello() != nil)  // ...so another may come in
        #expect(second.client.closeStatus == nil && third.client.closeStatus == nil)
        await server.stop()
    }

    @Test func strangersInAllAreCapped() async throws {
        var settings = SyncSettings()
        settings.maxUnauthenticatedConnections = 2
        let server = SyncHarness(settings: settings)
        let first = try server.peer("a"), second = try server.peer("b"), third = try server.peer("c")
        #expect(await third.closed() == 1013)
        #expect(first.client.closeStatus == nil && second.client.closeStatus == nil)
        await server.stop()
    }
}
