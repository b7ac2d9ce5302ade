import Foundation
import JWTKit
import TavoloDomain

/// Signs and verifies invitation tokens with one HMAC-SHA-256 key.
public struct InvitationTokens: Sendable {
    private let keys: JWTKeyCollection

    /// - Parameter secret: at least 32 bytes; shared with whoever else mints invitations.
    public init(secret: [UInt8]) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
    }

    public func token(for invitation: Invitation) async throws -> String {
        try await keys.sign(InvitationClaims(invitation: invitation))
    }

    /// The verified claims, or why the token cannot be accepted.
    public func verify(_ token: String) async -> Result<InvitationClaims, InvitationError> {
        do {
            return .success(try await keys.verify(token, as: InvitationClaims.self))
        } catch let error as JWTError where error.errorType == .claimVerificationFailure {
            return .failure(error.failedClaim is ExpirationClaim ? .expired : .invalid("\(error.reason ?? "claims not valid")"))
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            return .failure(.badSignature)
        } catch {
            return .failure(.invalid("not a well-formed invitation token"))
        }
    }

    /// The key shared by the server and the command line: `invitationSecret` when set,
    /// otherwise `DATA_DIRECTORY/invitation.key`, made with 32 random bytes on first use (mode 0600).
    public static func secret(configured: String?, dataDirectory: String) throws -> [UInt8] {
        if let configured, !configured.isEmpty { return Array(configured.utf8) }
        let path = dataDirectory + "/invitation.key"
        if let existing = FileManager.default.contents(atPath: path), existing.count >= 32 { return [UInt8](existing) }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw InvitationError.invalid("cannot write \(path)")
        }
        return bytes
    }
}

/// Why an invitation token is refused.
public enum InvitationError: Error, Equatable, CustomStringConvertible {
    case expired
    case revoked
    case badSignature
    case unknown
    case invalid(String)

    public var description: String {
        switch self {
        case .expired: "invitation expired: ask the facilitator for a new link"
        case .revoked: "invitation revoked: ask the facilitator for a new link"
        case .badSignature: "invitation not valid: its signature does not match (altered or from another server)"
        case .unknown: "invitation not known to this server"
        case .invalid(let why): "invitation not valid: \(why)"
        }
    }
}
