import ArgumentParser
import Foundation
import TavoloServer

/// Prints the administration page's link again (the one `tavolo serve` shows on first start).
struct AdminLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-link", abstract: "Print the link of the administration page (create tables, invite people).")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let settings = try await storage.settings()
        guard let key = try AdminKey.resolve(settings: settings) else {
            throw CommandFailure("the administration API is off (adminToken is empty, or authentication is open)")
        }
        print(AdminKey.link(base: Self.base(settings: settings, listening: nil), key: key))
    }

    /// `publicURL` when it was configured, else where the server listens (a `--port 0` test server).
    static func base(settings: ServerSettings, listening: String?) -> String {
        let defaultURL = ServerSettings().publicURL
        if settings.publicURL != defaultURL || listening == nil { return settings.publicURL }
        return listening!
    }
}
