import Foundation
import Testing
import TavoloDomain
import TavoloServer
import TavoloSync

/// The co-design server with its tables sharded over several engine workers: what reaches every
/// connection (revocations) reaches them on every worker.
@Suite struct EngineWorkersTests {
    @Test func revokingInvitationsEndsTheirConnectionsOnEveryWorker() async throws {
        var settings = ServerSettings()
        settings.engineWorkers = 2
        let table = try await InvitedTable(scaffold: true, settings: settings)
        // A second table on the other worker than the first one.
        let workers = EngineWorkers(count: 2)
        let other = (0...).lazy.map { "ambito-\($0)" }.first { workers.owner(of: $0) != workers.owner(of: table.table) }!
        try await table.domain.createTable(CoDesignTable(id: other, title: "Altro tavolo"), by: "admin")
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let invitation = Invitation(
            id: "carla", table: other, role: .ets, name: "Carla", organisation: "Coop", issuedAt: now, expiresAt: now + 3600)
        try await table.domain.addInvitation(invitation, by: "admin")
        let carla = table.server.client("carla", table: other)
        try await carla.connect(token: try await table.tokens.token(for: invitation))

        let bruno = try await table.join("bruno", .ets)
        let anna = try await table.join("anna", .pa)
        try await table.domain.revokeInvitation("bruno", by: "admin")
        try await table.domain.revokeInvitation("carla", by: "admin")
        for revoked in [bruno, carla] {
            let error = try await revoked.expect("error", timeout: .seconds(10))
            #expect((error["message"] as? String)?.contains("revoked") == true)
            for _ in 0..<5000 where revoked.connection?.closeStatus == nil { try await Task.sleep(for: .milliseconds(2)) }
            #expect(revoked.connection?.closeStatus?.code.rawValue == 1008)
        }
        #expect(anna.connection?.closeStatus == nil)
        await table.server.stop()
    }
}
