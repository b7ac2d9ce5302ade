import Foundation
import TavoloDomain
import TavoloTransport

struct CreateTable: Decodable {
    var id: String
    var title: String
}

struct CreateInvitation: Decodable {
    var role: String
    var name: String
    var organisation: String
    var days: Int?
}

struct TableBody: Encodable {
    var id: String
    var title: String
    var createdAt: Date

    init(_ table: CoDesignTable) {
        id = table.id
        title = table.title
        createdAt = table.createdAt
    }
}

struct InvitationBody: Encodable {
    var id: String
    var table: String
    var role: String
    var name: String
    var organisation: String
    var issuedAt: Date
    var expiresAt: Date
    var revokedAt: Date?

    init(_ invitation: Invitation) {
        id = invitation.id
        table = invitation.table
        role = invitation.role.rawValue
        name = invitation.name
        organisation = invitation.organisation
        issuedAt = invitation.issuedAt
        expiresAt = invitation.expiresAt
        revokedAt = invitation.revokedAt
    }
}

struct CreatedInvitation: Encodable {
    var invitation: InvitationBody
    var token: String
    var link: String
}

extension HTTPResponse {
    /// An error body: `{"error": message}` (docs/api.md).
    static func problem(_ status: Int, _ message: String) -> HTTPResponse {
        encodedOrEmpty(["error": message], status: status)
    }

    static func encoded(_ value: some Encodable, status: Int = 200) throws -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return .json(String(decoding: try encoder.encode(value), as: UTF8.self), status: status)
    }

    static func encodedOrEmpty(_ fields: [String: String], status: Int = 200) -> HTTPResponse {
        (try? encoded(fields, status: status)) ?? .json("{}", status: status)
    }

    func with(header: (String, String)) -> HTTPResponse {
        var copy = self
        copy.headers.append(header)
        return copy
    }
}
