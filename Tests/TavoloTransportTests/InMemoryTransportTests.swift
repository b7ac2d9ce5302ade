import Testing
import TavoloTransport

@Suite struct InMemoryTransportTests {
    @Test func deliversEventsInOrder() async throws {
        let transport = InMemoryTransport()
        let client = try transport.connect(query: ["channel": "a"])
        client.send(.text("uno"))
        client.close()
        transport.finish()
        var seen: [String] = []
        for await event in transport.events {
            switch event {
            case .opened(let info): seen.append("opened \(info.query["channel"] ?? "")")
            case .message(_, .text(let text)): seen.append("message \(text)")
            case .message: seen.append("binary")
            case .closed(_, let code): seen.append("closed \(code?.rawValue ?? 0)")
            case .httpRequest: seen.append("http")
            }
        }
        #expect(seen == ["opened a", "message uno", "closed 1000"])
    }

    @Test func slowConsumerIsClosedWith1008() async throws {
        var configuration = TransportConfiguration()
        configuration.sendQueueMessages = 3
        let transport = InMemoryTransport(configuration: configuration)
        let slow = try transport.connect()
        for index in 0..<4 { transport.send(.text("\(index)"), to: slow.id) }
        #expect(slow.closeStatus?.code == .policyViolation)
        #expect(transport.openConnectionCount == 0)
        // What was queued before the overflow can still be read, then the end.
        #expect(await slow.receive() == .text("0"))
        #expect(slow.pendingCount == 2)
    }

    @Test func readingKeepsTheQueueBounded() async throws {
        var configuration = TransportConfiguration()
        configuration.sendQueueMessages = 2
        let transport = InMemoryTransport(configuration: configuration)
        let client = try transport.connect()
        for index in 0..<100 {
            transport.send(.binary([UInt8(index)]), to: client.id)
            #expect(await client.receive() == .binary([UInt8(index)]))
        }
        #expect(client.closeStatus == nil)
    }

    @Test func oversizeMessageClosesWith1009() throws {
        var configuration = TransportConfiguration()
        configuration.maxMessageBytes = 8
        let transport = InMemoryTransport(configuration: configuration)
        let client = try transport.connect()
        client.send(.text("123456789"))
        #expect(client.closeStatus?.code == .messageTooBig)
    }

    @Test func refusesDisallowedOriginAndOtherPaths() {
        let transport = InMemoryTransport()
        #expect(throws: InMemoryConnectError.forbiddenOrigin) { try transport.connect(origin: "http://evil.example") }
        #expect(throws: InMemoryConnectError.notFound) { try transport.connect(path: "/other") }
    }

    @Test func receiveEndsWithNilAfterClose() async throws {
        let transport = InMemoryTransport()
        let client = try transport.connect()
        transport.close(client.id, code: .goingAway, reason: "bye")
        #expect(await client.receive() == nil)
        #expect(client.closeStatus?.code == .goingAway)
    }
}
