// swift-tools-version:6.1
// Benchmarks for flowc, kept out of the main package so that ordinary builds and CI never
// resolve package-benchmark. See README.md here.
import PackageDescription

let package = Package(
    name: "flowc-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "flowc", path: ".."),
        // The default trait set wants swift-runtime-interposer, which the package mirror lacks.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "RawYAML", dependencies: ["CLibYAML"]),
        .target(name: "BotGenerator"),
        // Turns per second and store memory (issue 3): the 5-step bot and the shop bot through
        // flowc's compiler, ConversationHost, and both conversation stores.
        .target(
            name: "TurnWorkload",
            dependencies: [
                .product(name: "FlowCompiler", package: "flowc"),
                .product(name: "FlowBytecode", package: "flowc"),
                .product(name: "FlowVM", package: "flowc"),
                .product(name: "FlowStore", package: "flowc"),
                .product(name: "FlowRuntime", package: "flowc"),
            ]
        ),
        .executableTarget(
            name: "FlowcBenchmarks",
            dependencies: [
                "BotGenerator",
                "RawYAML",
                "TurnWorkload",
                .product(name: "FlowChecker", package: "flowc"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/FlowcBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The same measurements without package-benchmark (median of N runs, MB/s, ratio),
        // plus `flowc-bench generate DIR` to write the bot for hyperfine or callgrind.
        // `flowc-bench turns ...` runs the turn and memory measurements.
        .executableTarget(name: "flowc-bench", dependencies: ["BotGenerator", "RawYAML", "TurnWorkload", .product(name: "FlowChecker", package: "flowc")]),
    ],
    swiftLanguageModes: [.v6]
)
