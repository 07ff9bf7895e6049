// AuthorCommandTests: `intake lint` and `intake test` as a dialog author runs them, through the built binary.

import Foundation
import Testing

@Suite("intake lint and intake test (built binary)")
struct AuthorCommandTests {
    @Test("lint passes the shipped dialogs and exits 0")
    func lintClean() async throws {
        let result = try await IntakeBinary.run(["lint", "Dialogs/example.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Dialogs/example.yaml: 0 errors, 0 warnings"))
    }

    @Test("lint exits 1 on an error, 0 on warnings only, printing both", arguments: [
        ("dialog: x\ntitle: X\nflow:\n  - end: nowhere\noutcomes:\n  done: {code: consult, text: ok}\n", Int32(1), "error[IN011]"),
        ("dialog: x\ntitle: X\nflow:\n  - ask: a\n    kind: yesno\n    text: A?\n  - end: done\noutcomes:\n  done: {code: consult, text: ok}\n", Int32(0), "warning[IN105]"),
    ])
    func lintExitCodes(source: String, status: Int32, finding: String) async throws {
        let path = try IntakeBinary.temporaryFile(source)
        let result = try await IntakeBinary.run(["lint", path])
        #expect(result.status == status)
        #expect(result.stdout.contains(finding), "\(result.stdout)")
    }

    /// Issue 16: the caret was under `bogus`, but the message blamed `later`, a `let` further down.
    @Test("lint of an unknown option beside a later `let` names the option, with the caret under it")
    func lintNamesTheRealError() async throws {
        let path = "Tests/DialogKitTests/Data/malformed/issue-16-unknown-option-before-later-let.yaml"
        let result = try await IntakeBinary.run(["lint", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(path):13:18: error[IN008]: `pain` has no option `bogus`\n"), "\(result.stdout)")
        #expect(result.stdout.contains("13 |   - if: pain has bogus and later > 3\n   | " + String(repeating: " ", count: 17) + "^\n"))
        #expect(!result.stdout.contains("used before"))
        #expect(result.stdout.contains("1 error, 0 warnings"))
    }

    @Test("lint refuses a binary file and an empty file with a diagnostic, never a crash")
    func lintOddFiles() async throws {
        let binary = try IntakeBinary.temporaryFile(Data([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2]), name: "a.yaml")
        let empty = try IntakeBinary.temporaryFile("", name: "empty.yaml")
        let missing = "/nonexistent/dialog.yaml"
        let result = try await IntakeBinary.run(["lint", binary, empty, missing])
        #expect(result.status == 1)
        #expect(result.stdout.contains("error[IN001]: this is not a text file"))
        #expect(result.stdout.contains("error[IN003]: the file is empty"))
        #expect(result.stdout.contains("error[IN001]: the file does not exist"))
    }

    /// Issue 17: `intake lint Dialogs/` said `Dialogs/:0:0: error[IN001]: the file cannot be read`.
    @Test("lint, check and graph take folders: a folder is its *.yaml dialogs, sorted")
    func foldersAreTaken() async throws {
        let lint = try await IntakeBinary.run(["lint", "Dialogs/"])
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        #expect(lint.stdout.contains("Dialogs/example.yaml: 0 errors, 0 warnings\nDialogs/migraine.yaml: 0 errors, 0 warnings"), "\(lint.stdout)")
        #expect(!lint.stdout.contains("IN001"))

        // A folder with one dialog (and a subfolder and a transcript, which are no dialogs) runs as that dialog.
        let one = URL(fileURLWithPath: try IntakeBinary.temporaryFile("dialog: x\ntitle: X\nflow:\n  - end: done\noutcomes:\n  done: {code: consult, text: ok}\n", name: "only.yml"))
            .deletingLastPathComponent()
        try FileManager.default.createDirectory(at: one.appendingPathComponent("tests.yaml"), withIntermediateDirectories: true)
        try Data("> yes\n".utf8).write(to: one.appendingPathComponent("a.transcript"))
        let graph = try await IntakeBinary.run(["graph", one.path])
        #expect(graph.status == 0, "\(graph.stderr)")
        #expect(graph.stdout.hasPrefix("digraph"))
        let check = try await IntakeBinary.run(["check", "--max-seconds", "5", one.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

        // A folder with two dialogs, where one is needed, is refused with their names.
        let two = try await IntakeBinary.run(["graph", "Dialogs"])
        #expect(two.status == 1)
        #expect(two.stderr.contains("the folder Dialogs holds 2 dialogs (example.yaml, migraine.yaml); this command takes one"), "\(two.stderr)")

        // An empty folder is said plainly, and fails: checking nothing must not pass.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("intake-e2e-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for command in [["lint"], ["check"], ["graph"], ["chat", "--dialog"]] {
            let result = try await IntakeBinary.run(command + [empty.path])
            #expect(result.status == 1, "\(command)")
            #expect(result.stderr.contains("the folder \(empty.path) holds no dialog file (*.yaml or *.yml)"), "\(command): \(result.stderr)")
        }
    }

    @Test("test runs every transcript under Dialogs/ and passes")
    func transcriptsPass() async throws {
        let result = try await IntakeBinary.run(["test", "Dialogs/"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains(" passed, 0 failed"))
    }

    @Test("a failing transcript exits 1 and says where, what was expected and what the bot said")
    func failingTranscript() async throws {
        let dialog = IntakeBinary.repositoryRoot.appendingPathComponent("Dialogs/example.yaml").path
        let transcript = try IntakeBinary.temporaryFile("dialog: \(dialog)\n> no\nask where\n> 1\nask severity\n", name: "wrong.transcript")
        let result = try await IntakeBinary.run(["test", transcript])
        #expect(result.status == 1)
        #expect(result.stdout.contains("wrong.transcript:5: expected the question `severity` to be asked"))
        #expect(result.stdout.contains("the question asked is `weeks`"))
        #expect(result.stdout.contains("0 passed, 1 failed"))
    }

    @Test("a transcript line that is not understood is reported with its line")
    func badTranscript() async throws {
        let transcript = try IntakeBinary.temporaryFile("dialog: x.yaml\n> no\nasks where\n", name: "bad.transcript")
        let result = try await IntakeBinary.run(["test", transcript])
        #expect(result.status == 1)
        #expect(result.stdout.contains("bad.transcript:3: error: `asks` is not a transcript step; did you mean `ask`?"))
    }
}
