import ArgumentParser
import Foundation
import TavoloDomain

/// The procedures tables belong to (the public notice under art. 55 D.Lgs. 117/2017); the same
/// records the administration page and `/api/procedures` make.
struct ProcedureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "procedure", abstract: "Create and list procedures (public notices) that tables belong to.",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a procedure.")

        @OptionGroup var storage: StorageOptions

        @Option(help: "Procedure id: 1-64 of A-Z a-z 0-9 _ - (it appears in the public page's address).")
        var id: String

        @Option(help: "Title, e.g. \"Avviso pubblico di coprogettazione dei servizi per gli anziani\".")
        var title: String

        @Option(help: "Legal basis, e.g. \"art. 55 D.Lgs. 117/2017\".")
        var legalBasis: String = ""

        @Option(help: "The act that opened it, e.g. \"Determina n. 123 del 15/09/2026\".")
        var act: String = ""

        @Option(help: "An area of intervention it covers; repeat for several.")
        var area: [String] = []

        @Flag(help: "On the public page, reduce natural persons' names to initials.")
        var initialsOnly = false

        func run() async throws {
            guard Identifier.isValid(id) else { throw ValidationError("--id must be \(Identifier.rule)") }
            let procedure: Procedure
            do {
                procedure = Procedure(
                    id: id, title: try UserText.procedureTitle.validate(title), legalBasis: try UserText.procedure.validate(legalBasis),
                    actReference: try UserText.procedure.validate(act), areas: try area.map { try UserText.interventionArea.validate($0) },
                    publicInitialsOnly: initialsOnly)
            } catch {
                throw ValidationError("\(error)")
            }
            let settings = try await storage.settings()
            let domain = try await Stores.open(settings).domain
            do {
                try await domain.createProcedure(procedure, by: "admin")
            } catch {
                throw ValidationError(error.description)
            }
            print("Procedimento creato / procedure created: \(id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List procedures.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let settings = try await storage.settings()
            let domain = try await Stores.open(settings).domain
            for procedure in try await domain.procedures() {
                print("\(procedure.id)\t\(procedure.title)\t\(procedure.legalBasis)\t\(procedure.actReference)")
            }
        }
    }
}
