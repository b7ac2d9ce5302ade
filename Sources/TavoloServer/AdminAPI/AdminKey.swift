import Foundation

/// The administration key: the `adminToken` setting when set (an empty value turns the API off),
/// otherwise, when tables are joined by invitation, `DATA_DIRECTORY/admin.key`, made once with 32
/// random bytes (mode 0600) so that a fresh install can be run from the browser with no
/// configuration. Whoever can read the data folder or the server's first output is an administrator,
/// as with `invitation.key`.
public enum AdminKey {
    public static func resolve(settings: ServerSettings) throws -> String? {
        if let configured = settings.adminToken { return configured.isEmpty ? nil : configured }
        guard settings.authentication == "invitations" else { return nil }
        let path = settings.dataDirectory + "/admin.key"
        if let existing = FileManager.default.contents(atPath: path), let text = String(data: existing, encoding: .utf8),
            text.utf8.count >= 32
        {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        guard FileManager.default.createFile(atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw InvitationError.invalid("cannot write \(path)")
        }
        return token
    }

    /// The page that runs the deployment, with the key in the fragment (never sent to a server
    /// or written to an access log; the page moves it to the browser's storage at once).
    public static func link(base: String, key: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return "\(trimmed)/admin/#chiave=\(key)"
    }
}
