import Foundation
import Testing
import TavoloServer
import TavoloStorage
import TavoloTransport

@Suite struct ApplicationTests {
    @Test func relayEchoesAndBroadcastsWithinAChannel() async throws {
        let transport = InMemoryTransport()
        var settings = ServerSettings()
        settings.relay = true
        let app = Task { await Application(transport: transport, store: InMemoryStore(), settings: settings).run() }
        defer { transport.finish(); app.cancel() }

        let alice = try transport.connect(query: ["channel": "tavolo-1"])
        let bruno = try transport.connect(query: ["channel": "tavolo-1"])
        let carla = try transport.connect(query: ["channel": "tavolo-2"])
        alice.send(.text("buongiorno"))
        #expect(await alice.receive() == .text("buongiorno"))
        #expect(await bruno.receive() == .text("buongiorno"))
        carla.send(.binary([1, 2, 3]))
        #expect(await carla.receive() == .binary([1, 2, 3]))
        #expect(alice.pendingCount == 0 && bruno.pendingCount == 0)
    }

    @Test func healthzReportsOpenConnections() async throws {
        let transport = InMemoryTransport()
        let app = Task { await Application(transport: transport, store: InMemoryStore()).run() }
        defer { transport.finish(); app.cancel() }
        _ = try transport.connect()

        let response = await transport.request(HTTPRequest(method: "GET", path: "/healthz"))
        #expect(response.status == 200)
        #expect(response.contentType.hasPrefix("application/json"))
        let body = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(body?["status"] as? String == "ok")
        #expect(body?["version"] as? String == TavoloVersion.current)
        #expect(body?["openConnections"] as? Int == 1)
        #expect((body?["uptimeSeconds"] as? Double ?? -1) >= 0)
    }

    @Test func unknownApplicationPathIs404() async {
        let transport = InMemoryTransport()
        let app = Task { await Application(transport: transport, store: InMemoryStore()).run() }
        defer { transport.finish(); app.cancel() }
        let response = await transport.request(HTTPRequest(method: "GET", path: "/api/nothing"))
        #expect(response.status == 404)
    }
}
