import Foundation
import TavoloDomain

struct CreateTable: Decodable {
    var id: String
    var title: String
    var area: String?
    var procedure: String?
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
    var area: String
    var procedure: String
    var createdAt: Date

    init(_ table: CoDesignTable) {
        id = table.id
        title = table.title
        area = table.area
        procedure = table.procedure
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
    /// When the invited person first joined the table, last joined or left, and whether they are there now.
    var firstJoinedAt: Date?
    var lastSeenAt: Date?
    var present: Bool

    struct Attendance {
        var firstJoinedAt: Date
        var lastSeenAt: Date?
        var present = false
    }

    init(_ invitation: Invitation, attendance: Attendance? = nil) {
        firstJoinedAt = attendance?.firstJoinedAt
        lastSeenAt = attendance?.lastSeenAt
        present = attendance?.present ?? false
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

struct InvitationLink: Encodable {
    var token: String
    var link: String
}

struct CreatedInvitation: Encodable {
    var invitation: InvitationBody
    var token: String
    var link: String
}
