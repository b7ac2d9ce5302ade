import ArgumentParser
import Foundation
import Logging
import TavoloDomain
import TavoloLWS
import TavoloServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server (HTTP, WebSocket /ws, web client).",
        discussion: """
            Runs on embedded defaults with no configuration at all: 127.0.0.1:8080, data in ./data, \
            web client from ./web. Each setting can also come from the YAML file config/tavolo.yaml \
            (or --config), from an environment variable TAVOLO_<SETTING> (e.g. TAVOLO_PORT, \
            TAVOLO_WEB_ROOT), and from the flags below, in that rising order of precedence. \
            See config/tavolo.example.yaml for every key with its default.
            """
    )

    @Option(help: "YAML configuration file (default: config/tavolo.yaml if it exists).")
    var config: String?

    @Option(help: "Address to listen on (default 127.0.0.1). Env TAVOLO_HOST.")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one and prints it (default 8080). Env TAVOLO_PORT.")
    var port: String?

    @Option(help: "Folder with the web client (default ./web). Env TAVOLO_WEB_ROOT.")
    var webRoot: String?

    @Option(name: [.customLong("data-directory"), .customLong("data-dir")], help: "Folder for tables and their history (default ./data). Env TAVOLO_DATA_DIRECTORY.")
    var dataDirectory: String?

    @Option(help: "Where tables live: sqlite (default, one file in the data folder) or postgres (shared; several nodes). Env TAVOLO_STORE.")
    var store: String?

    @Option(name: .customLong("postgres-url"), help: "With --store postgres: postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…  Env TAVOLO_POSTGRES_URL.")
    var postgresURL: String?

    @Option(help: "Most PostgreSQL connections this node opens (default 10). Env TAVOLO_POSTGRES_POOL_SIZE.")
    var postgresPoolSize: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (default info). Env TAVOLO_LOG_LEVEL.")
    var logLevel: String?

    @Option(help: "Largest WebSocket message in bytes; larger ones close with 1009 (default 1048576).")
    var maxMessageBytes: String?

    @Option(help: "Largest HTTP request body in bytes (default 1048576).")
    var maxRequestBodyBytes: String?

    @Option(name: [.customLong("send-queue-messages"), .customLong("send-queue-limit")], help: "Messages queued for one client before it is closed as too slow, 1008 (default 4096).")
    var sendQueueMessages: String?

    @Option(help: "Bytes queued for one client before it is closed as too slow (default 16777216).")
    var sendQueueBytes: String?

    @Option(help: "One message larger than the send queue (a large table's join) may wait alone up to this size (default 268435456).")
    var maxSingleMessageBytes: String?

    @Option(help: "Seconds of silence before the server pings a client (default 30).")
    var pingIntervalSeconds: String?

    @Option(help: "Seconds one incoming message may take to arrive whole; slower ones close with 1008 (default 10).")
    var messageTimeoutSeconds: String?

    @Option(help: "Seconds of silence before a client is dropped (default 75).")
    var idleTimeoutSeconds: String?

    @Option(name: .customLong("allowed-origin"), help: "Origin allowed to open WebSockets; repeat for several, * for any (default: same origin only).")
    var allowedOrigins: [String] = []

    @Option(help: "Offer permessage-deflate: true or false (default true).")
    var permessageDeflate: String?

    @Option(help: "The service thread's event loop: epoll (libev, default) or poll (libwebsockets' own).")
    var eventLoop: String?

    @Option(help: "PEM certificate; with --tls-private-key turns on TLS (https, wss).")
    var tlsCertificate: String?

    @Option(help: "PEM private key for --tls-certificate.")
    var tlsPrivateKey: String?

    @Option(help: "Who may join: invitations (signed invitation links; default) or open (anyone, nothing enforced: development and tests).")
    var authentication: String?

    @Option(help: "Base of invitation links (default http://127.0.0.1:8080).")
    var publicURL: String?

    @Option(help: "Relay mode for transport tests and benchmarks: /ws echoes and broadcasts per ?channel= instead of serving tables (true/false, default false).")
    var relay: String?

    @Option(help: "Operations one message may carry (default 10000).")
    var maxOperationsPerMessage: String?

    @Option(help: "Messages per second one connection may send, bursts up to twice that (default 100).")
    var messagesPerSecond: String?

    @Option(help: "Operations one table may hold (default 5000000).")
    var maxDocumentOperations: String?

    @Option(help: "Operations one member may add in any minute; facilitators are not limited (default 60000).")
    var memberOperationsPerMinute: String?

    @Option(help: "Percent of maxDocumentOperations one member may hold in all (default 20).")
    var memberSharePercent: String?

    @Option(help: "Percent of maxDocumentOperations kept for facilitators and PA staff (default 10).")
    var reservePercent: String?

    @Option(help: "Presence updates per person are forwarded at most this often, in ms (default 50).")
    var presenceIntervalMilliseconds: String?

    @Option(help: "Seconds after the last person leaves before a table is snapshotted and unloaded (default 60).")
    var roomIdleSeconds: String?

    @Option(help: "Snapshot a table after this many new operations (default 10000).")
    var snapshotEveryOperations: String?

    @Option(help: "Snapshot a table this many seconds after its first unsnapshotted operation (default 300).")
    var snapshotEverySeconds: String?

    @Option(help: "Seconds a raised hand is kept while its owner is disconnected (default 120).")
    var handGraceSeconds: String?

    @Option(help: "Engine loops the live tables are spread over, each table on one (default 1).")
    var engineWorkers: String?

    func run() async throws {
        var settings: ServerSettings
        do {
            settings = try await SettingsLoader.load(
                configFile: config, environment: ProcessInfo.processInfo.environment, flags: flagValues())
        } catch {
            throw ValidationError(error.description)
        }
        bootstrapLogging(level: settings.logLevel)
        let logger = Logger(label: "tavolo.main")
        logger.info("file descriptors", metadata: ["limit": "\(FileDescriptorLimit.raiseToHardLimit())"])

        let stores: Stores
        do {
            stores = try await Stores.open(settings)
        } catch {
            throw ValidationError(error.description)
        }
        logger.info("store", metadata: ["store.kind": "\(settings.store)", "store.at": "\(stores.description)"])
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if settings.engineWorkers > 1, settings.engineWorkers >= cores {
            // Swift runs the loops on one thread per core, beside the libwebsockets service thread.
            logger.notice("more engine workers than cores can run beside the transport; see docs/deployment.md",
                metadata: ["engine.workers": "\(settings.engineWorkers)", "cores": "\(cores)"])
        }
        let (store, domain) = (stores.store, stores.domain)
        // Several nodes share the log: each reads back what the others commit (docs/deployment.md).
        settings.sync.sharedLog = stores.isShared
        let transport = LWSTransport(configuration: settings.transport)
        var built = try await buildApplication(settings: settings, transport: transport, store: store, domain: domain)
        // Several nodes: other nodes' commits and presence come in through PostgreSQL (docs/deployment.md).
        let inputs = built
        let following = stores.followOtherNodes(
            changed: { change in
                guard let table = change.table else { return inputs.logChanged(table: nil, batches: true, events: true) }
                if !change.own {
                    inputs.logChanged(table: table, batches: change.batch != nil, events: change.event != nil)
                } else if let sequence = change.batch {
                    // Own events need no reading: they are in this node's state already.
                    inputs.ownBatchesAnnounced(table: table, sequence: sequence)
                }
            },
            presence: { table, node, message in inputs.presenceFromOtherNode(table: table, node: node, message: message) },
            nodes: { node, present in inputs.otherNode(node, present: present) })
        built.presenceRelay = following?.relay
        let application = built
        let port: Int
        do {
            port = try await transport.start()
        } catch let error as LWSError {
            throw ValidationError(error.description)
        }
        let scheme = settings.transport.tlsCertificate == nil ? "http" : "https"
        // Unbuffered, so scripts started with --port 0 read the port at once.
        let listening = "\(scheme)://\(settings.transport.host):\(port)"
        FileHandle.standardOutput.write(Data("Tavolo listening on \(listening)\n".utf8))
        try await announceAdministration(settings: settings, domain: domain, listening: listening, logger: logger)

        // Stops accepting, closes every connection with 1001, drops queued work and flushes the
        // store, within 2 s even when overloaded (the engine's loop does not drain its backlog).
        let signals = ShutdownSignals {
            logger.info("shutting down")
            application.stop()
            Task { await transport.shutdown() }
        }
        await application.run()
        following?.task.cancel()
        await following?.task.value
        signals.cancel()
        await transport.shutdown()
        await stores.close()
    }

    /// On a deployment with no tables yet, prints (and logs) the administrator's link, so the
    /// first table and invitations can be made from the browser. `tavolo admin-link` prints it again.
    private func announceAdministration(settings: ServerSettings, domain: any DomainStore, listening: String, logger: Logger) async throws {
        guard let key = try AdminKey.resolve(settings: settings), try await domain.tables().isEmpty else { return }
        let link = AdminKey.link(base: AdminLinkCommand.base(settings: settings, listening: listening), key: key)
        FileHandle.standardOutput.write(Data("Amministrazione / administration: \(link)\n".utf8))
        logger.notice("no tables yet: open the administration page to create one", metadata: ["link": "\(link)"])
    }

    private func flagValues() -> [SettingKey: SettingsLoader.FlagValue] {
        var flags: [SettingKey: SettingsLoader.FlagValue] = [:]
        let given: [(SettingKey, String?)] = [
            (.host, host), (.port, port), (.webRoot, webRoot), (.dataDirectory, dataDirectory), (.store, store), (.postgresURL, postgresURL),
            (.postgresPoolSize, postgresPoolSize), (.logLevel, logLevel),
            (.maxMessageBytes, maxMessageBytes), (.maxRequestBodyBytes, maxRequestBodyBytes),
            (.sendQueueMessages, sendQueueMessages), (.sendQueueBytes, sendQueueBytes), (.maxSingleMessageBytes, maxSingleMessageBytes),
            (.pingIntervalSeconds, pingIntervalSeconds), (.messageTimeoutSeconds, messageTimeoutSeconds), (.idleTimeoutSeconds, idleTimeoutSeconds),
            (.permessageDeflate, permessageDeflate), (.eventLoop, eventLoop), (.tlsCertificate, tlsCertificate), (.tlsPrivateKey, tlsPrivateKey),
            (.relay, relay), (.authentication, authentication), (.publicURL, publicURL), (.maxOperationsPerMessage, maxOperationsPerMessage), (.messagesPerSecond, messagesPerSecond),
            (.maxDocumentOperations, maxDocumentOperations), (.memberOperationsPerMinute, memberOperationsPerMinute),
            (.memberSharePercent, memberSharePercent), (.reservePercent, reservePercent), (.presenceIntervalMilliseconds, presenceIntervalMilliseconds),
            (.roomIdleSeconds, roomIdleSeconds), (.snapshotEveryOperations, snapshotEveryOperations),
            (.snapshotEverySeconds, snapshotEverySeconds), (.handGraceSeconds, handGraceSeconds),
            (.engineWorkers, engineWorkers),
        ]
        for (key, value) in given { if let value { flags[key] = .string(value) } }
        if !allowedOrigins.isEmpty { flags[.allowedOrigins] = .list(allowedOrigins) }
        return flags
    }

    private func bootstrapLogging(level: String) {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }
}
