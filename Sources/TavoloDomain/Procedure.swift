import Foundation

/// The administrative procedure a set of tables belongs to (seed 003: one public notice under
/// art. 55 D.Lgs. 117/2017, several areas, one table each, watched by a cabina di regia). It is
/// an administrative act: its data head every verbale and the public page of its tables.
public struct Procedure: Sendable, Equatable, Codable {
    /// 1–64 of `A–Z a–z 0–9 _ -`; it appears in the public page's address (`/pubblico/<id>`).
    public var id: String
    /// "Avviso pubblico per la coprogettazione di interventi per gli anziani".
    public var title: String
    /// "art. 55 D.Lgs. 117/2017".
    public var legalBasis: String
    /// "Determina n. 123 del 15/09/2026".
    public var actReference: String
    /// The areas of intervention it covers, one table each.
    public var areas: [String]
    /// Natural persons' names on the public page and in the verbali it serves reduced to
    /// initials (organisations stay whole).
    public var publicInitialsOnly: Bool
    public var createdAt: Date

    public init(
        id: String, title: String, legalBasis: String = "", actReference: String = "", areas: [String] = [],
        publicInitialsOnly: Bool = false, createdAt: Date = Date()
    ) {
        self.id = id
        self.title = title
        self.legalBasis = legalBasis
        self.actReference = actReference
        self.areas = areas
        self.publicInitialsOnly = publicInitialsOnly
        self.createdAt = createdAt
    }

    /// The audit log's fields for this procedure.
    public var auditFields: [String: String] {
        [
            "procedure": id, "title": title, "legalBasis": legalBasis, "actReference": actReference,
            "areas": areas.joined(separator: "; "), "publicInitialsOnly": "\(publicInitialsOnly)",
        ]
    }
}
