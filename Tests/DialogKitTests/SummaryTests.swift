// SummaryTests: what an outcome's summary and the opening texts show, for people and for programs.

import DialogKit
import Foundation
import Testing

@Suite("Summary and opening texts")
struct SummaryTests {
    static let source = """
        dialog: s
        title: "{clinic} check"
        intro: Welcome to {clinic}.
        settings:
          clinic: Example Clinic
        flow:
          - ask: days
            kind: number
            unit: days
            text: Days?
          - ask: symptoms
            kind: multi
            text: Which?
            options:
              - {id: nausea, text: Nausea, code: symptom.nausea}
              - {id: light, text: Light bothers me, code: symptom.light}
              - {id: other, text: Something else}
              - {id: none, text: None of these}
          - end: done
        outcomes:
          done: {code: consult, text: Done.}
        """

    @Test("title and intro show settings")
    func openingTexts() throws {
        let dialog = try #require(Fixtures.load(Self.source).dialog)
        #expect(dialog.title == "Example Clinic check")
        #expect(dialog.intro == "Welcome to Example Clinic.")
    }

    @Test("the intro cannot show an answer: none has been given yet")
    func introRefusesAnswers() {
        let result = Fixtures.load(Self.source.replacingOccurrences(of: "Welcome to {clinic}.", with: "You said {days}."))
        #expect(result.diagnostics.contains { $0.code == "IN018" && $0.message.contains("before any question is answered") })
    }

    @Test("one of a unit is singular")
    func singularUnit() throws {
        let session = try Fixtures.session(Self.source, answering: ["1", "none"])
        #expect(session.outcome?.summary.first?.answer == "1 day")
        let two = try Fixtures.session(Self.source, answering: ["2", "none"])
        #expect(two.outcome?.summary.first?.answer == "2 days")
    }

    /// Issue 17: in the question's unit as asked, with the unit it was typed in after it where two decimals
    /// cannot say it exactly; an amount too small to show in the question's unit in the unit typed.
    @Test("a time answer shows in the question's unit, and in the unit it was given in where that is not exact",
          arguments: [("10 days", "1.43 weeks (10 days)"), ("3 months", "13.04 weeks (3 months)"), ("2", "2 weeks"), ("45 minutes", "45 minutes"),
                      ("2 and a half weeks", "2.5 weeks"), ("14 days", "2 weeks")])
    func naturalUnits(typed: String, shown: String) throws {
        let source = Self.source.replacingOccurrences(of: "unit: days", with: "unit: weeks")
        let session = try Fixtures.session(source, answering: [typed, "none"])
        #expect(session.outcome?.summary.first?.answer == shown)
    }

    @Test("coded options of a multi answer are listed one by one for programs, not for people")
    func codedOptions() throws {
        let session = try Fixtures.session(Self.source, answering: ["3", "nausea"])
        let summary = try #require(session.outcome?.summary)
        #expect(summary.map(\.id) == ["days", "symptoms", "symptoms.nausea", "symptoms.light"])
        #expect(summary[2].code == "symptom.nausea")
        #expect(summary[2].answer == "yes")
        #expect(summary[3].answer == "no")
        let text = TextRenderer(width: 200).render([.outcome(try #require(session.outcome))])
        #expect(text.contains("- Which? Nausea"))
        #expect(!text.contains("symptoms.light"))
        #expect(!text.contains("- Light bothers me no"))
    }
}
