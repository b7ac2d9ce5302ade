import Foundation
import TavoloDomain
import TavoloSync

/// The co-design messages the domain's hooks send (docs/protocol.md, "Messages from the server").
enum DomainMessage {
    /// An `action` was carried out and its events are durable.
    static func done(ref: Int) -> ServerMessage {
        .custom(["type": .string("done"), "ref": .int(ref)])
    }

    /// The table's live state as this recipient may see it.
    static func table(_ view: TableStateView) -> ServerMessage {
        .custom(["type": .string("table"), "state": TableCoding.json(view)])
    }

    /// The table's audit log, answering `audit`.
    static func audit(ref: Int, _ events: [AuditEvent]) -> ServerMessage {
        .custom(["type": .string("audit"), "ref": .int(ref), "events": TableCoding.json(events)])
    }

    /// A new invitation, answering `invite`.
    static func invitation(ref: Int, id: String, link: String, expiresAt: Date) -> ServerMessage {
        .custom([
            "type": .string("invitation"), "ref": .int(ref), "id": .string(id), "link": .string(link),
            "expiresAt": .number((expiresAt.timeIntervalSince1970 * 1000).rounded()),
        ])
    }
}
