import Foundation
import JWTKit
import TavoloDomain

/// The claims of an invitation token: a standard JWT (HS256), so a municipal portal or
/// identity provider holding the same key can mint invitations too. docs/api.md lists them.
public struct InvitationClaims: JWTPayload, Equatable {
    /// Always `tavolo`.
    public var iss: IssuerClaim
    /// The invitation id, also the member's identity at the table.
    public var jti: IDClaim
    public var iat: IssuedAtClaim
    public var exp: ExpirationClaim
    /// Table id.
    public var tbl: String
    /// `facilitator`, `pa`, `ets` or `coordinator`.
    public var role: String
    public var name: String
    public var org: String

    public static let issuer = "tavolo"

    public init(invitation: Invitation) {
        iss = IssuerClaim(value: Self.issuer)
        jti = IDClaim(value: invitation.id)
        iat = IssuedAtClaim(value: invitation.issuedAt)
        exp = ExpirationClaim(value: invitation.expiresAt)
        tbl = invitation.table
        role = invitation.role.rawValue
        name = invitation.name
        org = invitation.organisation
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == Self.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "not issued by tavolo") }
        guard Role(rawValue: role) != nil else { throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "unknown role") }
    }
}
