// Repository: where the package's own files are (Dialogs/, docs/, the built binary), found from this file's place in it.

import Foundation

/// The package's checkout, for tests that read its dialogs and documents or run what it built.
public enum Repository {
    /// The repository root: this file is `Tests/Support/Repository.swift`, so three components up. Tests
    /// run with the build folder as their working directory, so a relative path would not do.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of `relative` (`Dialogs/example.yaml`) in the repository.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// The `intake` binary `swift build` made (`make test` builds before it tests); `INTAKE_BINARY`
    /// names another (a release or sanitizer build).
    public static var intakeBinary: String {
        ProcessInfo.processInfo.environment["INTAKE_BINARY"] ?? path(".build/debug/intake")
    }
}

/// How much longer than usual tests wait for a reply or a process: `make test-sanitize` sets
/// INTAKE_TEST_TIMEOUT_SCALE, since code under AddressSanitizer or ThreadSanitizer runs several times slower.
public let testTimeoutScale = Double(ProcessInfo.processInfo.environment["INTAKE_TEST_TIMEOUT_SCALE"] ?? "") ?? 1
