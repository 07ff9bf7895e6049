// Fixtures: dialogs the DialogKit tests share, loaded from text or from the repository's Dialogs/.

import DialogKit
import Foundation
import Testing
import TestSupport

enum Fixtures {
    static func dialog(_ path: String) throws -> Dialog {
        try RepositoryDialogs.load(path)
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
