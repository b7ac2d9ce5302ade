import Foundation

/// A `DomainStore` in memory, with the same rules as the SQLite one (unique tables, invitations
/// only to existing tables, every change audited): for tests and benchmarks that need no disk.
public actor InMemoryDomainStore: DomainStore {
    private var tablesByID: [String: CoDesignTable] = [:]
    private var proceduresByID: [String: Procedure] = [:]
    private var signed: [SignedCopy] = []
    private var invitationsByID: [String: Invitation] = [:]
    private var invitationOrder: [String] = []
    private var log: [AuditEvent] = []

    public init() {}

    public func createProcedure(_ procedure: Procedure, by actor: String) throws(DomainError) {
        guard proceduresByID[procedure.id] == nil else { throw .exists("procedure \(procedure.id)") }
        proceduresByID[procedure.id] = procedure
        log.append(AuditEvent(actor: actor, action: "procedure.created", table: nil, fields: procedure.auditFields))
    }

    public func updateProcedure(_ procedure: Procedure, by actor: String) throws(DomainError) {
        guard let old = proceduresByID[procedure.id] else { throw .notFound("procedure \(procedure.id)") }
        var updated = procedure
        updated.createdAt = old.createdAt
        proceduresByID[procedure.id] = updated
        log.append(AuditEvent(actor: actor, action: "procedure.updated", table: nil, fields: updated.auditFields))
    }

    public func procedure(_ id: String) -> Procedure? { proceduresByID[id] }

    public func addSignedCopy(_ copy: SignedCopy) throws(DomainError) {
        guard tablesByID[copy.table] != nil else { throw .notFound("table \(copy.table)") }
        signed.append(copy)
        log.append(AuditEvent(at: copy.uploadedAt, actor: copy.uploadedBy, action: "minutes.signed", table: copy.table, fields: copy.auditFields))
    }

    public func signedCopies(table: String) -> [SignedCopy] { signed.filter { $0.table == table } }

    public func procedures() -> [Procedure] { proceduresByID.values.sorted { $0.id < $1.id } }

    public func setPublished(table: String, _ published: Bool, by actor: String) throws(DomainError) {
        guard tablesByID[table] != nil else { throw .notFound("table \(table)") }
        guard (tablesByID[table]?.publishedAt != nil) != published else { return }
        tablesByID[table]?.publishedAt = published ? Date() : nil
        log.append(AuditEvent(actor: actor, action: published ? "table.published" : "table.unpublished", table: table, fields: [:]))
    }

    public func createTable(_ table: CoDesignTable, by actor: String) throws(DomainError) {
        guard tablesByID[table.id] == nil else { throw .exists("table \(table.id)") }
        guard table.procedure.isEmpty || proceduresByID[table.procedure] != nil else { throw .notFound("procedure \(table.procedure)") }
        tablesByID[table.id] = table
        log.append(AuditEvent(actor: actor, action: "table.created", table: table.id, fields: ["title": table.title, "area": table.area, "procedure": table.procedure]))
    }

    public func table(_ id: String) -> CoDesignTable? { tablesByID[id] }

    public func tables() -> [CoDesignTable] { tablesByID.values.sorted { $0.id < $1.id } }

    public func addInvitation(_ invitation: Invitation, by actor: String) throws(DomainError) {
        guard tablesByID[invitation.table] != nil else { throw .notFound("table \(invitation.table)") }
        guard invitationsByID[invitation.id] == nil else { throw .exists("invitation \(invitation.id)") }
        invitationsByID[invitation.id] = invitation
        invitationOrder.append(invitation.id)
        log.append(AuditEvent(
            actor: actor, action: "invitation.created", table: invitation.table,
            fields: [
                "invitation": invitation.id, "role": invitation.role.rawValue, "name": invitation.name,
                "organisation": invitation.organisation,
            ]))
    }

    public func invitation(_ id: String) -> Invitation? { invitationsByID[id] }

    public func invitations(table: String) -> [Invitation] {
        invitationOrder.compactMap { invitationsByID[$0] }.filter { $0.table == table }.sorted { $0.issuedAt < $1.issuedAt }
    }

    public func revokeInvitation(_ id: String, by actor: String) throws(DomainError) {
        guard var invitation = invitationsByID[id] else { throw .notFound("invitation \(id)") }
        if invitation.revokedAt == nil {
            invitation.revokedAt = Date()
            invitationsByID[id] = invitation
        }
        log.append(AuditEvent(actor: actor, action: "invitation.revoked", table: invitation.table, fields: ["invitation": id]))
    }

    public func invitationsRevoked(since date: Date) -> [Invitation] {
        // Never-revoked invitations are left out whatever `date` is (SQL: NULL >= x is not true).
        invitationOrder.compactMap { id -> (Date, Invitation)? in
            guard let invitation = invitationsByID[id], let revokedAt = invitation.revokedAt, revokedAt >= date else { return nil }
            return (revokedAt, invitation)
        }
        .sorted { $0.0 < $1.0 }
        .map(\.1)
    }

    public func audit(_ event: AuditEvent) { log.append(event) }

    public func auditLog(table: String?) -> [AuditEvent] {
        guard let table else { return log }
        return log.filter { $0.table == table }
    }
}
