import Foundation
import Testing
import TavoloCRDT
import TavoloDomain
import TavoloServer

/// No member can fill a table for the others: a rate per minute, a share of the table, and a
/// reserve for facilitators and PA staff (docs/protocol.md, "Quotas").
@Suite struct QuotaTests {
    struct NoProject: Error {}

    private func settings(max: Int, share: Int = 100, reserve: Int = 0, perMinute: Int = 1_000_000) -> ServerSettings {
        var settings = ServerSettings()
        settings.sync.maxDocumentOperations = max
        settings.quotas.memberSharePercent = share
        settings.quotas.reservePercent = reserve
        settings.quotas.memberOperationsPerMinute = perMinute
        return settings
    }

    /// Types `count` characters into the shared project; nil when acknowledged, else the refused limit.
    private func type(_ count: Int, by client: TableClient) async throws -> String? {
        let before = client.errors.count
        try client.edit { document in
            guard case .object(let project, _)? = document.value(forKey: "project") else { throw NoProject() }
            _ = try document.insertText(String(repeating: "a", count: count), at: 0, in: project)
        }
        client.flush()
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !client.unacknowledged.isEmpty, client.errors.count == before {
            _ = try await client.drain()
            try await Task.sleep(for: .milliseconds(2))
        }
        guard client.errors.count > before else { return nil }
        return client.errors.last?["limit"] as? String ?? client.errors.last?["code"] as? String
    }

    @Test func oneMemberCannotHoldMoreThanTheirShare() async throws {
        let table = try await InvitedTable(scaffold: true, settings: settings(max: 200, share: 20))
        let carla = try await table.join("carla", .ets), fede = try await table.join("fede", .facilitator)
        #expect(try await type(30, by: carla) == nil)
        #expect(try await type(20, by: carla) == "memberSharePercent")
        #expect(try await type(60, by: fede) == nil)  // facilitators are not limited
        await table.server.stop()
    }

    @Test func theLastPartOfATableIsKeptForFacilitatorsAndPA() async throws {
        let table = try await InvitedTable(scaffold: true, settings: settings(max: 100, reserve: 50))
        let carla = try await table.join("carla", .ets), paola = try await table.join("paola", .pa)
        #expect(try await type(30, by: carla) == nil)
        #expect(try await type(20, by: carla) == "reservePercent")
        #expect(try await type(20, by: paola) == nil)  // PA can still write the minutes
        await table.server.stop()
    }

    @Test func aMemberIsLimitedPerMinute() async throws {
        let table = try await InvitedTable(scaffold: true, settings: settings(max: 1000, perMinute: 25))
        let carla = try await table.join("carla", .ets)
        #expect(try await type(20, by: carla) == nil)
        #expect(try await type(10, by: carla) == "memberOperationsPerMinute")
        await table.server.stop()
    }

    @Test func aFacilitatorStopsAMemberAndTheTableGoesOn() async throws {
        let table = try await InvitedTable(scaffold: true, settings: settings(max: 200, share: 20))
        let carla = try await table.join("carla", .ets), fede = try await table.join("fede", .facilitator)
        let paola = try await table.join("paola", .pa)
        #expect(try await type(10, by: carla) == nil)
        fede.sendJSON(["type": "action", "ref": 1, "action": ["setReadOnly": ["participantID": "invitation:carla", "readOnly": true]]])
        _ = try await fede.expect("done")
        #expect(try await type(1, by: carla) == "forbidden")
        #expect(try await type(10, by: paola) == nil)
        fede.sendJSON(["type": "action", "ref": 2, "action": ["setReadOnly": ["participantID": "invitation:carla", "readOnly": false]]])
        _ = try await fede.expect("done")
        // Carla's page drops the refused edit and starts again from the server's copy, as the browser does.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let again = table.server.client("carla-2", table: table.table)
        try await again.connect(token: try await table.tokens.token(for: Invitation(
            id: "carla", table: table.table, role: .ets, name: "carla", organisation: "carla", issuedAt: now, expiresAt: now + 3600)))
        #expect(try await type(1, by: again) == nil)
        await table.server.stop()
    }
}
