import Foundation

/// Where tables, invitations and the audit log are kept (SQLite in `TavoloSQLite`).
public protocol DomainStore: Sendable {
    /// Creates a table; fails with `.exists` if the id is taken.
    func createTable(_ table: CoDesignTable, by actor: String) async throws(DomainError)
    func table(_ id: String) async throws(DomainError) -> CoDesignTable?
    func tables() async throws(DomainError) -> [CoDesignTable]

    /// Creates a procedure; fails with `.exists` if the id is taken.
    func createProcedure(_ procedure: Procedure, by actor: String) async throws(DomainError)
    /// Replaces a procedure's data (its id and creation date stay); fails with `.notFound`.
    func updateProcedure(_ procedure: Procedure, by actor: String) async throws(DomainError)
    func procedure(_ id: String) async throws(DomainError) -> Procedure?
    func procedures() async throws(DomainError) -> [Procedure]
    /// Puts a table's approved verbali on its procedure's public page, or takes them off.
    func setPublished(table: String, _ published: Bool, by actor: String) async throws(DomainError)

    /// Keeps a signed copy of a verbale, append-only, and records it in the audit log (`minutes.signed`).
    func addSignedCopy(_ copy: SignedCopy) async throws(DomainError)
    /// The signed copies of a table's verbali, oldest first (the last of a session is the one served).
    func signedCopies(table: String) async throws(DomainError) -> [SignedCopy]

    /// Records an invitation (the table must exist).
    func addInvitation(_ invitation: Invitation, by actor: String) async throws(DomainError)
    func invitation(_ id: String) async throws(DomainError) -> Invitation?
    func invitations(table: String) async throws(DomainError) -> [Invitation]
    /// Marks an invitation revoked; its token is refused from then on.
    func revokeInvitation(_ id: String, by actor: String) async throws(DomainError)
    /// Invitations revoked at or after `date` (by any process sharing the database).
    func invitationsRevoked(since date: Date) async throws(DomainError) -> [Invitation]

    /// Appends to the audit log.
    func audit(_ event: AuditEvent) async throws(DomainError)
    func auditLog(table: String?) async throws(DomainError) -> [AuditEvent]
}

/// Why a domain operation failed, in words an administrator can act on.
public enum DomainError: Error, Equatable, CustomStringConvertible {
    case exists(String)
    case notFound(String)
    case invalid(String)
    case storage(String)

    public var description: String {
        switch self {
        case .exists(let what): "\(what) already exists"
        case .notFound(let what): "\(what) not found"
        case .invalid(let why): why
        case .storage(let why): "storage error: \(why)"
        }
    }
}
