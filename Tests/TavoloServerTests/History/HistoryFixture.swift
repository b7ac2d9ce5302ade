import Foundation
import TavoloCRDT
import TavoloDomain
import TavoloServer
import TavoloStorage
import TavoloTransport

/// A co-design table on an in-memory server with the history API beside it, and the
/// helpers a scripted session needs: actions, edits until acknowledged, catching up.
struct HistoryFixture {
    let invited: InvitedTable
    let api: HistoryAPI
    static let adminToken = "history-tests-admin-token-0123456789abcdef"

    init(table: String = "ambito") async throws {
        invited = try await InvitedTable(table: table, scaffold: true, audit: true)
        api = HistoryAPI(
            store: invited.server.store, domain: invited.domain,
            tokens: invited.tokens, adminToken: Self.adminToken)
    }

    /// Runs a facilitation action; nil when done, else the error code.
    @discardableResult
    func act(_ client: TableClient, _ action: [String: Any]) async throws -> String? {
        let ref = Int.random(in: 1_000...1_000_000)
        client.sendJSON(["type": "action", "ref": ref, "action": action])
        for _ in 0..<5000 {
            try await client.drain()
            if client.done.contains(ref) { return nil }
            if let error = client.errors.first(where: { $0["ref"] as? Int == ref }) { return error["code"] as? String }
            try await Task.sleep(for: .milliseconds(1))
        }
        return "timeout"
    }

    /// Edits, sends and waits for the acknowledgement.
    func edit(_ client: TableClient, _ body: (inout Document) throws -> Void) async throws {
        try client.edit(body)
        client.flush()
        for _ in 0..<5000 where !client.unacknowledged.isEmpty {
            try await client.drain()
            try await Task.sleep(for: .milliseconds(1))
        }
        if !client.unacknowledged.isEmpty || !client.errors.isEmpty { throw FixtureError.refused("\(client.errors)") }
    }

    /// Waits until every client has every operation the server has.
    func catchUp(_ clients: [TableClient]) async throws {
        for _ in 0..<5000 {
            for client in clients { try await client.drain() }
            let versions = Set(clients.map(\.document.version))
            if versions.count == 1 { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw FixtureError.refused("clients did not converge")
    }

    /// The first session's id as the client sees the table.
    func session(_ client: TableClient) -> String? {
        (client.tableState["sessions"] as? [[String: Any]])?.last?["id"] as? String
    }

    /// An invitation token for `id` with `role`, issued two hours ago.
    func token(_ id: String, _ role: Role, table: String = "ambito", expires: TimeInterval = 3600) async throws -> String {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let invitation = Invitation(
            id: id, table: table, role: role, name: id, organisation: "Org", issuedAt: now - 7200, expiresAt: now + expires)
        try await invited.domain.addInvitation(invitation, by: "admin")
        return try await invited.tokens.token(for: invitation)
    }

    /// GET on the history API; the status and the decoded JSON (nil if the body is not JSON).
    func get(_ path: String, _ query: [String: String] = [:], token: String?) async -> (status: Int, json: Any?, response: HTTPResponse) {
        var headers: [String: String] = [:]
        if let token { headers["authorization"] = "Bearer \(token)" }
        let response = await api.handle(HTTPRequest(method: "GET", path: "/api/tables/\(invited.table)" + path, query: query, headers: headers))
        return (response.status, try? JSONSerialization.jsonObject(with: Data(response.body)), response)
    }

    /// A moment strictly after everything so far, and strictly before anything that follows.
    static func moment() async throws -> Int64 {
        try await Task.sleep(for: .milliseconds(3))
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        try await Task.sleep(for: .milliseconds(3))
        return now
    }

    enum FixtureError: Error {
        case refused(String)
    }
}

extension Document {
    /// The text object under a root key, or inside a root map.
    func textID(_ root: String, _ key: String? = nil) -> ObjectID? {
        guard let key else {
            if case .object(let id, .text)? = value(forKey: root) { return id }
            return nil
        }
        guard case .object(let map, .map)? = value(forKey: root), case .object(let id, .text)? = value(forKey: key, in: map) else { return nil }
        return id
    }
}
