// swift-tools-version: 6.1
// Intake: a scripted-questionnaire bot. Module layout and dependency arrows follow docs/architecture.md.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Intake",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "intake", targets: ["intake"]),
        .library(name: "DialogKit", targets: ["DialogKit"]),
        .library(name: "DialogTesting", targets: ["DialogTesting"]),
        // For the fuzz targets of the telnet filter, line framing and IRC (Fuzz/), which build separately.
        .library(name: "ChatServer", targets: ["ChatServer"]),
    ],
    // PostgreSQL as the assessment store (`--db postgres://...`): off by default, since postgres-nio and what it
    // brings (swift-crypto, swift-nio-ssl) cost minutes of a first build; `make build-postgres` and `make test` turn
    // it on (`--traits PostgreSQL`).
    traits: [
        .trait(name: "PostgreSQL", description: "Keep assessments in PostgreSQL too (vapor/postgres-nio)."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        // YAML with source positions (Node.Mark) for diagnostics.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // TLS on the server's port (ChatServerTLS) and for `intake load --tls`.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        // SQLite with migrations, WAL and a connection pool: kept assessments (AssessmentStore).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // PostgreSQL's wire protocol on SwiftNIO, with SCRAM and TLS: the store on a shared database (trait PostgreSQL).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Latency percentiles for `intake load` (an HDR histogram keeps p99.9 exact to 3 digits in little memory).
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
        // `intake serve --metrics`: the Prometheus registry and its text format (swift-prometheus, on swift-metrics).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "DialogKit",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        .target(name: "DialogTesting", dependencies: ["DialogKit"], swiftSettings: strictSettings),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .target(name: "LineEditing", dependencies: ["CEditLine"], swiftSettings: strictSettings),
        .target(
            name: "ChatServer",
            dependencies: [
                "DialogKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // TLS on the server's port: its own target, so that the fuzz build of ChatServer has no BoringSSL to build.
        .target(
            name: "ChatServerTLS",
            dependencies: [
                "ChatServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "AssessmentStore",
            dependencies: [
                "DialogKit", .product(name: "GRDB", package: "GRDB.swift"),
                // It brings NIO, NIOSSL and Logger with it (re-exported), for the PostgreSQL backend only.
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            ],
            swiftSettings: strictSettings
        ),
        // `intake chat`'s application: the REPL at a terminal (ChatREPL, ChatScreen) and the session chat runs,
        // bare or kept in the store; the executable is left with the commands.
        .target(
            name: "ChatREPL",
            dependencies: ["DialogKit", "DialogTesting", "LineEditing", "AssessmentStore"],
            swiftSettings: strictSettings
        ),
        // The load generator of `intake load`: a SwiftNIO client, kept apart from the server it measures.
        .target(
            name: "LoadClient",
            dependencies: [
                "DialogKit", "DialogTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // What intake serve tells its operator (docs/operations.md): metrics, failures logged once a minute, the
        // health check, and the HTTP port that serves them (HTTP/, one endpoint a file).
        .target(
            name: "Operations",
            dependencies: [
                "ChatServer", "AssessmentStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "intake",
            dependencies: [
                "DialogKit", "DialogTesting", "LineEditing", "ChatServer", "ChatServerTLS", "AssessmentStore", "LoadClient",
                "ChatREPL", "Operations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // What several test targets need (the repository root, the built binary, the timeout scale, the repository's
        // dialogs): a plain target, since test targets cannot depend on each other; no product, so nothing ships it.
        .target(name: "TestSupport", dependencies: ["DialogKit"], path: "Tests/Support", swiftSettings: strictSettings),
        // Yams too, so that the compiler's reader can be tested on YAML nodes alone (CompilerPassTests).
        .testTarget(
            name: "DialogKitTests", dependencies: ["DialogKit", "TestSupport", .product(name: "Yams", package: "Yams")],
            exclude: ["Golden", "Data"], swiftSettings: strictSettings),
        .testTarget(
            name: "DialogTestingTests", dependencies: ["DialogTesting", "TestSupport"], exclude: ["Data"], swiftSettings: strictSettings),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "ChatServerTests",
            dependencies: [
                "ChatServer", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TLSTests",
            dependencies: [
                "ChatServerTLS", "ChatServer", "LoadClient", "DialogKit", "DialogTesting", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LoadClientTests",
            dependencies: ["LoadClient", "ChatServer", "DialogKit", "DialogTesting", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AssessmentStoreTests",
            dependencies: [
                "AssessmentStore", "DialogKit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ChatREPLTests",
            dependencies: ["ChatREPL", "AssessmentStore", "DialogKit", "DialogTesting"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "OperationsTests",
            dependencies: [
                "Operations", "ChatServer", "AssessmentStore", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Data"],
            swiftSettings: strictSettings
        ),
        // The command line's own readers (times with units), tested on the executable's code.
        .testTarget(name: "IntakeCommandTests", dependencies: ["intake", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["DialogKit", "AssessmentStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
