import Foundation
import Logging
import PostgresNIO
import TavoloDomain

/// Tables, procedures, invitations, signed copies and the audit log in the shared database;
/// the same rules as `SQLiteDomainStore`, each change and its audit entry in one transaction.
public final class PostgresDomainStore: DomainStore {
    private let pool: PostgresPool
    private var client: PostgresClient { pool.client }
    private var logger: Logger { pool.logger }

    public init(pool: PostgresPool) { self.pool = pool }

    public func createTable(_ table: CoDesignTable, by actor: String) async throws(DomainError) {
        try await transaction { connection, logger in
            guard try await !Self.exists("SELECT 1 FROM co_table WHERE id = \(table.id)", connection, logger) else {
                throw DomainError.exists("table \(table.id)")
            }
            if !table.procedure.isEmpty,
                try await !Self.exists("SELECT 1 FROM procedure WHERE id = \(table.procedure)", connection, logger)
            {
                throw DomainError.notFound("procedure \(table.procedure)")
            }
            // Two nodes creating the same table at once: the primary key decides, the loser reads `.exists`.
            guard try await Self.exists(
                """
                INSERT INTO co_table (id, title, area, procedure, created_at)
                VALUES (\(table.id), \(table.title), \(table.area), \(table.procedure), \(table.createdAt.timeIntervalSince1970))
                ON CONFLICT DO NOTHING RETURNING 1
                """, connection, logger)
            else { throw DomainError.exists("table \(table.id)") }
            try await Self.insert(
                AuditEvent(
                    actor: actor, action: "table.created", table: table.id,
                    fields: ["title": table.title, "area": table.area, "procedure": table.procedure]), connection, logger)
        }
    }

    public func table(_ id: String) async throws(DomainError) -> CoDesignTable? {
        try await tables(where: "SELECT id, title, area, procedure, created_at, published_at FROM co_table WHERE id = \(id)").first
    }

    public func tables() async throws(DomainError) -> [CoDesignTable] {
        try await tables(where: "SELECT id, title, area, procedure, created_at, published_at FROM co_table ORDER BY id")
    }

    public func createProcedure(_ procedure: Procedure, by actor: String) async throws(DomainError) {
        try await transaction { connection, logger in
            guard try await Self.exists(
                """
                INSERT INTO procedure (id, title, legal_basis, act_reference, areas, public_initials_only, created_at)
                VALUES (\(procedure.id), \(procedure.title), \(procedure.legalBasis), \(procedure.actReference),
                  \(Self.json(procedure.areas)), \(procedure.publicInitialsOnly), \(procedure.createdAt.timeIntervalSince1970))
                ON CONFLICT DO NOTHING RETURNING 1
                """, connection, logger)
            else { throw DomainError.exists("procedure \(procedure.id)") }
            try await Self.insert(AuditEvent(actor: actor, action: "procedure.created", table: nil, fields: procedure.auditFields), connection, logger)
        }
    }

    public func updateProcedure(_ procedure: Procedure, by actor: String) async throws(DomainError) {
        try await transaction { connection, logger in
            guard try await Self.exists(
                """
                UPDATE procedure SET title = \(procedure.title), legal_basis = \(procedure.legalBasis),
                  act_reference = \(procedure.actReference), areas = \(Self.json(procedure.areas)),
                  public_initials_only = \(procedure.publicInitialsOnly)
                WHERE id = \(procedure.id) RETURNING 1
                """, connection, logger)
            else { throw DomainError.notFound("procedure \(procedure.id)") }
            try await Self.insert(AuditEvent(actor: actor, action: "procedure.updated", table: nil, fields: procedure.auditFields), connection, logger)
        }
    }

    public func procedure(_ id: String) async throws(DomainError) -> Procedure? {
        try await procedures(where: "\(unescaped: Self.procedureColumns) WHERE id = \(id)").first
    }

    public func procedures() async throws(DomainError) -> [Procedure] {
        try await procedures(where: "\(unescaped: Self.procedureColumns) ORDER BY id")
    }

    public func setPublished(table: String, _ published: Bool, by actor: String) async throws(DomainError) {
        try await transaction { connection, logger in
            // The row lock makes two administrators on two nodes record one change, not two.
            var found = false
            var wasPublished = false
            for try await publishedAt in try await connection.query(
                "SELECT published_at FROM co_table WHERE id = \(table) FOR UPDATE", logger: logger
            ).decode(Double?.self) {
                found = true
                wasPublished = publishedAt != nil
            }
            guard found else { throw DomainError.notFound("table \(table)") }
            guard wasPublished != published else { return }
            let at: Double? = published ? Date().timeIntervalSince1970 : nil
            try await connection.query("UPDATE co_table SET published_at = \(at) WHERE id = \(table)", logger: logger)
            try await Self.insert(
                AuditEvent(actor: actor, action: published ? "table.published" : "table.unpublished", table: table, fields: [:]),
                connection, logger)
        }
    }

    public func addSignedCopy(_ copy: SignedCopy) async throws(DomainError) {
        try await transaction { connection, logger in
            guard try await Self.exists("SELECT 1 FROM co_table WHERE id = \(copy.table)", connection, logger) else {
                throw DomainError.notFound("table \(copy.table)")
            }
            try await connection.query(
                """
                INSERT INTO signed_copy (table_id, session_id, kind, bytes, sha256, content_hash, uploaded_at, uploaded_by)
                VALUES (\(copy.table), \(copy.session), \(copy.kind), \(ByteBuffer(bytes: copy.bytes)), \(copy.sha256),
                  \(copy.contentHash), \(copy.uploadedAt.timeIntervalSince1970), \(copy.uploadedBy))
                """, logger: logger)
            try await Self.insert(
                AuditEvent(at: copy.uploadedAt, actor: copy.uploadedBy, action: "minutes.signed", table: copy.table, fields: copy.auditFields),
                connection, logger)
        }
    }

    public func signedCopies(table: String) async throws(DomainError) -> [SignedCopy] {
        try await read { client, logger in
            var copies: [SignedCopy] = []
            let rows = try await client.query(
                """
                SELECT session_id, kind, bytes, sha256, content_hash, uploaded_at, uploaded_by FROM signed_copy
                WHERE table_id = \(table) ORDER BY seq
                """, logger: logger)
            for try await (session, kind, bytes, sha256, contentHash, uploadedAt, uploadedBy) in rows.decode(
                (String, String, ByteBuffer, String, String, Double, String).self)
            {
                copies.append(SignedCopy(
                    table: table, session: session, kind: kind, bytes: Array(bytes.readableBytesView), sha256: sha256,
                    contentHash: contentHash, uploadedAt: Date(timeIntervalSince1970: uploadedAt), uploadedBy: uploadedBy))
            }
            return copies
        }
    }

    public func addInvitation(_ invitation: Invitation, by actor: String) async throws(DomainError) {
        try await transaction { connection, logger in
            guard try await Self.exists("SELECT 1 FROM co_table WHERE id = \(invitation.table)", connection, logger) else {
                throw DomainError.notFound("table \(invitation.table)")
            }
            try await connection.query(
                """
                INSERT INTO invitation (id, table_id, role, name, organisation, issued_at, expires_at)
                VALUES (\(invitation.id), \(invitation.table), \(invitation.role.rawValue), \(invitation.name),
                  \(invitation.organisation), \(invitation.issuedAt.timeIntervalSince1970), \(invitation.expiresAt.timeIntervalSince1970))
                """, logger: logger)
            try await Self.insert(
                AuditEvent(
                    actor: actor, action: "invitation.created", table: invitation.table,
                    fields: [
                        "invitation": invitation.id, "role": invitation.role.rawValue, "name": invitation.name,
                        "organisation": invitation.organisation,
                    ]), connection, logger)
        }
    }

    public func invitation(_ id: String) async throws(DomainError) -> Invitation? {
        try await invitations(where: "\(unescaped: Self.invitationColumns) WHERE id = \(id)").first
    }

    public func invitations(table: String) async throws(DomainError) -> [Invitation] {
        try await invitations(where: "\(unescaped: Self.invitationColumns) WHERE table_id = \(table) ORDER BY issued_at")
    }

    public func revokeInvitation(_ id: String, by actor: String) async throws(DomainError) {
        try await transaction { connection, logger in
            var table: String?
            for try await value in try await connection.query(
                "SELECT table_id FROM invitation WHERE id = \(id) FOR UPDATE", logger: logger
            ).decode(String.self) {
                table = value
            }
            guard let table else { throw DomainError.notFound("invitation \(id)") }
            try await connection.query(
                "UPDATE invitation SET revoked_at = \(Date().timeIntervalSince1970) WHERE id = \(id) AND revoked_at IS NULL",
                logger: logger)
            try await Self.insert(AuditEvent(actor: actor, action: "invitation.revoked", table: table, fields: ["invitation": id]), connection, logger)
        }
    }

    public func invitationsRevoked(since date: Date) async throws(DomainError) -> [Invitation] {
        try await invitations(
            where: "\(unescaped: Self.invitationColumns) WHERE revoked_at >= \(date.timeIntervalSince1970) ORDER BY revoked_at")
    }

    public func audit(_ event: AuditEvent) async throws(DomainError) {
        try await transaction { connection, logger in try await Self.insert(event, connection, logger) }
    }

    public func auditLog(table: String?) async throws(DomainError) -> [AuditEvent] {
        try await read { client, logger in
            let query: PostgresQuery = if let table {
                "SELECT at, actor, action, table_id, detail FROM audit_event WHERE table_id = \(table) ORDER BY seq"
            } else {
                "SELECT at, actor, action, table_id, detail FROM audit_event ORDER BY seq"
            }
            var events: [AuditEvent] = []
            for try await (at, actor, action, table, detail) in try await client.query(query, logger: logger).decode(
                (Double, String, String, String?, String).self)
            {
                events.append(AuditEvent(at: Date(timeIntervalSince1970: at), actor: actor, action: action, table: table, detail: detail))
            }
            return events
        }
    }

    // MARK: helpers

    private static let procedureColumns =
        "SELECT id, title, legal_basis, act_reference, areas, public_initials_only, created_at FROM procedure"
    private static let invitationColumns =
        "SELECT id, table_id, role, name, organisation, issued_at, expires_at, revoked_at FROM invitation"

    private func tables(where query: PostgresQuery) async throws(DomainError) -> [CoDesignTable] {
        try await read { client, logger in
            var tables: [CoDesignTable] = []
            for try await (id, title, area, procedure, createdAt, publishedAt) in try await client.query(query, logger: logger).decode(
                (String, String, String, String, Double, Double?).self)
            {
                tables.append(CoDesignTable(
                    id: id, title: title, area: area, procedure: procedure, createdAt: Date(timeIntervalSince1970: createdAt),
                    publishedAt: publishedAt.map(Date.init(timeIntervalSince1970:))))
            }
            return tables
        }
    }

    private func procedures(where query: PostgresQuery) async throws(DomainError) -> [Procedure] {
        try await read { client, logger in
            var procedures: [Procedure] = []
            for try await (id, title, legalBasis, actReference, areas, initialsOnly, createdAt) in try await client.query(
                query, logger: logger
            ).decode((String, String, String, String, String, Bool, Double).self) {
                procedures.append(Procedure(
                    id: id, title: title, legalBasis: legalBasis, actReference: actReference,
                    areas: (try? JSONDecoder().decode([String].self, from: Data(areas.utf8))) ?? [],
                    publicInitialsOnly: initialsOnly, createdAt: Date(timeIntervalSince1970: createdAt)))
            }
            return procedures
        }
    }

    private func invitations(where query: PostgresQuery) async throws(DomainError) -> [Invitation] {
        try await read { client, logger in
            var invitations: [Invitation] = []
            for try await (id, table, role, name, organisation, issuedAt, expiresAt, revokedAt) in try await client.query(
                query, logger: logger
            ).decode((String, String, String, String, String, Double, Double, Double?).self) {
                invitations.append(Invitation(
                    id: id, table: table, role: Role(rawValue: role) ?? .coordinator, name: name, organisation: organisation,
                    issuedAt: Date(timeIntervalSince1970: issuedAt), expiresAt: Date(timeIntervalSince1970: expiresAt),
                    revokedAt: revokedAt.map(Date.init(timeIntervalSince1970:))))
            }
            return invitations
        }
    }

    private func read<T: Sendable>(_ body: (PostgresClient, Logger) async throws -> T) async throws(DomainError) -> T {
        do { return try await body(client, logger) } catch { throw Self.domainError(error) }
    }

    private func transaction<T: Sendable>(_ body: (PostgresConnection, Logger) async throws -> T) async throws(DomainError) -> T {
        let logger = logger
        do {
            return try await PostgresTransaction.run(client, logger: logger) { connection in try await body(connection, logger) }
        } catch {
            throw Self.domainError(error)
        }
    }

    private static func domainError(_ error: any Error) -> DomainError {
        (error as? DomainError) ?? .storage(PostgresPool.describe(error))
    }

    private static func exists(_ query: PostgresQuery, _ connection: PostgresConnection, _ logger: Logger) async throws -> Bool {
        var found = false
        for try await _ in try await connection.query(query, logger: logger) { found = true }
        return found
    }

    private static func insert(_ event: AuditEvent, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO audit_event (at, actor, action, table_id, detail)
            VALUES (\(event.at.timeIntervalSince1970), \(event.actor), \(event.action), \(event.table), \(event.detail))
            """, logger: logger)
    }

    private static func json(_ strings: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(strings), as: UTF8.self)) ?? "[]"
    }
}
