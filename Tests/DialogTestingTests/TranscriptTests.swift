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

    /// How a careless or hurried author ends a transcript: cut short, the mark misspelt, the mark
    /// where an outcome is reached, the mark in the wrong case; each with whether it passes and what
    /// the failure must name.
    @Test("a transcript that stops before an outcome fails unless it says so", arguments: [
        // Cut short at the second question: fails at its last line, naming the question and its text.
        ("ask saddle_numbness\n> no\nask where\n", false, 3, ["the question `where`", "Where is the pain worst?", Transcript.endsWithoutOutcomeMarker]),
        // Nothing but a comment and one answer: the last line is the answer.
        ("# only the first answer\n> no\n", false, 2, ["the question `where`"]),
        // Marked on purpose, anywhere, with a reason after it, in any case: passes.
        ("# ends without an outcome: only the first question matters\n> no\nask where\n", true, 0, []),
        ("> no\nask where\n#   Ends Without An Outcome\n", true, 0, []),
        // A misspelt mark is not the mark: fails, and the failure points at the line that looks like it.
        ("> no\n# ends without outcome\nask where\n", false, 3, ["line 2 looks like that comment"]),
        // Marked, but the session does reach an outcome: the mark is wrong, at its own line.
        ("# ends without an outcome\n> yes\n", false, 1, ["ended with the outcome `emergency`"]),
        // Quit is no outcome: it needs the mark too.
        ("> no\n> quit\n", false, 2, ["ended without an outcome"]),
        ("> no\n> quit\n# ends without an outcome: the person quits\n", true, 0, []),
        // An outcome reached, no mark: passes (the usual transcript).
        ("> yes\noutcome emergency\n", true, 0, []),
    ])
    func endingWithoutOutcome(text: String, passes: Bool, line: Int, mentions: [String]) throws {
        let result = TranscriptRunner.run(try parse(text), dialog: Self.example)
        #expect(result.passed == passes, "\(result.failures)")
        #expect(TranscriptRunner.passes(try parse(text), dialog: Self.example) == passes, "mutation testing judges it the same way")
        guard !passes else { return }
        let failure = try #require(result.failures.last)
        #expect(failure.line == line, "\(failure)")
        for text in mentions { #expect(failure.description.contains(text), "\(failure)") }
        #expect(failure.description.contains("t.transcript:"), "the failure names the transcript")
    }

    @Test("a transcript in Dialogs/tests/NAME/ tests Dialogs/NAME.yaml")
    func dialogPathConvention() {
        #expect(TranscriptSuite.dialogPath(for: "Dialogs/tests/example/a.transcript", header: nil) == "Dialogs/example.yaml")
        #expect(TranscriptSuite.dialogPath(for: "/x/tests/t/a.transcript", header: "../../other.yaml") == "/x/other.yaml")
    }
}
