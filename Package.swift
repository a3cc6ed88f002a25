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
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "FlowStore", dependencies: ["CSQLite"], swiftSettings: strict),
        .target(name: "FlowBytecode", swiftSettings: strict),
        .target(name: "FlowVM", dependencies: ["FlowBytecode", "FlowValidation"], swiftSettings: strict),
        .target(
            name: "FlowRuntime",
            dependencies: [
                "FlowVM", "FlowStore", "FlowBytecode",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FlowTesting",
            dependencies: ["FlowSyntax", "FlowChecker", "FlowCompiler", "FlowRuntime", "FlowVM", "FlowBytecode"],
            swiftSettings: strict
        ),
        .target(name: "FlowCompiler", dependencies: ["FlowChecker", "FlowSyntax", "FlowBytecode"], swiftSettings: strict),
        .target(name: "FlowDiagnostics", swiftSettings: strict),
        .target(name: "FlowSyntax", dependencies: ["CYAML", "FlowDiagnostics"], swiftSettings: strict),
        .target(name: "FlowChecker", dependencies: ["FlowSyntax", "FlowDiagnostics"], swiftSettings: strict),
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
        .testTarget(name: "FlowStoreTests", dependencies: ["FlowStore"], swiftSettings: strict),
        .testTarget(name: "FlowSyntaxTests", dependencies: ["FlowSyntax"], swiftSettings: strict),
        .testTarget(
            name: "FlowCheckerTests",
            dependencies: ["FlowChecker"],
            exclude: ["Corpus"],
            swiftSettings: strict
        ),
        .testTarget(name: "flowcTests", dependencies: ["FlowChecker", "FlowBytecode"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
