import Foundation
import TavoloDomain

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
