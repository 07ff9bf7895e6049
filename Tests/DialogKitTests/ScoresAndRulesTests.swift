// ScoresAndRulesTests: option values and named scores, answer rules (integer, constraint, pattern),
// scale labels, outcome levels, units shown as asked and short labels, against hurried answers.

import DialogKit
import Foundation
import Testing

@Suite("Scores, answer rules, levels, units and labels")
struct ScoresAndRulesTests {
    /// A small sleep self-check: two scored questions (one multi), a whole-number count with a
    /// constraint, a scale with end labels, a reference code with a pattern, hours in their unit.
    static let source = """
        dialog: sleep
        title: Sleep check
        flow:
          - ask: falling_asleep
            kind: choice
            label: Falling asleep
            text: Over the last two weeks, how hard has it been to fall asleep?
            help: Pick the one nearest.
            options:
              - {id: none, text: Not at all, value: 0}
              - {id: mild, text: A little, value: 1}
              - {id: severe, text: Very, value: 3}
          - ask: troubles
            kind: multi
            text: Which of these happen to you?
            help: Any that apply.
            options:
              - {id: waking, text: Waking in the night, value: 1}
              - {id: early, text: Waking too early, value: 2}
              - {id: snoring, text: Loud snoring, value: 0}
          - ask: nights
            kind: number
            integer: true
            min: 0
            max: 14
            constraint: ". <= 7 or answered(falling_asleep)"
            constraint_message: Please count nights in one week, 0 to 7.
            text: On how many nights last week did you sleep badly?
            help: A whole number of nights.
          - ask: hours
            kind: number
            unit: hours
            label: Sleep
            constraint: . <= 24
            constraint_message: A night has at most 24 hours.
            text: How many hours do you usually sleep a night, counting from when you fall asleep to when you wake?
            help: Hours, such as 6 or 7.5.
          - ask: rested
            kind: scale
            labels:
              min: not rested at all
              max: fully rested
            text: How rested do you feel in the morning?
            help: 0 to 10.
          - ask: ref
            kind: text
            optional: true
            pattern: "[A-Z]{2}[0-9]{4}"
            pattern_message: A reference is two capital letters and four digits, such as AB1234.
            text: Your clinic reference, if you have one?
            help: Two letters and four digits.
          - if: value(falling_asleep) + value(troubles) >= 4
            end: see_gp
          - end: self_care
        scores:
          insomnia: value(falling_asleep) + value(troubles)
          short_sleep: if(hours < 6, 1, 0)
          unanswered_reference: if(answered(ref), 0, 1)
        outcomes:
          see_gp:
            code: consult
            level: consult
            text: Please book an appointment.
          self_care:
            code: self_care
            text: Your sleep sounds manageable.
        """

    static func session(_ lines: [String]) throws -> (Session, [Event]) {
        let result = Fixtures.load(source)
        let dialog = try #require(result.dialog, "\(result.diagnostics)")
        var session = Session(dialog: dialog)
        var events = session.start()
        for line in lines { events = session.receive(line) }
        return (session, events)
    }

    static func retryText(_ events: [Event]) -> String? {
        for case .retry(let retry) in events { return retry.text }
        return nil
    }

    // MARK: - Scores

    @Test("scores sum the chosen options' values (a multi question's over every option chosen) and are kept in the outcome")
    func scoresInOutcome() throws {
        let (session, _) = try Self.session(["3", "1, 2", "4", "5 and a half hours", "6", "skip"])
        let outcome = try #require(session.outcome)
        #expect(outcome.id == "see_gp", "3 + (1 + 2) = 6 reaches the score's exit")
        #expect(outcome.scores == [
            Score(name: "insomnia", value: 6), Score(name: "short_sleep", value: 1), Score(name: "unanswered_reference", value: 1),
        ])
        let line = JSONLines.line(for: .outcome(outcome))
        #expect(line.hasSuffix(#""reference":null,"level":"consult","scores":{"insomnia":6,"short_sleep":1,"unanswered_reference":1}}"#), "\(line)")
    }

    @Test("an outcome without `level:` takes the level its code names; a dialog without scores adds no `scores` field")
    func levelFromCodeAndNoScores() throws {
        let (session, _) = try Self.session(["1", "snoring", "2", "8", "7", "AB1234"])
        let outcome = try #require(session.outcome)
        #expect(outcome.id == "self_care")
        #expect(outcome.level == .self_care)
        #expect(outcome.scores.first == Score(name: "insomnia", value: 0))
        let plain = try Fixtures.session(Fixtures.source(flow: "  - end: done"))
        let line = JSONLines.line(for: .outcome(try #require(plain.outcome)))
        #expect(!line.contains("scores"), "\(line)")
    }

    @Test("`if()` takes its third value when the condition reads a missing answer; `value()` of no answer has none")
    func missingValues() throws {
        let source = Fixtures.source(flow: """
              - ask: a
                kind: choice
                optional: true
                text: A?
                options:
                  - {id: x, text: X, value: 2}
                  - {id: y, text: Y, value: -1.5}
              - let: shown
                be: if(value(a) > 0, value(a), 0)
              - end: done
            """, extra: "scores:\n  raw: value(a)\n  shown: shown\n  total: sum(value(a), 1)")
        let skipped = try #require(try Fixtures.session(source, answering: ["skip"]).outcome)
        #expect(skipped.scores == [Score(name: "shown", value: 0), Score(name: "total", value: 1)], "no `raw`: it has no value")
        let negative = try #require(try Fixtures.session(source, answering: ["2"]).outcome)
        #expect(negative.scores == [Score(name: "raw", value: -1.5), Score(name: "shown", value: 0), Score(name: "total", value: -0.5)])
    }

    // MARK: - Rules

    @Test("a whole-number question asks again for 4.5 and a range whose midpoint is not whole, keeping nothing",
          arguments: ["4.5", "four and a half", "4 or 5", "4,5"])
    func integerRefusesFractions(typed: String) throws {
        let (session, events) = try Self.session(["1", "none", typed])
        #expect(Self.retryText(events) == "That is not a whole number. Please give a whole number from 0 to 14.", "\(events)")
        #expect(session.currentAsk?.id == "nights")
        #expect(session.keptAnswerCount == 2)
        #expect(TextRenderer.hint(for: try #require(session.currentAsk)).hasPrefix("A whole number from 0 to 14."))
    }

    @Test("a scale takes whole numbers only: 7.5 and 'seven and a half' are asked again; '10/10' is 10",
          arguments: [("7.5", nil), ("seven and a half", nil), ("10/10", 10.0), ("about a 7", 7.0), ("0 out of 10", 0.0)] as [(String, Double?)])
    func scaleIsWhole(typed: String, expected: Double?) throws {
        let (session, events) = try Self.session(["1", "none", "3", "7", typed])
        if let expected {
            #expect(session.currentAsk?.id == "ref", "\(events)")
            #expect(session.summary.first { $0.id == "rested" }?.answer == NumberFormatting.plain(expected))
        } else {
            #expect(Self.retryText(events)?.hasPrefix("That is not a whole number.") == true, "\(events)")
            #expect(session.currentAsk?.id == "rested")
            #expect(session.keptAnswerCount == 4)
        }
    }

    @Test("an answer failing the constraint gets the constraint's message and the question again, and nothing is kept")
    func constraintMessage() throws {
        let (session, events) = try Self.session(["1", "none", "3", "30 hours"])
        #expect(Self.retryText(events) == "A night has at most 24 hours.")
        #expect(session.currentAsk?.id == "hours")
        #expect(session.keptAnswerCount == 3)
        let (after, _) = try Self.session(["1", "none", "3", "30 hours", "2 days", "24"])
        #expect(after.currentAsk?.id == "rested", "'2 days' is 48 hours, refused too; 24 is taken")
        #expect(after.keptAnswerCount == 4)
    }

    @Test("a constraint reads the answers before it: 9 nights is refused only when the first question was skipped")
    func constraintReadsEarlierAnswers() throws {
        let source = Fixtures.source(flow: """
              - ask: slept
                kind: number
                min: 0
                max: 24
                text: Hours slept?
              - ask: awake
                kind: number
                min: 0
                max: 24
                constraint: . + slept <= 24
                constraint_message: Asleep and awake cannot add up to more than a day.
                text: Hours awake in bed?
              - end: done
            """)
        let refused = try Fixtures.session(source, answering: ["20", "5"])
        #expect(refused.currentAsk?.id == "awake")
        let taken = try Fixtures.session(source, answering: ["20", "4"])
        #expect(taken.outcome?.id == "done")
    }

    @Test("a text answer must match the whole pattern, or hears the pattern's message",
          arguments: [("AB1234", true), ("ab1234", false), ("AB12345", false), ("my ref is AB1234", false), ("АВ1234", false), ("skip", true)])
    func pattern(typed: String, accepted: Bool) throws {
        let (session, events) = try Self.session(["1", "none", "3", "7", "5", typed])
        if accepted {
            #expect(session.outcome != nil, "\(events)")
        } else {
            #expect(Self.retryText(events) == "A reference is two capital letters and four digits, such as AB1234.", "\(typed): \(events)")
            #expect(session.currentAsk?.id == "ref")
        }
    }

    @Test("a scale's labels are in the ask event, its JSON and the hint under the question")
    func scaleLabels() throws {
        let (session, _) = try Self.session(["1", "none", "3", "7"])
        let ask = try #require(session.currentAsk)
        #expect(ask.scaleLabels == ScaleLabels(low: "not rested at all", high: "fully rested"))
        #expect(JSONLines.line(for: .ask(ask)).hasSuffix(#","labels":{"min":"not rested at all","max":"fully rested"}}"#))
        #expect(TextRenderer.hint(for: ask).hasPrefix("0 = not rested at all ... 10 = fully rested. A number from 0 to 10."))
    }

    // MARK: - Units and labels

    @Test("an amount is shown in the question's own unit: 5 and a half hours is 5.5 hours, not 330 minutes",
          arguments: [("5 and a half hours", "5.5 hours"), ("330 minutes", "5.5 hours"), ("45 minutes", "0.75 hours"), ("7", "7 hours"),
                      ("1 hour", "1 hour"), ("20 minutes", "0.33 hours (20 minutes)")])
    func unitsAsAsked(typed: String, shown: String) throws {
        let (session, _) = try Self.session(["1", "none", "3", typed])
        let item = try #require(session.summary.first { $0.id == "hours" })
        #expect(item.answer == shown)
    }

    @Test("a label names the question in the summary and the JSON summary; the text stays the question's")
    func labels() throws {
        let (session, _) = try Self.session(["1", "none", "3", "5 and a half hours", "6", "skip"])
        let outcome = try #require(session.outcome)
        let item = try #require(outcome.summary.first { $0.id == "hours" })
        #expect(item.label == "Sleep")
        #expect(item.question.hasPrefix("How many hours do you usually sleep"))
        #expect(item.shownQuestion == "Sleep:")
        let line = JSONLines.line(for: .outcome(outcome))
        #expect(line.contains(#""answer":"5.5 hours","label":"Sleep"}"#), "\(line)")
        #expect(!line.contains("330"))
        let text = TextRenderer().render([.outcome(outcome)])
        #expect(text.contains("- Sleep: 5.5 hours"), "\(text)")
    }

    // MARK: - Levels

    @Test("an emergency by level, whatever its code: no red-flag warning after its exit, danger colour in text")
    func levelDrivesLint() throws {
        func source(level: String) -> String {
            """
            dialog: t
            title: T
            flow:
              - ask: harm
                kind: yesno
                unsure: yes
                text: Are you thinking of harming yourself?
                help: Yes or no.
              - if: harm
                end: crisis_line
              - ask: chest
                kind: yesno
                red_flag: true
                unsure: yes
                text: Chest pain?
                help: Yes or no.
              - if: chest
                end: crisis_line
              - end: home
            outcomes:
              crisis_line:
                code: crisis
            \(level)
                text: Call the crisis line.
              home:
                code: self_care
                level: self_care
                text: Rest.
            """
        }
        let stated = try #require(Fixtures.load(source(level: "    level: emergency")).dialog)
        #expect(Linter.lint(stated).isEmpty, "\(Linter.lint(stated))")
        #expect(stated.outcome(withID: "crisis_line")?.level == .emergency)
        let unstated = try #require(Fixtures.load(source(level: "")).dialog)
        #expect(Linter.lint(unstated).map(\.problem) == [.redFlagAfterExit, .outcomeLevelUnstated])
    }

    @Test("`level == emergency` in checks reads the levels; an unknown level there is an error")
    func levelInChecks() throws {
        let source = Fixtures.source(flow: """
              - ask: a
                kind: yesno
                text: A?
              - if: a
                end: emergency
              - end: done
            """, extra: "checks:\n  - if: a\n    then: level == emergency\n  - if: not a\n    then: level != emergency")
        let dialog = try #require(Fixtures.load(source).dialog, "\(Fixtures.load(source).diagnostics)")
        let check = try #require(dialog.checks.first)
        #expect(check.requirement.expression == .member(.outcome, [.constant(.option(1))], negated: false))
        let wrong = Fixtures.load(source.replacingOccurrences(of: "then: level == emergency", with: "then: level == emergancy"))
        #expect(wrong.diagnostics.map(\.problem) == [.unknownOutcomeLevel])
    }
}
