// swift-tools-version: 6.1
// Engine benchmarks, kept out of the main package so its build does not pay for the benchmark harness.
// Run with `make bench` (or `swift package benchmark` here).
import PackageDescription

let package = Package(
    name: "IntakeBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Intake", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DialogKit", package: "Intake"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Not a benchmark: N turns in a plain loop, for perf stat and callgrind (see its first lines).
        .executableTarget(
            name: "TurnLoop",
            dependencies: [.product(name: "DialogKit", package: "Intake")],
            path: "Benchmarks/TurnLoop"
        ),
    ],
    swiftLanguageModes: [.v6]
)
