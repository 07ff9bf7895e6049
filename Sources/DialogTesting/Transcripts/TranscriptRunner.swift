// TranscriptRunner: plays a transcript against a dialog and reports each expectation that failed.

import DialogKit

/// The result of one transcript.
public struct TranscriptResult: Sendable {
    /// An expectation that did not hold.
    public struct Failure: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var expected: String
        /// What the bot actually said or did.
        public var actual: String

        public var description: String {
            let said = actual.split(separator: "\n", omittingEmptySubsequences: false).map { "    | \($0)" }.joined(separator: "\n")
            return "\(file):\(line): expected \(expected)\n  actually:\n\(said)"
        }
    }

    public var transcript: Transcript
    public var failures: [Failure]
    /// The session as it stood after the last line.
    public var session: Session

    public var passed: Bool { failures.isEmpty }
}

/// Runs transcripts against a loaded dialog.
public enum TranscriptRunner {
    /// Output is matched unwrapped, so expectations do not depend on a terminal's width.
    static let renderer = TextRenderer(width: 1_000_000, color: false)

    /// Plays the transcript. Each failure names the transcript line and what the bot said instead.
    /// After the first failure of an `ask` or an input the rest is still checked, so one run shows all it can.
    public static func run(_ transcript: Transcript, dialog: Dialog) -> TranscriptResult {
        run(transcript, dialog: dialog, stoppingAtFirstFailure: false)
    }

    /// Whether the transcript passes; stops at the first failure without describing it (mutation testing).
    public static func passes(_ transcript: Transcript, dialog: Dialog) -> Bool {
        run(transcript, dialog: dialog, stoppingAtFirstFailure: true).passed
    }

    static func run(_ transcript: Transcript, dialog: Dialog, stoppingAtFirstFailure: Bool) -> TranscriptResult {
        var session = Session(dialog: dialog, today: transcript.today)
        var turn = session.start()
        var failures: [TranscriptResult.Failure] = []
        func fail(_ line: Transcript.Line, _ expected: @autoclosure () -> String, _ actual: @autoclosure () -> String) {
            if stoppingAtFirstFailure {
                failures.append(.init(file: transcript.file, line: line.number, expected: "", actual: ""))
            } else {
                failures.append(.init(file: transcript.file, line: line.number, expected: expected(), actual: actual()))
            }
        }
        // The turn is rendered only when a line looks at it: most lines do not, and rendering is
        // most of the cost when mutation testing runs the transcripts hundreds of times.
        var rendered: String?
        func said() -> String {
            if let rendered { return rendered }
            let text = renderer.render(turn)
            rendered = text
            return text
        }
        for line in transcript.lines {
            if stoppingAtFirstFailure && !failures.isEmpty { break }
            switch line.step {
            case .input(let text):
                if session.isOver {
                    fail(line, "the session to be waiting for an answer to type \"\(text)\"", "the session had already ended (\(ending(session)))")
                    return TranscriptResult(transcript: transcript, failures: failures, session: session)
                }
                turn = session.receive(text)
                rendered = nil
            case .asks(let id):
                // `ask where.other` is the follow-up of an "other, please specify" answer at `where`.
                if session.currentQuestionID != id, session.currentAsk?.id != id {
                    let now = session.currentQuestionID.map { "the question asked is `\($0)`" } ?? "no question is asked (\(ending(session)))"
                    fail(line, "the question `\(id)` to be asked", now + "\n" + said())
                }
            case .says(let text):
                if !folded(said()).contains(folded(text)) { fail(line, "the bot to say \"\(text)\"", said()) }
            case .saysExactly(let text):
                let lines = said().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                if !lines.contains(text) { fail(line, "a line exactly \"\(text)\"", said()) }
            case .neverSays(let text):
                if folded(said()).contains(folded(text)) { fail(line, "the bot not to say \"\(text)\"", said()) }
            case .retry:
                if !turn.contains(where: { if case .retry = $0 { true } else { false } }) {
                    fail(line, "the last answer to be refused (a retry)", said())
                }
            case .outcome(let id):
                if session.outcome?.id != id { fail(line, "the outcome `\(id)`", ending(session) + "\n" + said()) }
            case .flags(let flags):
                let actual = session.outcome?.flags ?? []
                let missing = flags.filter { !actual.contains($0) }
                if !missing.isEmpty || session.outcome == nil {
                    fail(line, "the flags \(flags.joined(separator: " ")) (missing: \(missing.joined(separator: " ")))", flagsText(session))
                }
            case .noFlags(let flags):
                let actual = session.outcome?.flags ?? []
                let present = flags.filter { actual.contains($0) }
                if !present.isEmpty || session.outcome == nil {
                    fail(line, "none of the flags \(flags.joined(separator: " ")) (present: \(present.joined(separator: " ")))", flagsText(session))
                }
            case .flagsExactly(let flags):
                if session.outcome == nil || Set(session.outcome?.flags ?? []) != Set(flags) {
                    fail(line, "exactly the flags [\(flags.joined(separator: " "))]", flagsText(session))
                }
            }
        }
        if stoppingAtFirstFailure && !failures.isEmpty { return TranscriptResult(transcript: transcript, failures: failures, session: session) }
        checkEnding(of: transcript, session: session, into: &failures, describing: !stoppingAtFirstFailure)
        return TranscriptResult(transcript: transcript, failures: failures, session: session)
    }

    /// A transcript must end where it says it does: at an outcome, or, marked `# ends without an
    /// outcome`, before one. A transcript that stops early without the mark fails, naming the last
    /// question, so a test cut short is never taken for one of the ending.
    private static func checkEnding(
        of transcript: Transcript, session: Session, into failures: inout [TranscriptResult.Failure], describing: Bool
    ) {
        let lastLine = transcript.lines.last?.number ?? 1
        if let marked = transcript.endsWithoutOutcomeLine {
            guard let outcome = session.outcome else { return }
            failures.append(.init(
                file: transcript.file, line: marked,
                expected: describing ? "the session to end without an outcome, as `\(Transcript.endsWithoutOutcomeMarker)` says" : "",
                actual: describing ? "it ended with the outcome `\(outcome.id)`: remove the comment and check the outcome with `outcome \(outcome.id)`" : ""))
            return
        }
        guard session.outcome == nil else { return }
        guard describing else {
            failures.append(.init(file: transcript.file, line: lastLine, expected: "", actual: ""))
            return
        }
        var actual: String
        if let id = session.currentQuestionID {
            let text = session.currentAsk.map { " (\"\($0.text)\")" } ?? ""
            actual = "the transcript stops while the question `\(id)`\(text) is asked"
        } else {
            actual = "the session \(ending(session))"
        }
        actual += "\nend it with `outcome ID` and its flags, or, if it stops there on purpose, add the line `\(Transcript.endsWithoutOutcomeMarker)`"
        if let near = transcript.nearMarkerLine {
            actual += "\n(line \(near) looks like that comment but is not it: write it exactly)"
        }
        failures.append(.init(file: transcript.file, line: lastLine, expected: "an outcome before the transcript ends", actual: actual))
    }

    private static func ending(_ session: Session) -> String {
        if let outcome = session.outcome { return "ended with the outcome `\(outcome.id)`" }
        if session.isOver { return "ended without an outcome" }
        return "no outcome yet; the question asked is `\(session.currentQuestionID ?? "?")`"
    }

    private static func flagsText(_ session: Session) -> String {
        guard let outcome = session.outcome else { return ending(session) }
        return "outcome `\(outcome.id)` with flags [\(outcome.flags.joined(separator: " "))]"
    }

    /// Lowercased with runs of white space folded to one space.
    static func folded(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
