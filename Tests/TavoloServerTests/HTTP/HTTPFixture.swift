import Foundation
import TavoloDomain
import TavoloStorage
import TavoloTransport

@testable import TavoloServer

/// The application's HTTP routes over in-memory stores, with one table (`ambito`) and the
/// helpers to call them: what the router and authentication tests need, without a live server.
struct HTTPFixture {
    static let adminToken = "http-tests-admin-token-0123456789abcdef"
    let domain = InMemoryDomainStore()
    let tokens: InvitationTokens
    let routes: HTTPRoutes

    /// - Parameter adminToken: nil turns the administration API off.
    init(adminToken: String? = Self.adminToken, maxRequestBodyBytes: Int = 1 << 20) async throws {
        try await domain.createTable(CoDesignTable(id: "ambito", title: "Ambito"), by: "admin")
        tokens = await InvitationTokens(secret: Array("http-tests-invitation-secret-0123456789ab".utf8))
        routes = HTTPRoutes(
            adminAPI: AdminAPI(domain: domain, tokens: tokens, adminToken: adminToken, publicURL: "https://tavolo.example.org"),
            history: HistoryAPI(store: InMemoryStore(), domain: domain, tokens: tokens, adminToken: adminToken),
            maxRequestBodyBytes: maxRequestBodyBytes)
    }

    /// A signed invitation token to `table`, recorded so that it verifies.
    func invitation(_ id: String, _ role: Role, table: String = "ambito") async throws -> String {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let invitation = Invitation(id: id, table: table, role: role, name: id, organisation: "Org", issuedAt: now, expiresAt: now + 3600)
        try await domain.addInvitation(invitation, by: "admin")
        return try await tokens.token(for: invitation)
    }

    func call(_ method: String, _ path: String, authorization: String?, query: [String: String] = [:], body: String? = nil) async -> HTTPResponse {
        var headers: [String: String] = [:]
        if let authorization { headers["authorization"] = authorization }
        if body != nil { headers["content-type"] = "application/json" }
        return await routes.handle(HTTPRequest(method: method, path: path, query: query, headers: headers, body: Array((body ?? "").utf8)))
    }
}

extension HTTPResponse {
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    /// The `error` of a JSON error body.
    var errorMessage: String? {
        (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["error"] as? String
    }
}
