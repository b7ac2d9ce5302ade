import ArgumentParser
import TavoloServer

@main
struct Tavolo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tavolo",
        abstract: "Tavolo: live co-design tables (tavoli di coprogettazione) for public administrations and the Third Sector.",
        version: TavoloVersion.current,
        subcommands: [Serve.self, ProcedureCommand.self, TableCommand.self, InviteCommand.self, ExportCommand.self, AdminLinkCommand.self, MigrateStoreCommand.self],
        defaultSubcommand: Serve.self
    )
}
