// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets for Tavolo's decoders and parsers, kept out of the main package so they never
// touch its build: one executable per target, built only by scripts/fuzz.sh with
// `-sanitize=fuzzer,address` (libFuzzer + AddressSanitizer) into .build-fuzz.
//
// The main package exports only TavoloCRDT as a library, so the modules under test are compiled
// here from its own sources through the symlink `Tavolo -> ../Sources` (SwiftPM refuses a target
// path outside the package, not one inside it that resolves elsewhere). Their dependencies mirror
// the main Package.swift; scripts/fuzz.sh builds with `-enable-testing` so targets can reach
// internal parsers with `@testable import`.
let package = Package(
    name: "TavoloFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", "4.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // The modules under test, from the main package's sources.
        .target(name: "TavoloCRDT", path: "Tavolo/TavoloCRDT"),
        .target(name: "TavoloTransport", path: "Tavolo/TavoloTransport"),
        .target(name: "TavoloStorage", path: "Tavolo/TavoloStorage"),
        .target(name: "TavoloDomain", path: "Tavolo/TavoloDomain"),
        .target(name: "TavoloExport", dependencies: ["TavoloDomain"], path: "Tavolo/TavoloExport"),
        .target(
            name: "TavoloSync",
            dependencies: [
                "TavoloCRDT", "TavoloStorage", "TavoloTransport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tavolo/TavoloSync"
        ),
        .target(
            name: "TavoloServer",
            dependencies: [
                "TavoloCRDT", "TavoloDomain", "TavoloExport", "TavoloStorage", "TavoloSync", "TavoloTransport",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tavolo/TavoloServer"
        ),

        // libFuzzer's driver, called from Swift (see FuzzSupport).
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"]),

        // One executable per fuzz target; its seed corpus is Tests/Fuzz/<name>/.
        .executableTarget(name: "operations", dependencies: ["FuzzSupport", "TavoloCRDT"]),
        .executableTarget(name: "version", dependencies: ["FuzzSupport", "TavoloCRDT"]),
        .executableTarget(name: "snapshot", dependencies: ["FuzzSupport", "TavoloCRDT"]),
        .executableTarget(name: "message", dependencies: ["FuzzSupport", "TavoloSync", "TavoloCRDT"]),
        .executableTarget(name: "markdown", dependencies: ["FuzzSupport", "TavoloExport"]),
        .executableTarget(
            name: "http",
            dependencies: ["FuzzSupport", "TavoloServer", "TavoloTransport", "TavoloDomain", "TavoloStorage"]
        ),
    ]
)
