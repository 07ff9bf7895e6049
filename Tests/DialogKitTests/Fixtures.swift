// Fixtures: dialogs the DialogKit tests share, loaded from text or from the repository's Dialogs/.

import DialogKit
import Foundation
import Testing

enum Fixtures {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func dialog(_ path: String) throws -> Dialog {
        let url = repositoryRoot.appendingPathComponent(path)
        let result = DialogLoader.load(bytes: [UInt8](try Data(contentsOf: url)), file: path)
        return try #require(result.dialog, "\(result.diagnostics)")
    }

    static var example: Dialog {
        get throws { try dialog("Dialogs/example.yaml") }
    }

    /// A small valid dialog, with `flow` steps appended to a common head.
    static func source(flow: String, extra: String = "") -> String {
        """
        dialog: t
        version: 1
        title: Test
        flow:
        \(flow)
        outcomes:
          done:
            code: consult
            text: Done.
          emergency:
            code: emergency
            text: Go now.
        \(extra)
        """
    }

    static func load(_ source: String) -> DialogLoader.Result {
        DialogLoader.load(source: source, file: "test.yaml")
    }

    /// A session of `source` after `start()` and the given lines.
    static func session(_ source: String, answering lines: [String] = []) throws -> Session {
        let dialog = try #require(load(source).dialog, "\(load(source).diagnostics)")
        var session = Session(dialog: dialog)
        _ = session.start()
        for line in lines { _ = session.receive(line) }
        return session
    }
}
