import Foundation
import TavoloDomain

/// The one rule that admits an invitation token, on the WebSocket and on HTTP alike: a valid
/// signature, known to this server, not revoked, and unexpired by the stricter of the token's
/// own `exp` and the stored invitation's expiry (a token signed for ten years still ends with
/// its thirty-day invitation).
enum InvitationCheck {
    enum Refusal: Error, Equatable {
        case invitation(InvitationError)
        /// The invitation could not be looked up now.
        case unavailable
    }

    static func admit(
        _ token: String, tokens: InvitationTokens, domain: any DomainStore, now: Date = Date()
    ) async -> Result<Invitation, Refusal> {
        let claims: InvitationClaims
        switch await tokens.verify(token) {
        case .failure(let error): return .failure(.invitation(error))
        case .success(let verified): claims = verified
        }
        let record: Invitation?
        do {
            record = try await domain.invitation(claims.jti.value)
        } catch {
            return .failure(.unavailable)
        }
        guard let record else { return .failure(.invitation(.unknown)) }
        guard record.revokedAt == nil else { return .failure(.invitation(.revoked)) }
        guard record.expiresAt > now, claims.exp.value > now else { return .failure(.invitation(.expired)) }
        return .success(record)
    }
}
