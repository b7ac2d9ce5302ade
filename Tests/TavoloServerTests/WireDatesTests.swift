import Foundation
import Testing
import TavoloDomain
@testable import TavoloServer
import TavoloSync
import TavoloTransport

/// Every date on the wire is whole milliseconds since 1970 (docs/protocol.md). Issue 11: the
/// `audit` and `table` messages carried `Date()`'s fraction of a millisecond (1795431369042.718),
/// which a client decoding an integer refuses. The messages are decoded here as such a client
/// would: `JSONDecoder` refuses a fractional number for an `Int64`.
@Suite struct WireDatesTests {
    /// The next text message of `type`, as the server wrote it.
    static func raw(_ client: TableClient, _ type: String, timeout: Duration = .seconds(20)) async throws -> String {
        let connection = try #require(client.connection)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if connection.pendingCount == 0 {
                try await Task.sleep(for: .milliseconds(1))
                continue
            }
            guard case .text(let text)? = await connection.receive() else { continue }
            if text.contains(#""type":"\#(type)""#) { return text }
        }
        throw TableClient.ClientError.timeout(type)
    }

    struct AuditMessage: Decodable {
        struct Event: Decodable {
            var at: Int64
            var action: String
        }
        var events: [Event]
    }

    struct TableMessage: Decodable {
        struct Session: Decodable {
            struct Attendance: Decodable { var from: Int64 }
            var openedAt: Int64?
            var attendance: [Attendance]
        }
        struct State: Decodable { var sessions: [Session] }
        var state: State
    }

    @Test func auditAndTableStateDatesAreIntegerMilliseconds() async throws {
        let fixture = try await InvitedTable(audit: true)
        let fabio = try await fixture.join("fabio", .facilitator)
        let carlo = try await fixture.join("carlo", .coordinator)
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        fabio.sendJSON(["type": "action", "ref": 1, "action": ["scheduleSession": ["title": "Seduta"]]])
        _ = try await fabio.expect("done")
        let session = (fabio.tableState["sessions"] as! [[String: Any]])[0]["id"] as! String
        fabio.sendJSON(["type": "action", "ref": 2, "action": ["openSession": ["session": session]]])
        let table = try JSONDecoder().decode(TableMessage.self, from: Data(try await Self.raw(fabio, "table").utf8))
        let opened = try #require(table.state.sessions.first?.openedAt)
        #expect(opened >= before - 1)
        #expect(table.state.sessions.first?.attendance.isEmpty == false)

        carlo.sendJSON(["type": "audit", "ref": 3])
        let audit = try JSONDecoder().decode(AuditMessage.self, from: Data(try await Self.raw(carlo, "audit").utf8))
        #expect(audit.events.map(\.action).contains("session.opened"))
        #expect(audit.events.map(\.at) == audit.events.map(\.at).sorted())
        #expect(audit.events.allSatisfy { $0.at > 1_700_000_000_000 })
        await fixture.server.stop()
    }

    @Test func tableCodingRoundsToTheNearestMillisecond() throws {
        #expect(TableCoding.json(Date(timeIntervalSince1970: 1_795_431_369.042_718)) == .number(1_795_431_369_043))
        #expect(TableCoding.json(Date(timeIntervalSince1970: 1_795_431_369.042_2)) == .number(1_795_431_369_042))
        let text = String(decoding: try TableCoding.encoder.encode(["at": Date(timeIntervalSince1970: 0.000_4)]), as: UTF8.self)
        #expect(text == #"{"at":0}"#)
        // A date no Int64 holds (a client can send one in an attendance correction) does not trap.
        #expect(TableCoding.json(Date(timeIntervalSince1970: 1e300)) == .number(1e303))
        // Dates stored before rounding (fractional) still decode.
        let old = try TableCoding.decoder.decode([String: Date].self, from: Data(#"{"at":1795431369042.718}"#.utf8))
        #expect(abs(old["at"]!.timeIntervalSince1970 - 1_795_431_369.042_718) < 1e-6)
    }
}
