import Configuration
import Foundation
import SystemPackage
import TavoloTransport

/// Builds `ServerSettings` from, in rising order of precedence: the embedded
/// defaults, the YAML config file, `TAVOLO_*` environment variables, and flags.
public enum SettingsLoader {
    /// The file read when no `--config` is given; missing is fine.
    public static let defaultConfigFile = "config/tavolo.yaml"

    /// - Parameters:
    ///   - configFile: an explicit file (must exist), or nil for `defaultConfigFile` if present.
    ///   - environment: the process environment; only `TAVOLO_*` variables are read.
    ///   - flags: values given on the command line, keyed by setting.
    public static func load(
        configFile: String?, environment: [String: String], flags: [SettingKey: FlagValue]
    ) async throws(SettingsError) -> ServerSettings {
        let path = configFile ?? defaultConfigFile
        let file: FileProvider<YAMLSnapshot>
        do {
            file = try await FileProvider<YAMLSnapshot>(filePath: FilePath(path), allowMissing: configFile == nil)
        } catch {
            throw .unreadableFile(path: path, reason: "\(error)")
        }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: flagValues(flags)),
            EnvironmentVariablesProvider(environmentVariables: tavoloVariables(environment)),
            file,
        ])
        var sources: [SettingKey: String] = [:]
        for key in SettingKey.all {
            if flags[key] != nil {
                sources[key] = "flag \(key.flag)"
            } else if environment[key.environmentVariable] != nil {
                sources[key] = "environment \(key.environmentVariable)"
            } else {
                sources[key] = "\(path) key \(key.name)"
            }
        }
        return try read(ValueParser(reader: reader, sources: sources))
    }

    /// A flag's value as the user typed it.
    public enum FlagValue: Sendable, Equatable {
        case string(String)
        case list([String])
    }

    private static func flagValues(_ flags: [SettingKey: FlagValue]) -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in flags {
            switch value {
            case .string(let text): values[AbsoluteConfigKey([key.name])] = ConfigValue(.string(text), isSecret: false)
            case .list(let items): values[AbsoluteConfigKey([key.name])] = ConfigValue(.stringArray(items), isSecret: false)
            }
        }
        return values
    }

    /// `TAVOLO_WEB_ROOT` becomes `WEB_ROOT`, which the provider matches to key `webRoot`.
    private static func tavoloVariables(_ environment: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix("TAVOLO_") {
            result[String(name.dropFirst("TAVOLO_".count))] = value
        }
        return result
    }

    private static func read(_ parser: ValueParser) throws(SettingsError) -> ServerSettings {
        var settings = ServerSettings()
        var transport = settings.transport
        transport.host = try parser.string(.host, default: transport.host)
        transport.port = try parser.integer(.port, default: transport.port, in: 0...65535)
        transport.webRoot = try parser.string(.webRoot, default: transport.webRoot)
        settings.dataDirectory = try parser.string(.dataDirectory, default: settings.dataDirectory)
        settings.store = try parser.string(.store, default: settings.store)
        guard ["sqlite", "postgres"].contains(settings.store) else {
            throw .invalid(key: .store, value: settings.store, source: parser.source(of: .store))
        }
        settings.postgresURL = try parser.optionalString(.postgresURL)
        if let url = settings.postgresURL, !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
            // Never echo the URL: it may hold a password.
            throw .invalid(key: .postgresURL, value: "(not a postgres:// URL)", source: parser.source(of: .postgresURL))
        }
        if settings.store == "postgres", settings.postgresURL == nil {
            throw .inconsistent("store is postgres but postgresURL is not set")
        }
        settings.postgresPoolSize = try parser.integer(.postgresPoolSize, default: settings.postgresPoolSize, in: 1...500)
        settings.logLevel = try parser.string(.logLevel, default: settings.logLevel)
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(settings.logLevel) else {
            throw .invalid(key: .logLevel, value: settings.logLevel, source: parser.source(of: .logLevel))
        }
        transport.maxMessageBytes = try parser.integer(.maxMessageBytes, default: transport.maxMessageBytes, in: 1024...(1 << 28))
        transport.maxRequestBodyBytes = try parser.integer(
            .maxRequestBodyBytes, default: transport.maxRequestBodyBytes, in: 1024...(1 << 28))
        transport.sendQueueMessages = try parser.integer(.sendQueueMessages, default: transport.sendQueueMessages, in: 1...10_000_000)
        transport.sendQueueBytes = try parser.integer(.sendQueueBytes, default: transport.sendQueueBytes, in: 1024...(1 << 32))
        transport.maxSingleMessageBytes = try parser.integer(
            .maxSingleMessageBytes, default: transport.maxSingleMessageBytes, in: 1024...(1 << 32))
        transport.pingIntervalSeconds = try parser.integer(.pingIntervalSeconds, default: transport.pingIntervalSeconds, in: 1...3600)
        transport.messageTimeoutSeconds = try parser.integer(
            .messageTimeoutSeconds, default: transport.messageTimeoutSeconds, in: 1...3600)
        transport.idleTimeoutSeconds = try parser.integer(.idleTimeoutSeconds, default: transport.idleTimeoutSeconds, in: 2...7200)
        transport.allowedOrigins = try parser.list(.allowedOrigins, default: transport.allowedOrigins)
        transport.permessageDeflate = try parser.boolean(.permessageDeflate, default: transport.permessageDeflate)
        let loop = try parser.string(.eventLoop, default: transport.eventLoop.rawValue)
        guard let eventLoop = TransportConfiguration.EventLoop(rawValue: loop) else {
            throw .invalid(key: .eventLoop, value: loop, source: parser.source(of: .eventLoop))
        }
        transport.eventLoop = eventLoop
        transport.tlsCertificate = try parser.optionalString(.tlsCertificate)
        transport.tlsPrivateKey = try parser.optionalString(.tlsPrivateKey)
        settings.transport = transport
        settings.relay = try parser.boolean(.relay, default: settings.relay)
        settings.authentication = try parser.string(.authentication, default: settings.authentication)
        guard ["open", "invitations"].contains(settings.authentication) else {
            throw .invalid(key: .authentication, value: settings.authentication, source: parser.source(of: .authentication))
        }
        settings.invitationSecret = try parser.optionalString(.invitationSecret)
        if let secret = settings.invitationSecret, secret.utf8.count < 32 {
            throw .invalid(key: .invitationSecret, value: "(\(secret.utf8.count) characters)", source: parser.source(of: .invitationSecret))
        }
        // Empty turns the API off; unset lets the server make a key (AdminKey).
        settings.adminToken = parser.raw(.adminToken) == "" ? "" : try parser.optionalString(.adminToken)
        if let token = settings.adminToken, !token.isEmpty, token.utf8.count < 32 {
            throw .invalid(key: .adminToken, value: "(\(token.utf8.count) characters)", source: parser.source(of: .adminToken))
        }
        settings.publicURL = try parser.string(.publicURL, default: settings.publicURL)
        guard settings.publicURL.hasPrefix("http://") || settings.publicURL.hasPrefix("https://") else {
            throw .invalid(key: .publicURL, value: settings.publicURL, source: parser.source(of: .publicURL))
        }
        var sync = settings.sync
        sync.maxOperationsPerMessage = try parser.integer(.maxOperationsPerMessage, default: sync.maxOperationsPerMessage, in: 1...1_000_000)
        sync.messagesPerSecond = try parser.integer(.messagesPerSecond, default: sync.messagesPerSecond, in: 1...100_000)
        sync.maxDocumentOperations = try parser.integer(.maxDocumentOperations, default: sync.maxDocumentOperations, in: 1...1_000_000_000)
        var quotas = settings.quotas
        quotas.memberOperationsPerMinute = try parser.integer(
            .memberOperationsPerMinute, default: quotas.memberOperationsPerMinute, in: 1...1_000_000_000)
        quotas.memberSharePercent = try parser.integer(.memberSharePercent, default: quotas.memberSharePercent, in: 1...100)
        quotas.reservePercent = try parser.integer(.reservePercent, default: quotas.reservePercent, in: 0...90)
        settings.quotas = quotas
        sync.presenceIntervalMilliseconds = try parser.integer(
            .presenceIntervalMilliseconds, default: sync.presenceIntervalMilliseconds, in: 0...10_000)
        sync.roomIdleSeconds = try parser.integer(.roomIdleSeconds, default: sync.roomIdleSeconds, in: 0...86_400)
        sync.snapshotEveryOperations = try parser.integer(
            .snapshotEveryOperations, default: sync.snapshotEveryOperations, in: 1...100_000_000)
        sync.snapshotEverySeconds = try parser.integer(.snapshotEverySeconds, default: sync.snapshotEverySeconds, in: 1...86_400)
        settings.sync = sync
        settings.handGraceSeconds = try parser.integer(.handGraceSeconds, default: settings.handGraceSeconds, in: 0...3_600)
        settings.engineWorkers = try parser.integer(.engineWorkers, default: settings.engineWorkers, in: 1...64)
        try validate(settings)
        return settings
    }

    private static func validate(_ settings: ServerSettings) throws(SettingsError) {
        let transport = settings.transport
        if transport.idleTimeoutSeconds <= transport.pingIntervalSeconds {
            throw .inconsistent(
                "idleTimeoutSeconds (\(transport.idleTimeoutSeconds)) must be larger than pingIntervalSeconds (\(transport.pingIntervalSeconds)), or every idle client is dropped before it is pinged")
        }
        if (transport.tlsCertificate == nil) != (transport.tlsPrivateKey == nil) {
            throw .inconsistent("tlsCertificate and tlsPrivateKey must be given together")
        }
        for origin in transport.allowedOrigins where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) {
            throw .invalid(key: .allowedOrigins, value: origin, source: "allowedOrigins")
        }
    }
}

/// Reads raw values and turns them into typed ones, naming the key on failure.
private struct ValueParser {
    let reader: ConfigReader
    let sources: [SettingKey: String]

    func source(of key: SettingKey) -> String { sources[key] ?? key.name }

    func raw(_ key: SettingKey) -> String? {
        reader.string(forKey: ConfigKey([key.name]))
    }

    func string(_ key: SettingKey, default value: String) throws(SettingsError) -> String {
        guard let text = raw(key) else { return value }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid(key: key, value: text, source: source(of: key))
        }
        return text
    }

    func optionalString(_ key: SettingKey) throws(SettingsError) -> String? {
        guard let text = raw(key), !text.isEmpty else { return nil }
        return text
    }

    func integer(_ key: SettingKey, default value: Int, in range: ClosedRange<Int>) throws(SettingsError) -> Int {
        guard let text = raw(key) else { return value }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw .invalid(key: key, value: text, source: source(of: key))
        }
        return number
    }

    func boolean(_ key: SettingKey, default value: Bool) throws(SettingsError) -> Bool {
        guard let text = raw(key) else { return value }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw .invalid(key: key, value: text, source: source(of: key))
        }
    }

    /// A YAML sequence, or a comma-separated string (environment variables, flags).
    func list(_ key: SettingKey, default value: [String]) throws(SettingsError) -> [String] {
        if let items = reader.stringArray(forKey: ConfigKey([key.name])) { return items }
        guard let text = raw(key) else { return value }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
