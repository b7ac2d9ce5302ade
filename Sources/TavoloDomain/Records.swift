import Foundation

/// A co-design table: one area of intervention (ambito), with its members and sessions.
public struct CoDesignTable: Sendable, Equatable, Codable {
    /// 1–64 of `A–Z a–z 0–9 _ -`; also the id of the table's live document.
    public var id: String
    public var title: String
    /// The area of intervention ("Anziani"), empty when not given.
    public var area: String
    /// The id of the `Procedure` the table belongs to, empty when none.
    public var procedure: String
    public var createdAt: Date
    /// Since when its approved verbali are on the procedure's public page; nil: not published.
    public var publishedAt: Date?

    public init(id: String, title: String, area: String = "", procedure: String = "", createdAt: Date = Date(), publishedAt: Date? = nil) {
        self.id = id
        self.title = title
        self.area = area
        self.procedure = procedure
        self.createdAt = createdAt
        self.publishedAt = publishedAt
    }
}

/// An invitation to a table: who, in which role, until when. The signed token carries
/// the same facts; the record is what lets the server refuse a revoked token.
public struct Invitation: Sendable, Equatable, Codable {
    /// Random id, the token's `jti`; also the member's identity at the table.
    public var id: String
    public var table: String
    public var role: Role
    public var name: String
    public var organisation: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(
        id: String, table: String, role: Role, name: String, organisation: String, issuedAt: Date, expiresAt: Date,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.table = table
        self.role = role
        self.name = name
        self.organisation = organisation
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// One administrative event, kept forever in the audit log (shared/domain.md: the procedure must be traceable).
public struct AuditEvent: Sendable, Equatable, Codable {
    public var at: Date
    /// Who did it: `admin` (command line), `invitation:<id>` (a member), or `server`.
    public var actor: String
    /// What happened, e.g. `table.created`, `invitation.created`, `invitation.revoked`, `member.joined`, `member.left`.
    public var action: String
    public var table: String?
    /// Details as JSON text.
    public var detail: String

    public init(at: Date = Date(), actor: String, action: String, table: String?, detail: String = "{}") {
        self.at = at
        self.actor = actor
        self.action = action
        self.table = table
        self.detail = detail
    }

    /// Details given as fields, written as every entry writes them: a JSON object, keys sorted.
    public init(at: Date = Date(), actor: String, action: String, table: String?, fields: [String: String]) {
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        self.init(at: at, actor: actor, action: action, table: table, detail: String(decoding: data, as: UTF8.self))
    }
}

/// A digitally signed copy of an approved verbale, kept for ever beside the record it signs:
/// the procedure's archive holds what the chair and the secretary signed.
public struct SignedCopy: Sendable, Equatable {
    public var table: String
    public var session: String
    /// `pades` (a signed PDF) or `cades` (a `.p7m` envelope holding the PDF).
    public var kind: String
    /// The file as uploaded, and its SHA-256 (hex).
    public var bytes: [UInt8]
    public var sha256: String
    /// The approved content hash the signed document carries.
    public var contentHash: String
    public var uploadedAt: Date
    /// `admin` or `invitation:<id>`.
    public var uploadedBy: String

    public init(
        table: String, session: String, kind: String, bytes: [UInt8], sha256: String, contentHash: String, uploadedAt: Date = Date(),
        uploadedBy: String
    ) {
        self.table = table
        self.session = session
        self.kind = kind
        self.bytes = bytes
        self.sha256 = sha256
        self.contentHash = contentHash
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }

    public var auditFields: [String: String] {
        ["session": session, "kind": kind, "sha256": sha256, "contentHash": contentHash, "bytes": "\(bytes.count)"]
    }
}
