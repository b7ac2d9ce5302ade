import Foundation

/// The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). The scheme is
/// case-insensitive (RFC 9110 §11.1): `Bearer`, `bearer` and `BEARER` are one scheme.
struct BearerCredentials: Equatable {
    let token: String

    /// What a missing or malformed header is told, on every endpoint alike.
    static let howToSend = "send the token as 'Authorization: Bearer <token>'"

    /// - Throws: 401 when the header is missing, of another scheme, or has no token.
    init(authorization: String?) throws(HTTPError) {
        let header = authorization?.trimmingCharacters(in: .whitespaces) ?? ""
        // credentials = auth-scheme [ 1*SP token68 ]; a bearer token holds no spaces.
        guard let space = header.firstIndex(where: { $0 == " " || $0 == "\t" }),
            header[..<space].lowercased() == "bearer"
        else { throw .unauthorized(Self.howToSend) }
        let token = header[space...].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, !token.contains(where: \.isWhitespace) else { throw .unauthorized(Self.howToSend) }
        self.token = token
    }
}
