import Foundation
import Testing
import TavoloDomain
import TavoloServer
import TavoloStorage

/// A whole session driven by several clients through the server: lifecycle, speaking
/// queue, timer, poll and attendance, with roles from real invitations.
@Suite struct FacilitationSessionTests {
    private func action(_ client: TableClient, _ ref: Int, _ action: [String: Any]) async throws -> [String: Any]? {
        client.sendJSON(["type": "action", "ref": ref, "action": action])
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            try await client.drain()
            if client.done.contains(ref) { return nil }
            if let error = client.errors.first(where: { $0["ref"] as? Int == ref }) { return error }
            try await Task.sleep(for: .milliseconds(2))
        }
        Issue.record("no answer to action \(ref)")
        return nil
    }

    private func settle(_ clients: [TableClient]) async throws {
        try await Task.sleep(for: .milliseconds(30))
        for client in clients { try await client.drain() }
    }

    @Test func aSessionFromOpeningToMinutesReview() async throws {
        let domain = InMemoryDomainStore()
        try await domain.createTable(CoDesignTable(id: "ambito", title: "Ambito"), by: "admin")
        let tokens = await InvitationTokens(secret: Array("facilitation-test-secret-0123456789abcdef".utf8))
        func invitation(_ role: Role, _ name: String, _ org: String) async throws -> String {
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let invitation = Invitation(
                id: name.lowercased(), table: "ambito", role: role, name: name, organisation: org, issuedAt: now,
                expiresAt: now.addingTimeInterval(3600))
            try await domain.addInvitation(invitation, by: "admin")
            return try await tokens.token(for: invitation)
        }
        let store = InMemoryStore()
        let server = TestServer(store: store, authenticator: InvitationAuthenticator(tokens: tokens, domain: domain))
        let fabio = server.client("fabio", table: "ambito"), paola = server.client("paola", table: "ambito")
        let elena = server.client("elena", table: "ambito")
        try await fabio.connect(token: try await invitation(.facilitator, "Fabio", "Facilitazione"))
        try await paola.connect(token: try await invitation(.pa, "Paola", "Comune di Budrio"))
        try await elena.connect(token: try await invitation(.ets, "Elena", "Coop. Il Ponte"))
        let everyone = [fabio, paola, elena]

        #expect(try await action(elena, 1, ["scheduleSession": ["title": "Prima seduta"]])?["code"] as? String == "forbidden")
        #expect(try await action(fabio, 2, ["scheduleSession": ["title": "Prima seduta"]]) == nil)
        try await settle(everyone)
        let sessions = elena.tableState["sessions"] as! [[String: Any]]
        let session = sessions[0]["id"] as! String
        #expect(sessions[0]["status"] as? String == "scheduled")
        #expect(try await action(fabio, 3, ["openSession": ["session": session]]) == nil)

        #expect(try await action(elena, 4, ["raiseHand": [String: Any]()]) == nil)
        #expect(try await action(paola, 5, ["raiseHand": [String: Any]()]) == nil)
        try await settle(everyone)
        #expect(fabio.tableState["queue"] as? [String] == ["invitation:elena", "invitation:paola"])
        #expect(try await action(paola, 6, ["giveFloor": ["participantID": "invitation:paola"]])?["code"] as? String == "forbidden")
        #expect(try await action(fabio, 7, ["giveFloor": ["participantID": "invitation:elena"]]) == nil)
        #expect(try await action(fabio, 8, ["startTimer": ["item": "punto-1"]]) == nil)
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await action(fabio, 9, ["giveFloor": ["participantID": "invitation:paola"]]) == nil)
        #expect(try await action(fabio, 10, ["stopTimer": ["item": "punto-1"]]) == nil)

        #expect(try await action(fabio, 11, [
            "createPoll": ["question": "Sede?", "options": ["Budrio", "Molinella"], "multipleChoice": false, "anonymous": false],
        ]) == nil)
        try await settle(everyone)
        let poll = ((elena.tableState["polls"] as! [[String: Any]])[0]["poll"] as! [String: Any])["id"] as! String
        #expect(try await action(elena, 12, ["vote": ["poll": poll, "choices": [1]]]) == nil)
        #expect(try await action(paola, 13, ["vote": ["poll": poll, "choices": [1]]]) == nil)
        #expect(try await action(paola, 14, ["vote": ["poll": poll, "choices": [5]]])?["code"] as? String == "invalid_action")
        try await settle(everyone)
        let hidden = (elena.tableState["polls"] as! [[String: Any]])[0]
        #expect(hidden["counts"] == nil && (hidden["myVote"] as? [Int]) == [1])
        #expect(try await action(fabio, 15, ["showPollResults": ["poll": poll]]) == nil)
        try await settle(everyone)
        #expect(((elena.tableState["polls"] as! [[String: Any]])[0]["counts"] as? [Int]) == [0, 2])

        elena.disconnect()
        try await settle([fabio, paola])
        #expect(try await action(fabio, 16, ["closeSession": ["session": session]]) == nil)
        try await settle([fabio, paola])
        let closed = (paola.tableState["sessions"] as! [[String: Any]])[0]
        #expect(closed["status"] as? String == "minutes_in_review")
        let attendance = closed["attendance"] as! [[String: Any]]
        let names = attendance.map { ($0["participant"] as! [String: Any])["name"] as! String }
        #expect(Set(names) == ["Fabio", "Paola", "Elena"])
        #expect(attendance.allSatisfy { $0["to"] != nil })
        let spoken = fabio.tableState["spokenSecondsByOrganisation"] as! [String: Double]
        #expect((spoken["Coop. Il Ponte"] ?? 0) > 0)
        #expect(try await action(paola, 17, ["teleport": [String: Any]()])?["code"] as? String == "bad_message")
        await server.stop()

        // The events are the record: a restarted server rebuilds the same state from them.
        let restarted = TestServer(store: store, authenticator: InvitationAuthenticator(tokens: tokens, domain: domain))
        let again = restarted.client("fabio2", table: "ambito")
        try await again.connect(token: try await invitation(.coordinator, "Carlo", "Ufficio di Piano"))
        let rebuilt = (again.tableState["sessions"] as! [[String: Any]])[0]
        #expect(rebuilt["status"] as? String == "minutes_in_review")
        #expect((rebuilt["attendance"] as! [[String: Any]]).count == attendance.count)
        await restarted.stop()
    }
}
