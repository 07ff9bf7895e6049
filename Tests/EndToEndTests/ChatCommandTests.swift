// ChatCommandTests: `intake chat` piped and with --json, its exit codes, and bad input, through the built binary.

import Foundation
import Testing

@Suite("intake chat (built binary)")
struct ChatCommandTests {
    static let example = ["chat", "--dialog", "Dialogs/example.yaml"]
    static let toSelfCare = "no\n1\n10 days\n4\nrest\nskip\n"

    @Test("a piped session reaches an outcome and exits 0, with the same bytes every run")
    func pipedSession() async throws {
        let first = try await IntakeBinary.run(Self.example, stdin: Self.toSelfCare.data)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Your answers suggest this pain may settle with time."))
        #expect(first.stdout.contains("> 10 days"), "the typed lines are echoed")
        #expect(!first.stdout.contains("\u{1B}["), "no colour when piped")
        let second = try await IntakeBinary.run(Self.example, stdin: Self.toSelfCare.data)
        #expect(second.stdoutBytes == first.stdoutBytes)
    }

    @Test("input that ends before an outcome exits 3 with a line saying so")
    func inputEndsEarly() async throws {
        let result = try await IntakeBinary.run(Self.example, stdin: "no\n1\n".data)
        #expect(result.status == 3)
        #expect(result.stdout.hasSuffix("Input ended before the questionnaire was finished; nothing was concluded.\n"))
    }

    @Test("quit exits 3 without an outcome")
    func quit() async throws {
        let result = try await IntakeBinary.run(Self.example, stdin: "no\nquit\nyes\n".data)
        #expect(result.status == 3)
        #expect(result.stdout.contains("You stopped the questionnaire"))
        #expect(!result.stdout.contains("> yes"), "nothing is read after the session ended")
    }

    @Test("a dialog that does not load exits 1 with its diagnostics on stderr")
    func brokenDialog() async throws {
        let path = try IntakeBinary.temporaryFile("dialog: x\ntitle: X\nflow:\n  - ask: a\n    kind: yesnoo\n    text: A?\n  - end: done\noutcomes:\n  done: {code: consult, text: ok}\n")
        let result = try await IntakeBinary.run(["chat", "--dialog", path], stdin: "yes\n".data)
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(path):5:11: error[IN013]: unknown question kind `yesnoo`"))
        #expect(result.stderr.contains("did you mean `yesno`?"))
        #expect(result.stdout.isEmpty)
    }

    @Test("--json writes the JSON lines contract: one object per line, ending with end")
    func json() async throws {
        let result = try await IntakeBinary.run(Self.example + ["--json"], stdin: Self.toSelfCare.data)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["type"] != nil, "\(line)")
        }
        #expect(lines.last == #"{"type":"end"}"#)
        let outcome = try #require(lines.first { $0.hasPrefix(#"{"type":"outcome""#) })
        #expect(outcome.contains(#""id":"self_care","code":"self_care","flags":["helped_by_rest"]"#))
        #expect(outcome.hasSuffix(#""reference":null,"level":"self_care"}"#), "the added field: the outcome's level")
    }

    @Test("invalid UTF-8, a 1 MB line and control characters get a retry; the session goes on")
    func badInput() async throws {
        var input = Data("no\n".utf8)
        input.append(contentsOf: [0xC3, 0x28, 0xFF, 0x0A])
        input.append(Data(String(repeating: "a", count: 1 << 20).utf8))
        input.append(Data("\n\u{1B}[2J\u{0}\u{7}\n1\n10 days\n4\nrest\nskip\n".utf8))
        let result = try await IntakeBinary.run(Self.example, stdin: input)
        #expect(result.status == 0, "\(result.stdout.suffix(500))")
        #expect(result.stdout.contains("could not be read"))
        #expect(result.stdout.contains("please answer in fewer than 1000"))
        #expect(result.stdout.contains("Your answers suggest this pain may settle with time."))
        #expect(!result.stdout.contains("\u{1B}[2J"), "escape sequences never reach the output")
    }

    @Test("--width wraps every line", arguments: [40, 60])
    func width(columns: Int) async throws {
        let result = try await IntakeBinary.run(Self.example + ["--width", "\(columns)"], stdin: Self.toSelfCare.data)
        for line in result.stdout.split(separator: "\n") where !line.hasPrefix("> ") {
            #expect(line.count <= columns, "\(line)")
        }
    }

    @Test("--version and --help answer")
    func versionAndHelp() async throws {
        let version = try await IntakeBinary.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try await IntakeBinary.run(["chat", "--help"])
        #expect(help.stdout.contains("--json"))
    }
}
