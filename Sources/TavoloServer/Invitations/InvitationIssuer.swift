import Foundation
import TavoloDomain

/// Creates invitations: the record (so the invitation can be revoked) and the signed link.
/// Used by the command line, the administration API and facilitators at the table.
public struct InvitationIssuer: Sendable {
    let domain: any DomainStore
    let tokens: InvitationTokens
    let publicURL: String

    public init(domain: any DomainStore, tokens: InvitationTokens, publicURL: String) {
        self.domain = domain
        self.tokens = tokens
        self.publicURL = publicURL
    }

    public struct Issued: Sendable {
        public let invitation: Invitation
        public let token: String
        public let link: String
    }

    /// - Throws: `DomainError` for an unknown table or a refused value.
    public func issue(table: String, role: Role, name: String, organisation: String, days: Int, by actor: String) async throws -> Issued {
        guard (1...366).contains(days) else { throw DomainError.invalid("days must be from 1 to 366") }
        let name = try UserText.name.validate(name)
        let organisation = try UserText.organisation.validate(organisation)
        // JWT dates are seconds; whole ones keep every verifier happy.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let invitation = Invitation(
            id: UUID().uuidString.lowercased(), table: table, role: role, name: name, organisation: organisation,
            issuedAt: now, expiresAt: now.addingTimeInterval(Double(days) * 86_400))
        try await domain.addInvitation(invitation, by: actor)
        let token = try await tokens.token(for: invitation)
        return Issued(invitation: invitation, token: token, link: Self.link(publicURL: publicURL, token: token))
    }

    /// The page a person opens to join: the token rides in the fragment, never sent to a server.
    public static func link(publicURL: String, token: String) -> String { "\(publicURL)/#invito=\(token)" }
}
