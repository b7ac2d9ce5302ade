/// One configurable setting: its key in the config file, and how it is spelled
/// as an environment variable and a command-line flag.
public struct SettingKey: Sendable, Hashable, CustomStringConvertible {
    /// Key in `config/tavolo.yaml`, camelCase.
    public let name: String
    /// What the value must look like, for error messages and `--help`.
    public let expected: String

    public init(_ name: String, expected: String) {
        self.name = name
        self.expected = expected
    }

    /// `webRoot` → `TAVOLO_WEB_ROOT`.
    public var environmentVariable: String { "TAVOLO_" + snakeCased.uppercased() }

    /// `webRoot` → `--web-root`.
    public var flag: String { "--" + snakeCased.replacingUnderscores(with: "-") }

    public var description: String { name }

    private var snakeCased: String {
        var result = ""
        for character in name {
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
        return result
    }

    public static let host = SettingKey("host", expected: "an IP address or host name")
    public static let port = SettingKey("port", expected: "an integer from 0 to 65535 (0 picks a free port)")
    public static let webRoot = SettingKey("webRoot", expected: "a path to an existing folder")
    public static let dataDirectory = SettingKey("dataDirectory", expected: "a path to a folder")
    public static let store = SettingKey("store", expected: "sqlite or postgres")
    public static let postgresURL = SettingKey(
        "postgresURL", expected: "a URL like postgres://user:password@host:5432/tavolo?sslmode=require")
    public static let postgresPoolSize = SettingKey("postgresPoolSize", expected: "an integer from 1 to 500")
    public static let logLevel = SettingKey(
        "logLevel", expected: "one of trace, debug, info, notice, warning, error, critical")
    public static let maxMessageBytes = SettingKey("maxMessageBytes", expected: "an integer from 1024 to 268435456")
    public static let maxRequestBodyBytes = SettingKey("maxRequestBodyBytes", expected: "an integer from 1024 to 268435456")
    public static let sendQueueMessages = SettingKey("sendQueueMessages", expected: "an integer from 1 to 10000000")
    public static let sendQueueBytes = SettingKey("sendQueueBytes", expected: "an integer from 1024 to 4294967296")
    public static let maxSingleMessageBytes = SettingKey("maxSingleMessageBytes", expected: "an integer from 1024 to 4294967296")
    public static let pingIntervalSeconds = SettingKey("pingIntervalSeconds", expected: "an integer from 1 to 3600")
    public static let messageTimeoutSeconds = SettingKey("messageTimeoutSeconds", expected: "an integer from 1 to 3600")
    public static let idleTimeoutSeconds = SettingKey("idleTimeoutSeconds", expected: "an integer from 2 to 7200, above pingIntervalSeconds")
    public static let allowedOrigins = SettingKey(
        "allowedOrigins", expected: "a list of origins like https://tavolo.example.org, or *")
    public static let permessageDeflate = SettingKey("permessageDeflate", expected: "true or false")
    public static let eventLoop = SettingKey("eventLoop", expected: "epoll or poll")
    public static let tlsCertificate = SettingKey("tlsCertificate", expected: "a path to a PEM certificate")
    public static let tlsPrivateKey = SettingKey("tlsPrivateKey", expected: "a path to a PEM private key")
    public static let relay = SettingKey("relay", expected: "true or false")
    public static let authentication = SettingKey("authentication", expected: "open or invitations")
    public static let invitationSecret = SettingKey("invitationSecret", expected: "a secret of at least 32 characters")
    public static let adminToken = SettingKey("adminToken", expected: "a bearer token of at least 32 characters")
    public static let publicURL = SettingKey("publicURL", expected: "the server's address as people reach it, like https://tavolo.example.org")
    public static let maxOperationsPerMessage = SettingKey("maxOperationsPerMessage", expected: "an integer from 1 to 1000000")
    public static let messagesPerSecond = SettingKey("messagesPerSecond", expected: "an integer from 1 to 100000")
    public static let maxDocumentOperations = SettingKey("maxDocumentOperations", expected: "an integer from 1 to 1000000000")
    public static let memberOperationsPerMinute = SettingKey("memberOperationsPerMinute", expected: "an integer from 1 to 1000000000")
    public static let memberSharePercent = SettingKey("memberSharePercent", expected: "an integer from 1 to 100")
    public static let reservePercent = SettingKey("reservePercent", expected: "an integer from 0 to 90")
    public static let presenceIntervalMilliseconds = SettingKey("presenceIntervalMilliseconds", expected: "an integer from 0 to 10000")
    public static let roomIdleSeconds = SettingKey("roomIdleSeconds", expected: "an integer from 0 to 86400")
    public static let snapshotEveryOperations = SettingKey("snapshotEveryOperations", expected: "an integer from 1 to 100000000")
    public static let snapshotEverySeconds = SettingKey("snapshotEverySeconds", expected: "an integer from 1 to 86400")
    public static let handGraceSeconds = SettingKey("handGraceSeconds", expected: "an integer from 0 to 3600")
    public static let engineWorkers = SettingKey("engineWorkers", expected: "an integer from 1 to 64")

    /// Every setting, in the order `--help` and the example file list them.
    public static let all: [SettingKey] = [
        .host, .port, .webRoot, .dataDirectory, .store, .postgresURL, .postgresPoolSize, .logLevel, .maxMessageBytes, .maxRequestBodyBytes,
        .sendQueueMessages, .sendQueueBytes, .maxSingleMessageBytes, .pingIntervalSeconds, .messageTimeoutSeconds, .idleTimeoutSeconds, .allowedOrigins,
        .permessageDeflate, .eventLoop, .tlsCertificate, .tlsPrivateKey, .relay, .maxOperationsPerMessage, .messagesPerSecond,
        .maxDocumentOperations, .memberOperationsPerMinute, .memberSharePercent, .reservePercent, .presenceIntervalMilliseconds, .roomIdleSeconds, .snapshotEveryOperations,
        .snapshotEverySeconds, .handGraceSeconds, .engineWorkers, .authentication, .invitationSecret, .publicURL, .adminToken,
    ]
}

extension String {
    fileprivate func replacingUnderscores(with replacement: Character) -> String {
        String(map { $0 == "_" ? replacement : $0 })
    }
}
