// IntakeREPL: the built `intake` binary running `chat` on a pseudo-terminal, for the REPL's end-to-end tests.
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// `intake chat` on a real pseudo-terminal, with a small dialog of its own and a clean
/// environment: HOME is a fresh directory (no ~/.editrc), no LANG (the binary must cope), TERM=xterm.
final class IntakeREPL {
    /// The binary `swift build` made (`make test` builds before it tests). INTAKE_BINARY overrides.
    static var binary: String { Repository.intakeBinary }

    /// A dialog of three questions: a choice with a long question text, a yes/no, a free text.
    static let dialogSource = """
        dialog: repl_test
        version: 1
        title: REPL test
        intro: A short dialog the REPL tests drive.
        flow:
          - ask: where
            code: test.where
            kind: choice
            text: Where does the pain usually start when you wake up in the morning after a night of poor sleep?
            help: Choose the place where it starts, by number or in words.
            options:
              - id: one_side
                text: One side of my head
                also: [left side, right side]
              - id: both_sides
                text: Both sides
              - id: back_of_head
                text: Back of the head
          - ask: tired
            code: test.tired
            kind: yesno
            text: Are you tired during the day?
            help: Answer yes if you feel tired on most days.
          - ask: word
            code: test.word
            kind: text
            text: What word would you use for it?
            help: Any words you like, in any language.
          - end: done
        outcomes:
          done:
            code: consult
            text: Thank you. Please book a consultation and bring this summary.
        """

    static let firstQuestion = "Where does the pain usually start"
    static let secondQuestion = "Are you tired during the day?"
    static let thirdQuestion = "What word would you use for it?"

    let terminal: PseudoTerminal
    let directory: TemporaryDirectory
    let dialogPath: String
    /// The process on the terminal: intake itself, or the shell around it (`wrappedInShell`).
    private(set) var pid: pid_t = 0

    /// Starts `intake chat --dialog <test dialog> <arguments>`. With `wrappedInShell`, a shell
    /// records `stty -a` before and after it and prints "exit=<status>" (see `sttyBefore`); with
    /// `outputToFile`, standard output is a pipe into a file (see `fileOutput`).
    init(
        arguments: [String] = [], columns: Int = 80, environment: [String: String] = [:],
        wrappedInShell: Bool = false, outputToFile: Bool = false
    ) throws {
        let binary = Self.binary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw PseudoTerminal.Failure(description: "\(binary) is missing: run `swift build` (or `make test`, which builds first)")
        }
        terminal = try PseudoTerminal(columns: columns, rows: 30)
        directory = try TemporaryDirectory()
        dialogPath = directory.path + "/repl_test.yaml"
        try Self.dialogSource.write(toFile: dialogPath, atomically: true, encoding: .utf8)
        var variables = [
            "PATH": "/usr/bin:/bin", "TERM": "xterm", "HOME": directory.path,
            // A crash must end at once, not in the runtime's interactive backtracer.
            "SWIFT_BACKTRACE": "enable=no",
        ]
        variables.merge(environment) { $1 }
        let chat = ["chat", "--dialog", dialogPath] + arguments
        if outputToFile {
            // Standard input stays the terminal; standard output goes through a pipe into a file.
            let script = #"out="$0"; "$@" | cat > "$out"; echo "exit=$?""#
            pid = try terminal.spawn("/bin/sh", ["-c", script, directory.path + "/output", binary] + chat, environment: variables)
        } else if wrappedInShell {
            let script = #"stty -a > "$1"; shift; "$@"; echo "exit=$?"; stty -a > "$0.after""#
            pid = try terminal.spawn("/bin/sh", ["-c", script, directory.path + "/stty", directory.path + "/stty.before", binary] + chat, environment: variables)
        } else {
            pid = try terminal.spawn(binary, chat, environment: variables)
        }
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// `stty -a` as the shell saw it before intake ran, and after it ended.
    var sttyBefore: String { (try? String(contentsOfFile: directory.path + "/stty.before", encoding: .utf8)) ?? "" }
    var sttyAfter: String { (try? String(contentsOfFile: directory.path + "/stty.after", encoding: .utf8)) ?? "" }

    /// What intake wrote to its standard output (`outputToFile`).
    var fileOutput: String { (try? String(contentsOfFile: directory.path + "/output", encoding: .utf8)) ?? "" }

    /// The intake process under the shell (`wrappedInShell`).
    func intakeUnderShell() async throws -> pid_t {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            if let child = children.split(separator: " ").first.flatMap({ pid_t($0) }) { return child }
            await terminal.pump(for: 0.02)
        }
        throw PseudoTerminal.Failure(description: "intake did not start under the shell")
    }

    /// Waits for intake to end; its exit status (nil if a signal ended it or it did not end).
    func exitStatus(timeout: Double = 15) async -> Int32? {
        guard let status = await terminal.waitForExit(pid, timeout: timeout) else { return nil }
        await terminal.settle()
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : nil
    }
}
