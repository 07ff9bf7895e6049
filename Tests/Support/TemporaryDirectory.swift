// TemporaryDirectory: a fresh directory under /tmp for one test (a HOME, a history file), removed with the value.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A directory under /tmp, removed when the value goes.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init() throws {
        var template = Array("/tmp/intake-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw PseudoTerminal.Failure(description: "mkdtemp failed") }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
