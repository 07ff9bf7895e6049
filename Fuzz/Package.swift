// swift-tools-version: 6.1
// libFuzzer targets, built with -sanitize=fuzzer,address by `make fuzz` (see Fuzz/README.md);
// a separate package so the main build never carries sanitizer flags.
import PackageDescription

let fuzzTarget = { (name: String, products: [Target.Dependency]) in
    Target.executableTarget(name: name, dependencies: products, swiftSettings: [.unsafeFlags(["-parse-as-library"])])
}

let package = Package(
    name: "IntakeFuzz",
    dependencies: [.package(name: "Intake", path: "..")],
    targets: [
        fuzzTarget("FuzzDialogLoader", [.product(name: "DialogKit", package: "Intake")]),
        fuzzTarget("FuzzExpressions", [.product(name: "DialogKit", package: "Intake")]),
        fuzzTarget("FuzzTranscript", [.product(name: "DialogTesting", package: "Intake")]),
        fuzzTarget("FuzzSession", [.product(name: "DialogKit", package: "Intake")]),
        fuzzTarget("FuzzTelnetFraming", [.product(name: "ChatServer", package: "Intake"), "FuzzSupport"]),
        fuzzTarget("FuzzIRC", [.product(name: "ChatServer", package: "Intake"), "FuzzSupport"]),
        // The example dialog and the screen-safety test that the server targets share.
        .target(name: "FuzzSupport", dependencies: [.product(name: "DialogKit", package: "Intake")]),
    ],
    swiftLanguageModes: [.v6]
)
