import Foundation
import TavoloDomain
import TavoloStorage

/// A table's audit log: administrative records (tables, invitations) merged by time with
/// the administrative events of its live history (joins, sessions, approvals…).
/// Both sources are append-only.
public struct AuditLog: Sendable {
    let domain: any DomainStore
    let store: any Store

    public init(domain: any DomainStore, store: any Store) {
        self.domain = domain
        self.store = store
    }

    public func entries(table: String) async throws -> [AuditEvent] {
        let administrative = try await domain.auditLog(table: table)
        let live = try await store.events(table: table).compactMap { stored -> AuditEvent? in
            guard let event = try? TableCoding.decoder.decode(TableEvent.self, from: Data(stored.payload)) else { return nil }
            return event.auditEntry(table: table, actor: stored.actor)
        }
        // A stable merge: equal times keep administrative records first.
        return (administrative.map { (0, $0) } + live.map { (1, $0) })
            .enumerated()
            .sorted { ($0.element.1.at, $0.element.0, $0.offset) < ($1.element.1.at, $1.element.0, $1.offset) }
            .map(\.element.1)
    }
}
