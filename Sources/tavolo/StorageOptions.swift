import ArgumentParser
import Foundation
import TavoloServer

/// The options every administrative command shares: where the configuration and the data are.
struct StorageOptions: ParsableArguments {
    @Option(help: "YAML configuration file (default: config/tavolo.yaml if it exists).")
    var config: String?

    @Option(name: [.customLong("data-directory"), .customLong("data-dir")], help: "Folder for tables and their history (default ./data). Env TAVOLO_DATA_DIRECTORY.")
    var dataDirectory: String?

    @Option(help: "sqlite (default) or postgres. Env TAVOLO_STORE.")
    var store: String?

    @Option(name: .customLong("postgres-url"), help: "With --store postgres: the database URL. Env TAVOLO_POSTGRES_URL.")
    var postgresURL: String?

    func settings() async throws -> ServerSettings {
        var flags: [SettingKey: SettingsLoader.FlagValue] = [:]
        if let dataDirectory { flags[.dataDirectory] = .string(dataDirectory) }
        if let store { flags[.store] = .string(store) }
        if let postgresURL { flags[.postgresURL] = .string(postgresURL) }
        do {
            return try await SettingsLoader.load(configFile: config, environment: ProcessInfo.processInfo.environment, flags: flags)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Prints to standard error and fails the command with a message an administrator can act on.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
