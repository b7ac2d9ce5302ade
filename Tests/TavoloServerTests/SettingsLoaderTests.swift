import Foundation
import Testing
import TavoloServer

@Suite struct SettingsLoaderTests {
    private func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tavolo-\(UUID().uuidString).yaml").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func embeddedDefaultsNeedNoConfiguration() async throws {
        let settings = try await SettingsLoader.load(configFile: nil, environment: [:], flags: [:])
        #expect(settings.transport.host == "127.0.0.1")
        #expect(settings.transport.port == 8080)
        #expect(settings.transport.webRoot == "./web")
        #expect(settings.dataDirectory == "./data")
        #expect(settings.transport.maxMessageBytes == 1 << 20)
    }

    @Test func fileThenEnvironmentThenFlagsInRisingPrecedence() async throws {
        let file = try temporaryFile("""
            port: 9000
            host: 0.0.0.0
            dataDirectory: /srv/tavolo
            allowedOrigins:
              - https://a.example
              - https://b.example
            """)
        let fromFile = try await SettingsLoader.load(configFile: file, environment: [:], flags: [:])
        #expect(fromFile.transport.port == 9000)
        #expect(fromFile.transport.allowedOrigins == ["https://a.example", "https://b.example"])

        let environment = ["TAVOLO_PORT": "9100", "TAVOLO_DATA_DIRECTORY": "/var/tavolo", "PORT": "1"]
        let fromEnvironment = try await SettingsLoader.load(configFile: file, environment: environment, flags: [:])
        #expect(fromEnvironment.transport.port == 9100)
        #expect(fromEnvironment.dataDirectory == "/var/tavolo")
        #expect(fromEnvironment.transport.host == "0.0.0.0")

        let fromFlags = try await SettingsLoader.load(
            configFile: file, environment: environment, flags: [.port: .string("0"), .allowedOrigins: .list(["*"])])
        #expect(fromFlags.transport.port == 0)
        #expect(fromFlags.transport.allowedOrigins == ["*"])
        #expect(fromFlags.dataDirectory == "/var/tavolo")
    }

    @Test func environmentListsAreCommaSeparated() async throws {
        let settings = try await SettingsLoader.load(
            configFile: nil, environment: ["TAVOLO_ALLOWED_ORIGINS": "https://a.example, https://b.example"], flags: [:])
        #expect(settings.transport.allowedOrigins == ["https://a.example", "https://b.example"])
    }

    @Test func invalidValuesNameTheKeyAndTheExpectedForm() async throws {
        await #expect(throws: SettingsError.invalid(key: .port, value: "abc", source: "environment TAVOLO_PORT")) {
            try await SettingsLoader.load(configFile: nil, environment: ["TAVOLO_PORT": "abc"], flags: [:])
        }
        await #expect(throws: SettingsError.invalid(key: .port, value: "70000", source: "flag --port")) {
            try await SettingsLoader.load(configFile: nil, environment: [:], flags: [.port: .string("70000")])
        }
        let file = try temporaryFile("maxMessageBytes: lots\n")
        do {
            _ = try await SettingsLoader.load(configFile: file, environment: [:], flags: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'maxMessageBytes'"))
            #expect(error.description.contains("expected an integer"))
            #expect(error.description.contains("got 'lots'"))
        }
        await #expect(throws: SettingsError.self) {
            try await SettingsLoader.load(configFile: nil, environment: ["TAVOLO_LOG_LEVEL": "loud"], flags: [:])
        }
        await #expect(throws: SettingsError.self) {
            try await SettingsLoader.load(configFile: nil, environment: ["TAVOLO_PERMESSAGE_DEFLATE": "maybe"], flags: [:])
        }
    }

    @Test func engineWorkersAreOneByDefaultAndAtLeastOne() async throws {
        #expect(try await SettingsLoader.load(configFile: nil, environment: [:], flags: [:]).engineWorkers == 1)
        let four = try await SettingsLoader.load(configFile: nil, environment: ["TAVOLO_ENGINE_WORKERS": "4"], flags: [:])
        #expect(four.engineWorkers == 4)
        await #expect(throws: SettingsError.invalid(key: .engineWorkers, value: "0", source: "flag --engine-workers")) {
            try await SettingsLoader.load(configFile: nil, environment: [:], flags: [.engineWorkers: .string("0")])
        }
    }

    @Test func inconsistentSettingsAreRefused() async {
        await #expect(throws: SettingsError.self) {
            try await SettingsLoader.load(configFile: nil, environment: ["TAVOLO_TLS_CERTIFICATE": "/c.pem"], flags: [:])
        }
        await #expect(throws: SettingsError.self) {
            try await SettingsLoader.load(
                configFile: nil, environment: ["TAVOLO_PING_INTERVAL_SECONDS": "60", "TAVOLO_IDLE_TIMEOUT_SECONDS": "30"], flags: [:])
        }
        await #expect(throws: SettingsError.self) {
            try await SettingsLoader.load(configFile: nil, environment: [:], flags: [.allowedOrigins: .list(["evil"])])
        }
    }

    @Test func explicitConfigFileMustExistAndParse() async throws {
        await #expect(throws: SettingsError.self) {
            try await SettingsLoader.load(configFile: "/nonexistent/tavolo.yaml", environment: [:], flags: [:])
        }
        let broken = try temporaryFile("port: [unclosed\n")
        await #expect(throws: SettingsError.self) {
            try await SettingsLoader.load(configFile: broken, environment: [:], flags: [:])
        }
    }

    @Test func keysSpellTheirEnvironmentVariablesAndFlags() {
        #expect(SettingKey.webRoot.environmentVariable == "TAVOLO_WEB_ROOT")
        #expect(SettingKey.webRoot.flag == "--web-root")
        #expect(SettingKey.port.environmentVariable == "TAVOLO_PORT")
        #expect(SettingKey.maxMessageBytes.flag == "--max-message-bytes")
    }
}

@Suite struct ExampleConfigurationTests {
    /// The committed example documents the defaults; it must parse and say exactly what the code does.
    @Test func exampleFileMatchesTheEmbeddedDefaults() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = root.appendingPathComponent("config/tavolo.example.yaml").path
        let fromExample = try await SettingsLoader.load(configFile: example, environment: [:], flags: [:])
        #expect(fromExample == ServerSettings())
    }
}
