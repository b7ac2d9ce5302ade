import ArgumentParser
import Foundation
import TavoloDomain

struct TableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table", abstract: "Create and list co-design tables.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a table (one area of intervention).")

        @OptionGroup var storage: StorageOptions

        @Option(help: "Table id: 1-64 of A-Z a-z 0-9 _ - (it appears in links).")
        var id: String

        @Option(help: "Title people see, e.g. \"Ambito anziani – Distretto Pianura Est\".")
        var title: String

        @Option(help: "Area of intervention, e.g. \"Anziani\".")
        var area: String = ""

        @Option(help: "Id of the procedure the table belongs to (see `tavolo procedure create`).")
        var procedure: String = ""

        func run() async throws {
            guard Identifier.isValid(id) else { throw ValidationError("--id must be \(Identifier.rule)") }
            let title: String, area: String
            do {
                title = try UserText.tableTitle.validate(self.title)
                area = try UserText.interventionArea.validate(self.area)
            } catch {
                throw ValidationError(error.description)
            }
            let settings = try await storage.settings()
            let domain = try await Stores.open(settings).domain
            do {
                try await domain.createTable(CoDesignTable(id: id, title: title, area: area, procedure: procedure), by: "admin")
            } catch {
                throw ValidationError(error.description)
            }
            print("Tavolo creato / table created: \(id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tables.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try await storage.settings()
            let domain = try await Stores.open(settings).domain
            for table in try await domain.tables() { print("\(table.id)\t\(table.title)") }
        }
    }
}
