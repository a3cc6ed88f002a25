// swift-tools-version:6.0
// The floor for `flowc serve`'s webhook benchmark (issue 4): a Hummingbird 2 server that reads
// a POST /webhook body and answers 200, nothing else. The same binary doubles as the fake
// WhatsApp Cloud Graph API the daemon's outbox sends to (POST /{version}/{phone_id}/messages).
import PackageDescription

let package = Package(
    name: "BareEndpoint",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "BareEndpoint",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")]
        ),
    ]
)
