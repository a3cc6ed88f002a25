// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "flowc",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flowc", targets: ["flowc"]),
        .library(name: "FlowChecker", targets: ["FlowChecker"]),
        // For the nested Benchmarks package (turn throughput, store memory).
        .library(name: "FlowCompiler", targets: ["FlowCompiler"]),
        .library(name: "FlowBytecode", targets: ["FlowBytecode"]),
        .library(name: "FlowVM", targets: ["FlowVM"]),
        .library(name: "FlowStore", targets: ["FlowStore"]),
        .library(name: "FlowRuntime", targets: ["FlowRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "CPhoneNumber",
            linkerSettings: [.linkedLibrary("phonenumber")]
        ),
        .target(name: "FlowValidation", dependencies: ["CPhoneNumber"], swiftSettings: strict),
        .target(name: "CMallocTune"),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "FlowStore", dependencies: ["CSQLite"], swiftSettings: strict),
        .target(
            name: "FlowPostgres",
            dependencies: [
                "FlowStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "FlowBytecode", swiftSettings: strict),
        .target(name: "FlowVM", dependencies: ["FlowBytecode", "FlowValidation"], swiftSettings: strict),
        .target(
            name: "FlowRuntime",
            dependencies: [
                "FlowVM", "FlowStore", "FlowBytecode", "FlowValidation",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FlowProviders",
            dependencies: [
                "FlowBytecode",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FlowServer",
            dependencies: [
                "FlowProviders", "FlowRuntime", "FlowVM", "FlowStore", "FlowPostgres", "FlowBytecode", "FlowCompiler", "FlowChecker", "FlowSyntax",
                "FlowDiagnostics", "CMallocTune",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FlowTesting",
            dependencies: ["FlowSyntax", "FlowChecker", "FlowCompiler", "FlowRuntime", "FlowVM", "FlowBytecode", "FlowValidation"],
            swiftSettings: strict
        ),
        .target(name: "FlowCompiler", dependencies: ["FlowChecker", "FlowSyntax", "FlowBytecode", "FlowValidation"], swiftSettings: strict),
        .target(name: "FlowDiagnostics", swiftSettings: strict),
        .target(name: "FlowSyntax", dependencies: ["CYAML", "FlowDiagnostics"], swiftSettings: strict),
        .target(name: "FlowChecker", dependencies: ["FlowSyntax", "FlowDiagnostics", "FlowValidation", "CSQLite"], swiftSettings: strict),
        .executableTarget(
            name: "flowc",
            dependencies: [
                "FlowChecker",
                "FlowCompiler",
                "FlowBytecode",
                "FlowRuntime",
                "FlowVM",
                "FlowStore",
                "FlowTesting",
                "FlowServer",
                "FlowValidation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "FlowDiagnosticsTests", dependencies: ["FlowDiagnostics"], swiftSettings: strict),
        .testTarget(
            name: "FlowVMTests",
            dependencies: ["FlowVM", "FlowCompiler", "FlowChecker", "FlowBytecode", "FlowRuntime", "FlowTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FlowCompilerTests",
            dependencies: ["FlowCompiler", "FlowChecker", "FlowBytecode"],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(name: "FlowValidationTests", dependencies: ["FlowValidation"], swiftSettings: strict),
        .testTarget(
            name: "FlowStoreTests",
            dependencies: ["FlowStore", "FlowPostgres", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "FlowProvidersTests", dependencies: ["FlowProviders", "FlowBytecode"], swiftSettings: strict),
        .testTarget(name: "FlowSyntaxTests", dependencies: ["FlowSyntax"], swiftSettings: strict),
        .testTarget(
            name: "FlowCheckerTests",
            dependencies: ["FlowChecker"],
            exclude: ["Corpus"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "flowcTests",
            dependencies: ["FlowChecker", "FlowBytecode", "FlowVM", "FlowRuntime", "FlowServer", "FlowProviders",
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
