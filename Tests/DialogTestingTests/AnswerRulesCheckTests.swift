// AnswerRulesCheckTests: `intake check` gives only answers a person's session would keep: no 3.5 for a
// whole-number question, nothing a constraint or a pattern refuses (Data/answer-rules/).

import DialogKit
@testable import DialogTesting
import Foundation
import TestSupport
import Testing

@Suite("Path checker: only accepted answers")
struct AnswerRulesCheckTests {
    static func load(_ name: String) throws -> Dialog {
        try RepositoryDialogs.load("Tests/DialogTestingTests/Data/answer-rules/\(name).yaml")
    }

    /// Every typed line of a counter-example, given to a real session at its question: none may be refused.
    static func expectAccepted(_ example: CounterExample, dialog: Dialog) {
        var session = Session(dialog: dialog)
        _ = session.start()
        for step in example.steps {
            #expect(session.currentQuestionID == step.question)
            let typed = step.typed.hasPrefix("\"") ? String(step.typed.dropFirst().dropLast()) : step.typed
            _ = session.receive(typed)
            #expect(session.currentQuestionID != step.question || session.isOver, "`\(typed)` was refused at \(step.question)")
        }
    }

    @Test("outcomes reached only through refused answers (3.5 nights, 0 hours, a code the pattern refuses) are unreachable")
    func refusedAnswersReachNothing() throws {
        let report = PathChecker.check(try Self.load("reached-only-by-refused-answers"))
        #expect(report.isComplete)
        #expect(report.outcomesReached == ["fine"], "\(report.text)")
        let odd = try #require(report.violations.first { $0.kind == .unreachableOutcome("odd") })
        let little = try #require(report.violations.first { $0.kind == .unreachableOutcome("too_little") })
        // Why, for the author: the first refused answer on a way there.
        #expect(odd.message.hasSuffix("(only answers the questions refuse lead there, such as `nights` = 3.5: the question takes whole numbers only)"), "\(odd.message)")
        #expect(little.message.contains("such as `hours` = 0: it fails the constraint `. >= 2 and . <= 14`"), "\(little.message)")
    }

    @Test("a date after `max: today` and a time outside the window are never answers; counter-examples keep inside them")
    func calendarBounds() throws {
        let report = PathChecker.check(try Self.load("date-and-time-bounds"))
        #expect(report.isComplete)
        #expect(report.outcomesReached == ["recent", "late"], "\(report.text)")
        let planned = try #require(report.violations.first { $0.kind == .unreachableOutcome("planned") })
        #expect(planned.message.contains("such as `since` = 2026-06-02: it is outside the question's `min` and `max`"), "\(planned.message)")
        #expect(report.violations.contains { $0.kind == .unreachableOutcome("noon") })
    }

    @Test("a mutant told apart only by a refused answer is equivalent; one an accepted answer tells apart is not")
    func mutantsJudgedOnAcceptedAnswers() throws {
        let dialog = try Self.load("reached-only-by-refused-answers")
        let mutants = MutantGenerator.mutants(of: dialog)
        // `hours < 2` to `hours < 1`: both hold only for hours the constraint refuses.
        let lower = try #require(mutants.first { $0.change.hasSuffix("`hours < 2` -> `hours < 1`") }, "\(mutants.map(\.change))")
        #expect(MutantExplainer.verdict(for: lower, of: dialog).isEquivalent)
        // `hours < 2` to `hours < 3`: 2 hours is accepted, and now ends at `too_little`.
        let higher = try #require(mutants.first { $0.change.hasSuffix("`hours < 2` -> `hours < 3`") })
        guard case .distinguishable(let example) = MutantExplainer.verdict(for: higher, of: dialog) else {
            Issue.record("expected a transcript that tells it apart")
            return
        }
        #expect(example.transcript.contains("ask hours\n> 2"), "\(example.transcript)")
        Self.expectAccepted(example, dialog: dialog)
    }

    @Test("a question whose constraint refuses every answer after an earlier one is a place with no way out, said as such")
    func everyAnswerRefused() throws {
        let dialog = try Self.load("constraint-refuses-every-answer")
        let report = PathChecker.check(dialog)
        let stuck = try #require(report.violations.first { $0.kind == .noExit }, "\(report.text)")
        #expect(stuck.message.contains("`bad` accepts no answer"), "\(stuck.message)")
        #expect(stuck.counterExample?.transcript.contains("ask total\n> 0\nask bad\n") == true)
        #expect(stuck.replays)
    }

    @Test("a counter-example answers with accepted values only, and replays")
    func counterExamplesUseAcceptedAnswers() throws {
        let dialog = try Self.load("counter-examples-with-accepted-answers")
        let report = PathChecker.check(dialog)
        #expect(report.outcomesReached.count == 4)
        for name in ["never many nights", "never short", "never fine"] {
            let violation = try #require(report.violations.first { $0.kind == .check(name: name) }, "\(report.text)")
            let example = try #require(violation.counterExample)
            #expect(violation.replays, "\(example.transcript)")
            Self.expectAccepted(example, dialog: dialog)
        }
        let short = try #require(report.violations.first { $0.kind == .check(name: "never short") }?.counterExample)
        #expect(short.transcript.contains("ask hours\n> 2\n"), "the fewest accepted hours below 3: \(short.transcript)")
        let many = try #require(report.violations.first { $0.kind == .check(name: "never many nights") }?.counterExample)
        #expect(many.transcript.contains("ask nights\n> 3\n"), "a whole number above 2.5: \(many.transcript)")
        let fine = try #require(report.violations.first { $0.kind == .check(name: "never fine") }?.counterExample)
        let code = try #require(fine.steps.first { $0.question == "code" }).typed
        #expect(code.range(of: #"^"[0-9]{4}"$"#, options: .regularExpression) != nil && code != "\"1234\"", "\(code)")
    }

    @Test("a constraint that reads an earlier answer limits the later one: more bad nights than nights at home is never an answer")
    func constraintOverAnEarlierAnswer() throws {
        let report = PathChecker.check(try Self.load("constraint-reads-an-earlier-answer"))
        #expect(report.isComplete)
        #expect(report.outcomesReached == ["some", "few"], "\(report.text)")
        #expect(report.violations.map(\.kind) == [.unreachableOutcome("many")], "\(report.text)")
    }

    @Test("a pattern that refuses plain words: the checker writes a text it accepts, and never gives one it refuses")
    func patternSamples() throws {
        let report = PathChecker.check(try Self.load("pattern-without-plain-text"))
        #expect(report.outcomesReached == ["known_code", "other_code"], "\(report.text)")
        #expect(report.violations.map(\.kind) == [.unreachableOutcome("never")])
        #expect(report.violations.first?.message.contains("such as `code` = \"lowercase\": it does not match the pattern") == true)
        #expect(report.sampledQuestions.isEmpty)
    }

    @Test("texts written for a pattern match it, and differ from the texts to avoid",
        arguments: [#"[0-9]{4}"#, #"[A-Z]{2}-?[0-9]{3}"#, #"^\d{3} \d{3} \d{4}$"#, #"(yes|no|maybe)"#, #"[^,]+@[a-z]+\.org"#, #"(?:ab)+c*"#])
    func patternSampleWriter(pattern: String) {
        let samples = PatternSamples.samples(pattern, count: 3, avoiding: ["yes", "0000"])
        #expect(!samples.isEmpty)
        for sample in samples {
            #expect(AnswerRules.matches(sample, pattern: pattern), "\(sample)")
            #expect(sample != "yes" && sample != "0000")
        }
    }

    @Test("a pattern the writer cannot read gives no sample, never a wrong one", arguments: [#"(?<name>a)\k<name>"#, #"\p{L}+"#, "[", "a{2,1}"])
    func unreadablePatterns(pattern: String) {
        #expect(PatternSamples.samples(pattern, count: 3, avoiding: []).allSatisfy { AnswerRules.matches($0, pattern: pattern) })
    }
}
