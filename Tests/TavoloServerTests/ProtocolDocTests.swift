import Foundation
import Testing
import TavoloServer
import TavoloSync
import TavoloTransport

/// docs/protocol.md says what the server does: its limits with their defaults, and open mode's identity.
@Suite struct ProtocolDocTests {
    private static let protocolDoc: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/protocol.md"), encoding: .utf8)) ?? ""
    }()

    /// The row of the "Limits" table that names `limit`.
    private func row(_ limit: String) -> String? {
        Self.protocolDoc.split(separator: "\n").first { $0.hasPrefix("| `\(limit)`") }.map(String.init)
    }

    @Test func theLimitsTableGivesTheServersDefaults() throws {
        let sync = SyncSettings(), transport = TransportConfiguration()
        let expected: [(String, String)] = [
            ("maxMessageBytes", transport.maxMessageBytes == 1 << 20 ? "1 MiB" : "?"),
            ("messageTimeoutSeconds", "\(transport.messageTimeoutSeconds) s"),
            ("maxUnauthenticatedMessageBytes", "\(sync.maxUnauthenticatedMessageBytes) bytes"),
            ("inboundQueueMessages", "\(sync.inboundQueueMessages) messages, \(sync.inboundQueueBytes >> 20) MiB"),
            ("messagesPerSecond", "\(sync.messagesPerSecond) a second on average, bursts of \(sync.messagesPerSecond * 2)"),
            ("maxOperationsPerMessage", sync.maxOperationsPerMessage.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))),
            ("maxDocumentOperations", sync.maxDocumentOperations.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))),
            ("maxPresenceBytes", "\(sync.maxPresenceBytes) bytes"),
            ("presenceIntervalMilliseconds", "\(sync.presenceIntervalMilliseconds) ms"),
            ("sendQueueMessages", "\(transport.sendQueueMessages) messages, \(transport.sendQueueBytes >> 20) MiB"),
        ]
        for (limit, value) in expected {
            let line = try #require(row(limit), "protocol.md has no row for \(limit)")
            #expect(line.contains(value), "\(limit): expected \(value) in \(line)")
        }
        #expect(Self.protocolDoc.contains("\(sync.messageLimits.maxDepth) levels"))
        #expect(Self.protocolDoc.contains("20,000 (scalars") && sync.messageLimits.maxValues == 20_000)
    }

    @Test func openModeIdentityIsAsDocumented() async throws {
        let server = TestServer()
        let witness = server.client("testimone", table: "aperto")
        try await witness.connect()
        let guest = try server.transport.connect()
        guest.send(.text(#"{"type":"hello","protocol":1,"replica":"ospite-1"}"#))
        guard case .text(let welcome)? = await guest.receive() else { Issue.record("no welcome"); return }
        #expect(welcome.contains(#""principal":"guest:ospite-1""#))
        guest.send(.text(#"{"type":"join","table":"aperto"}"#))
        _ = await guest.receive()
        let member = try await witness.expect("presence")
        #expect(member["replica"] as? String == "ospite-1")
        #expect(member["name"] as? String == "Ospite")
        #expect(member["role"] as? String == "ets")
        #expect(member["organisation"] as? String == "")
        await server.stop()
    }
}
