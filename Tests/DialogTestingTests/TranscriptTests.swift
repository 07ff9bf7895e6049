// TranscriptTests: the transcript format and the runner's verdicts on a real dialog.

import DialogKit
import DialogTesting
import Foundation
import Testing
import TestSupport

@Suite("Transcripts")
struct TranscriptTests {
    static let example = RepositoryDialogs.named("example")

    func parse(_ text: String) throws -> Transcript {
        try Transcript.parse(text, file: "t.transcript").get()
    }

    @Test("every step kind parses, with its line number")
    func parsesEveryStep() throws {
        let transcript = try parse("""
            # comment
            dialog: ../example.yaml
            ask saddle_numbness
            >  two spaces kept after the first
            says Safety first
            says exactly == Safety first ==
            never says dose
            retry
            outcome emergency
            flags redflag.a redflag.b
            no flags migraine
            flags exactly
            >
            """)
        #expect(transcript.dialogPath == "../example.yaml")
        #expect(transcript.lines.map(\.step) == [
            .asks("saddle_numbness"), .input(" two spaces kept after the first"), .says("Safety first"),
            .saysExactly("== Safety first =="), .neverSays("dose"), .retry, .outcome("emergency"),
            .flags(["redflag.a", "redflag.b"]), .noFlags(["migraine"]), .flagsExactly([]), .input(""),
        ])
        #expect(transcript.lines.first?.number == 3)
    }

    @Test("a line that is not a step is an error at its line, with a suggestion", arguments: [
        ("> yes\nsay hello\n", 2, "did you mean `says`?"),
        ("ask\n", 1, "`ask` needs a question id"),
        ("> yes\ndialog: x.yaml\n", 2, "must come before the first step"),
        ("retry now\n", 1, "takes nothing after it"),
    ])
    func parseErrors(text: String, line: Int, message: String) {
        guard case .failure(let error) = Transcript.parse(text, file: "t.transcript") else {
            Issue.record("\(text) must not parse")
            return
        }
        #expect(error.line == line)
        #expect(error.description.contains(message), "\(error)")
    }

    @Test("a passing transcript has no failures")
    func passing() throws {
        let transcript = try parse("ask saddle_numbness\n> yes\nsays emergency department\noutcome emergency\nflags exactly\n")
        let result = TranscriptRunner.run(transcript, dialog: Self.example)
        #expect(result.passed, "\(result.failures)")
    }

    @Test("each kind of expectation fails when the bot does otherwise", arguments: [
        ("ask where\n", 1, "the question `where` to be asked"),
        ("> no\nsays thunderclap\n", 2, "the bot to say \"thunderclap\""),
        ("> no\nnever says Lower back\n", 2, "the bot not to say \"Lower back\""),
        ("> no\nretry\n", 2, "the last answer to be refused"),
        ("> yes\noutcome self_care\n", 2, "the outcome `self_care`"),
        ("> yes\nflags severe\n", 2, "the flags severe"),
        ("> yes\n> no\n", 2, "the session had already ended"),
    ])
    func failures(text: String, line: Int, expected: String) throws {
        let result = TranscriptRunner.run(try parse(text), dialog: Self.example)
        let failure = try #require(result.failures.first)
        #expect(failure.line == line)
        #expect(failure.description.contains(expected), "\(failure)")
    }

    @Test("a transcript in Dialogs/tests/NAME/ tests Dialogs/NAME.yaml")
    func dialogPathConvention() {
        #expect(TranscriptSuite.dialogPath(for: "Dialogs/tests/example/a.transcript", header: nil) == "Dialogs/example.yaml")
        #expect(TranscriptSuite.dialogPath(for: "/x/tests/t/a.transcript", header: "../../other.yaml") == "/x/other.yaml")
    }
}
