import Foundation
import GRDB
import TavoloDomain

/// Tables, invitations and the audit log in the same SQLite file as the op log.
public final class SQLiteDomainStore: DomainStore {
    private let database: DatabaseQueue

    public init(database: DatabaseQueue) { self.database = database }

    public func createTable(_ table: CoDesignTable, by actor: String) async throws(DomainError) {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM co_table WHERE id = ?", arguments: [table.id]) == nil else {
                throw DomainError.exists("table \(table.id)")
            }
            if !table.procedure.isEmpty,
                try Bool.fetchOne(db, sql: "SELECT 1 FROM procedure WHERE id = ?", arguments: [table.procedure]) == nil
            {
                throw DomainError.notFound("procedure \(table.procedure)")
            }
            try db.execute(
                sql: "INSERT INTO co_table (id, title, area, procedure, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [table.id, table.title, table.area, table.procedure, table.createdAt.timeIntervalSince1970])
            try Self.insert(
                AuditEvent(
                    actor: actor, action: "table.created", table: table.id,
                    fields: ["title": table.title, "area": table.area, "procedure": table.procedure]), db)
        }
    }

    public func createProcedure(_ procedure: Procedure, by actor: String) async throws(DomainError) {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM procedure WHERE id = ?", arguments: [procedure.id]) == nil else {
                throw DomainError.exists("procedure \(procedure.id)")
            }
            try db.execute(
                sql: """
                    INSERT INTO procedure (id, title, legal_basis, act_reference, areas, public_initials_only, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    procedure.id, procedure.title, procedure.legalBasis, procedure.actReference, Self.json(procedure.areas),
                    procedure.publicInitialsOnly, procedure.createdAt.timeIntervalSince1970,
                ])
            try Self.insert(AuditEvent(actor: actor, action: "procedure.created", table: nil, fields: procedure.auditFields), db)
        }
    }

    public func updateProcedure(_ procedure: Procedure, by actor: String) async throws(DomainError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE procedure SET title = ?, legal_basis = ?, act_reference = ?, areas = ?, public_initials_only = ?
                    WHERE id = ?
                    """,
                arguments: [
                    procedure.title, procedure.legalBasis, procedure.actReference, Self.json(procedure.areas),
                    procedure.publicInitialsOnly, procedure.id,
                ])
            guard db.changesCount == 1 else { throw DomainError.notFound("procedure \(procedure.id)") }
            try Self.insert(AuditEvent(actor: actor, action: "procedure.updated", table: nil, fields: procedure.auditFields), db)
        }
    }

    public func procedure(_ id: String) async throws(DomainError) -> Procedure? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM procedure WHERE id = ?", arguments: [id]).map(Self.procedure) }
    }

    public func procedures() async throws(DomainError) -> [Procedure] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM procedure ORDER BY id").map(Self.procedure) }
    }

    public func setPublished(table: String, _ published: Bool, by actor: String) async throws(DomainError) {
        try await write { db in
            guard let current = try Row.fetchOne(db, sql: "SELECT published_at FROM co_table WHERE id = ?", arguments: [table]) else {
                throw DomainError.notFound("table \(table)")
            }
            let wasPublished = (current["published_at"] as Double?) != nil
            guard wasPublished != published else { return }
            try db.execute(
                sql: "UPDATE co_table SET published_at = ? WHERE id = ?",
                arguments: [published ? Date().timeIntervalSince1970 : nil, table])
            try Self.insert(AuditEvent(actor: actor, action: published ? "table.published" : "table.unpublished", table: table, fields: [:]), db)
        }
    }

    public func addSignedCopy(_ copy: SignedCopy) async throws(DomainError) {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM co_table WHERE id = ?", arguments: [copy.table]) != nil else {
                throw DomainError.notFound("table \(copy.table)")
            }
            try db.execute(
                sql: """
                    INSERT INTO signed_copy (table_id, session_id, kind, bytes, sha256, content_hash, uploaded_at, uploaded_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    copy.table, copy.session, copy.kind, Data(copy.bytes), copy.sha256, copy.contentHash,
                    copy.uploadedAt.timeIntervalSince1970, copy.uploadedBy,
                ])
            try Self.insert(
                AuditEvent(at: copy.uploadedAt, actor: copy.uploadedBy, action: "minutes.signed", table: copy.table, fields: copy.auditFields), db)
        }
    }

    public func signedCopies(table: String) async throws(DomainError) -> [SignedCopy] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM signed_copy WHERE table_id = ? ORDER BY seq", arguments: [table]).map { row in
                SignedCopy(
                    table: row["table_id"], session: row["session_id"], kind: row["kind"], bytes: [UInt8](row["bytes"] as Data),
                    sha256: row["sha256"], contentHash: row["content_hash"], uploadedAt: Date(timeIntervalSince1970: row["uploaded_at"]),
                    uploadedBy: row["uploaded_by"])
            }
        }
    }

    public func table(_ id: String) async throws(DomainError) -> CoDesignTable? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT id, title, area, procedure, created_at, published_at FROM co_table WHERE id = ?", arguments: [id]).map(Self.table)
        }
    }

    public func tables() async throws(DomainError) -> [CoDesignTable] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT id, title, area, procedure, created_at, published_at FROM co_table ORDER BY id").map(Self.table) }
    }

    public func addInvitation(_ invitation: Invitation, by actor: String) async throws(DomainError) {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM co_table WHERE id = ?", arguments: [invitation.table]) != nil else {
                throw DomainError.notFound("table \(invitation.table)")
            }
            try db.execute(
                sql: """
                    INSERT INTO invitation (id, table_id, role, name, organisation, issued_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    invitation.id, invitation.table, invitation.role.rawValue, invitation.name, invitation.organisation,
                    invitation.issuedAt.timeIntervalSince1970, invitation.expiresAt.timeIntervalSince1970,
                ])
            try Self.insert(AuditEvent(
                actor: actor, action: "invitation.created", table: invitation.table,
                fields: [
                    "invitation": invitation.id, "role": invitation.role.rawValue, "name": invitation.name,
                    "organisation": invitation.organisation,
                ]), db)
        }
    }

    public func invitation(_ id: String) async throws(DomainError) -> Invitation? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM invitation WHERE id = ?", arguments: [id]).map(Self.invitation)
        }
    }

    public func invitations(table: String) async throws(DomainError) -> [Invitation] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM invitation WHERE table_id = ? ORDER BY issued_at", arguments: [table])
                .map(Self.invitation)
        }
    }

    public func revokeInvitation(_ id: String, by actor: String) async throws(DomainError) {
        try await write { db in
            guard let table = try String.fetchOne(db, sql: "SELECT table_id FROM invitation WHERE id = ?", arguments: [id]) else {
                throw DomainError.notFound("invitation \(id)")
            }
            try db.execute(
                sql: "UPDATE invitation SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [Date().timeIntervalSince1970, id])
            try Self.insert(AuditEvent(actor: actor, action: "invitation.revoked", table: table, fields: ["invitation": id]), db)
        }
    }

    public func invitationsRevoked(since date: Date) async throws(DomainError) -> [Invitation] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM invitation WHERE revoked_at >= ? ORDER BY revoked_at",
                arguments: [date.timeIntervalSince1970]
            ).map(Self.invitation)
        }
    }

    public func audit(_ event: AuditEvent) async throws(DomainError) {
        try await write { db in try Self.insert(event, db) }
    }

    public func auditLog(table: String?) async throws(DomainError) -> [AuditEvent] {
        try await read { db in
            let rows = try table.map {
                try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE table_id = ? ORDER BY seq", arguments: [$0])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY seq")
            return rows.map { row in
                AuditEvent(
                    at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], action: row["action"], table: row["table_id"],
                    detail: row["detail"])
            }
        }
    }

    // MARK: helpers

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(DomainError) -> T {
        do { return try await database.read(body) } catch { throw Self.domainError(error) }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(DomainError) -> T {
        do { return try await database.write(body) } catch { throw Self.domainError(error) }
    }

    private static func domainError(_ error: any Error) -> DomainError {
        (error as? DomainError) ?? .storage("\(error)")
    }

    private static func insert(_ event: AuditEvent, _ db: Database) throws {
        try db.execute(
            sql: "INSERT INTO audit_event (at, actor, action, table_id, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [event.at.timeIntervalSince1970, event.actor, event.action, event.table, event.detail])
    }

    private static func table(_ row: Row) -> CoDesignTable {
        CoDesignTable(
            id: row["id"], title: row["title"], area: row["area"], procedure: row["procedure"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            publishedAt: (row["published_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }

    private static func procedure(_ row: Row) -> Procedure {
        let areas = (row["areas"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        return Procedure(
            id: row["id"], title: row["title"], legalBasis: row["legal_basis"], actReference: row["act_reference"], areas: areas,
            publicInitialsOnly: row["public_initials_only"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    private static func json(_ strings: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(strings), as: UTF8.self)) ?? "[]"
    }

    private static func invitation(_ row: Row) -> Invitation {
        Invitation(
            id: row["id"], table: row["table_id"], role: Role(rawValue: row["role"]) ?? .coordinator, name: row["name"],
            organisation: row["organisation"], issuedAt: Date(timeIntervalSince1970: row["issued_at"]),
            expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
            revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
