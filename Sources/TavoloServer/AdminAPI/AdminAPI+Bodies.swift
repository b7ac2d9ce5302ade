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

struct Publication: Decodable {
    var published: Bool
}

/// A procedure as the API reads and writes it; `id` may be left out of a `PUT` (the path gives it).
struct ProcedureBody: Codable {
    var id: String?
    var title: String
    var legalBasis: String?
    var actReference: String?
    var areas: [String]?
    var publicInitialsOnly: Bool?
    var createdAt: Date?

    init(_ procedure: Procedure) {
        id = procedure.id
        title = procedure.title
        legalBasis = procedure.legalBasis
        actReference = procedure.actReference
        areas = procedure.areas
        publicInitialsOnly = procedure.publicInitialsOnly
        createdAt = procedure.createdAt
    }

    /// The procedure this body describes, every field checked; `id` from the path when given.
    func validated(id path: String?) throws -> Procedure {
        let id = path ?? self.id ?? ""
        guard Identifier.isValid(id) else { throw HTTPError.badRequest("id must be \(Identifier.rule)") }
        if let given = self.id, given != id { throw HTTPError.badRequest("the id in the body (\(given)) is not the one in the path (\(id))") }
        let areas = try (self.areas ?? []).map { try UserText.interventionArea.validate($0) }.filter { !$0.isEmpty }
        guard areas.count <= 100 else { throw HTTPError.badRequest("a procedure has at most 100 areas") }
        return Procedure(
            id: id, title: try UserText.procedureTitle.validate(title), legalBasis: try UserText.procedure.validate(legalBasis ?? ""),
            actReference: try UserText.procedure.validate(actReference ?? ""), areas: areas, publicInitialsOnly: publicInitialsOnly ?? false)
    }
}

struct TableBody: Encodable {
    var id: String
    var title: String
    var area: String
    var procedure: String
    var createdAt: Date
    var publishedAt: Date?

    init(_ table: CoDesignTable) {
        id = table.id
        title = table.title
        area = table.area
        procedure = table.procedure
        createdAt = table.createdAt
        publishedAt = table.publishedAt
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
