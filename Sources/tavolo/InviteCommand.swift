import ArgumentParser
import Foundation
import TavoloDomain
import TavoloServer

struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Invite people to a table, list and revoke invitations.",
        subcommands: [Create.self, Revoke.self, List.self], defaultSubcommand: Create.self)

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an invitation and print its link.")

        @OptionGroup var storage: StorageOptions

        @Option(help: "Table id.")
        var table: String

        @Option(help: "facilitator, pa, ets or coordinator.")
        var role: String

        @Option(help: "The person's name, as others will see it.")
        var name: String

        @Option(help: "The person's organisation (municipality, cooperative, association…).")
        var org: String

        @Option(help: "Days until the invitation expires (default 30).")
        var days: Int = 30

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role must be facilitator, pa, ets or coordinator") }
            guard (1...366).contains(days) else { throw ValidationError("--days must be from 1 to 366") }
            let settings = try await storage.settings()
            let domain = try await Stores.open(settings).domain
            let secret = try InvitationTokens.secret(configured: settings.invitationSecret, dataDirectory: settings.dataDirectory)
            let issuer = InvitationIssuer(domain: domain, tokens: await InvitationTokens(secret: secret), publicURL: settings.publicURL)
            let issued: InvitationIssuer.Issued
            do {
                issued = try await issuer.issue(table: table, role: role, name: name, organisation: org, days: days, by: "admin")
            } catch {
                throw ValidationError("\(error)")
            }
            let invitation = issued.invitation
            print("Invito / invitation \(invitation.id) for \(invitation.name) (\(invitation.organisation), \(role.rawValue)), valid until \(invitation.expiresAt.formatted(.iso8601))")
            print(issued.link)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an invitation: its link stops working at once.")

        @OptionGroup var storage: StorageOptions

        @Argument(help: "Invitation id (as printed by `tavolo invite`).")
        var id: String

        func run() async throws {
            let settings = try await storage.settings()
            let domain = try await Stores.open(settings).domain
            do {
                try await domain.revokeInvitation(id, by: "admin")
            } catch {
                throw ValidationError(error.description)
            }
            print("Invito revocato / invitation revoked: \(id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a table's invitations.")

        @OptionGroup var storage: StorageOptions

        @Option(help: "Table id.")
        var table: String

        func run() async throws {
            let settings = try await storage.settings()
            let domain = try await Stores.open(settings).domain
            for invitation in try await domain.invitations(table: table) {
                let state = invitation.revokedAt != nil ? "revoked" : (invitation.expiresAt < Date() ? "expired" : "valid")
                print("\(invitation.id)\t\(invitation.role.rawValue)\t\(invitation.name)\t\(invitation.organisation)\t\(state)")
            }
        }
    }
}
