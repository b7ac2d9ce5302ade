// swift-tools-version: 6.2
import PackageDescription

// Dependencies point one way:
//   TavoloCRDT (stdlib only)             <-  TavoloServer  <-  tavolo (executable)
//   TavoloTransport (protocol + in-memory) <-  TavoloLWS (only importer of CLibWebSockets)
//   TavoloStorage (protocol + in-memory)   <-  TavoloSQLite (GRDB), TavoloPostgres (PostgresNIO)
//   TavoloServer sees only the two protocols; the executable wires the implementations.
let package = Package(
    name: "Tavolo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tavolo", targets: ["tavolo"]),
        .executable(name: "tavolo-bench", targets: ["TavoloBench"]),
        .library(name: "TavoloCRDT", targets: ["TavoloCRDT"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", "4.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The CRDT: pure Swift, knows nothing of sockets, storage or the domain.
        .target(name: "TavoloCRDT"),

        // libwebsockets as a system library; imported only by TavoloLWS.
        .systemLibrary(
            name: "CLibWebSockets",
            pkgConfig: "libwebsockets",
            // The service runs on lws's libev plugin (epoll) over a loop Tavolo owns.
            providers: [.apt(["libwebsockets-dev", "libwebsockets-evlib-ev", "libev-dev"])]
        ),
        // Reads of WebSocket sockets that end after each ping, so libwebsockets answers them all
        // (it defines `recv` for the process; see its header). Imported only by TavoloLWS.
        .target(name: "CWebSocketReads"),
        // The transport interface and an in-memory implementation for tests.
        .target(name: "TavoloTransport"),
        // zlib and brotli as system libraries; imported only by TavoloCompression, which compresses
        // the web client once at start (static files go out gzip- or brotli-encoded).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlienc", providers: [.apt(["libbrotli-dev"])]),
        .target(name: "TavoloCompression", dependencies: ["CZlib", "CBrotli"]),
        // The libwebsockets implementation of the transport.
        .target(
            name: "TavoloLWS",
            dependencies: [
                "CLibWebSockets",
                "CWebSocketReads",
                "TavoloCompression",
                "TavoloTransport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The live core: rooms, operations, presence, durable acknowledgements, snapshots, and the
        // hooks the application plugs in. Knows nothing of the co-design domain.
        .target(
            name: "TavoloSync",
            dependencies: [
                "TavoloCRDT", "TavoloStorage", "TavoloTransport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The co-design domain: roles, tables, invitations, audit; values and rules, no I/O.
        .target(name: "TavoloDomain"),
        // Archival exports (Markdown, HTML, ODT, PDF/A through LibreOffice, CSV) from plain values;
        // knows nothing of the server, storage or transport.
        .target(name: "TavoloExport", dependencies: ["TavoloDomain"]),
        // The storage interface (op log, snapshots) and an in-memory implementation for tests.
        .target(name: "TavoloStorage"),
        // The embedded SQLite implementation of the store.
        .target(
            name: "TavoloSQLite",
            dependencies: [
                "TavoloStorage",
                "TavoloDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The shared PostgreSQL implementation of the same stores, for several nodes; imported
        // only by the executable (and the tests), the only importer of PostgresNIO.
        .target(
            name: "TavoloPostgres",
            dependencies: [
                "TavoloStorage",
                "TavoloDomain",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The application: settings, HTTP endpoints, the live-table engine.
        .target(
            name: "TavoloServer",
            dependencies: [
                "TavoloCRDT",
                "TavoloDomain",
                "TavoloExport",
                "TavoloStorage",
                "TavoloSync",
                "TavoloTransport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                // File paths of the settings loader (swift-configuration's FilePath).
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .executableTarget(
            name: "tavolo",
            dependencies: [
                "TavoloServer",
                "TavoloLWS",
                "TavoloSQLite",
                "TavoloPostgres",
                "TavoloDomain",
                "TavoloExport",
                "TavoloStorage",
                "TavoloSync",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                // migrate-store's content hashes.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Benchmarks live beside the code, never in the test suite.
        .executableTarget(
            name: "TavoloBench",
            dependencies: [
                "TavoloCRDT",
                // The history benchmark runs the history API in process on a SQLite store.
                "TavoloServer", "TavoloSQLite", "TavoloStorage", "TavoloDomain", "TavoloSync", "TavoloTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/TavoloBench"
        ),
        .testTarget(name: "TavoloCRDTTests", dependencies: ["TavoloCRDT"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TavoloTransportTests", dependencies: ["TavoloTransport"]),
        .testTarget(name: "TavoloCompressionTests", dependencies: ["TavoloCompression"]),
        .testTarget(
            name: "TavoloSyncTests",
            dependencies: ["TavoloSync", "TavoloCRDT", "TavoloStorage", "TavoloTransport"]
        ),
        .testTarget(name: "TavoloDomainTests", dependencies: ["TavoloDomain"]),
        .testTarget(name: "TavoloExportTests", dependencies: ["TavoloExport", "TavoloDomain"]),
        .testTarget(
            name: "TavoloServerTests",
            dependencies: [
                "TavoloServer", "TavoloSync", "TavoloTransport", "TavoloStorage", "TavoloCRDT", "TavoloDomain", "TavoloExport",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "TavoloSQLiteTests",
            dependencies: ["TavoloSQLite", "TavoloStorage", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // One contract suite, every store: in memory, SQLite and PostgreSQL (the last needs
        // TAVOLO_TEST_POSTGRES_URL, which scripts/test.sh sets after starting a server).
        .testTarget(
            name: "TavoloStoreContractTests",
            dependencies: [
                "TavoloSQLite", "TavoloPostgres", "TavoloStorage", "TavoloDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
    ]
)
