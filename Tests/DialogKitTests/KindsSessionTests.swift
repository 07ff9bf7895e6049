// KindsSessionTests: date and time questions and "other, please specify" in whole sessions: what is said
// back, asked again, kept, shown, snapshotted and compared (Data/kinds/onset.yaml).

@testable import DialogKit
import Foundation
import Testing
import TestSupport

@Suite("Date, time and other answers in sessions")
struct KindsSessionTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 3)!

    static func dialog() throws -> Dialog {
        let url = Repository.root.appendingPathComponent("Tests/DialogKitTests/Data/kinds/onset.yaml")
        let result = DialogLoader.load(source: try String(contentsOf: url, encoding: .utf8), file: "onset.yaml")
        return try #require(result.dialog, "\(result.diagnostics)")
    }

    static func said(_ events: [Event]) -> String {
        TextRenderer(width: 10_000, color: false).render(events)
    }

    @Test("relative dates count from the date the session is given; the future is refused at max: today")
    func relativeDates() throws {
        var session = Session(dialog: try Self.dialog(), today: Self.today)
        _ = session.start()
        let future = session.receive("tomorrow")
        #expect(future.contains { if case .retry = $0 { true } else { false } })
        #expect(Self.said(future).contains("in the future"))
        let noted = session.receive("3 days ago")
        #expect(Self.said(noted).contains("Noted: 30 November 2026."))
        #expect(session.value(of: "onset") == .number(Double(CalendarDay(year: 2026, month: 11, day: 30)!.dayNumber)))
        #expect(session.currentQuestionID == "bedtime")
    }

    @Test("without a date from outside, a relative date is asked for as a date, and days_ago() has no value")
    func noToday() throws {
        var session = Session(dialog: try Self.dialog())
        _ = session.start()
        #expect(Self.said(session.receive("yesterday")).contains("cannot tell which day"))
        _ = session.receive("24 November 2026")
        _ = session.receive("11 pm")
        _ = session.receive("rest")
        // days_ago() has no value, so the comparison with it is false, as with any missing value.
        #expect(session.value(of: "recent") == .bool(false))
        #expect(session.outcome?.id == "done")
    }

    @Test("an other answer asks what it is, refuses a paste and the option's own name, and is shown with it")
    func otherSpecify() throws {
        var session = Session(dialog: try Self.dialog(), today: Self.today)
        _ = session.start()
        _ = session.receive("yesterday")
        #expect(Self.said(session.receive("at 11")).contains("11:00 or 23:00"))
        _ = session.receive("11pm")
        let followUp = session.receive("3")
        guard case .ask(let ask)? = followUp.last else { Issue.record("no follow-up: \(followUp)"); return }
        #expect(ask.id == "helped.other" && ask.kind == .text && ask.text == "What else helped?")
        #expect(session.currentQuestionID == "helped")
        let paste = session.receive(String(repeating: "long text ", count: 1_024))
        #expect(paste.contains { if case .retry(let retry) = $0 { retry.id == "helped.other" } else { false } })
        #expect(Self.said(session.receive("something else")).contains("Please say in a few words"))
        #expect(Self.said(session.receive("Other")).contains("Please say in a few words"))
        let end = session.receive("a cold flannel 🧊")
        let outcome = try #require(session.outcome, "\(end)")
        #expect(outcome.id == "late_and_recent")
        #expect(outcome.text == "It started on 2 December 2026 and you go to bed at 23:00; Something else: a cold flannel 🧊 helped.")
        #expect(outcome.summary.map(\.answer) == ["2 December 2026", "23:00", "Something else: a cold flannel 🧊"])
        #expect(session.keptAnswers.last?.other == "a cold flannel 🧊")
    }

    @Test("back at the follow-up returns to the choice; choosing another option drops the text")
    func backFromFollowUp() throws {
        var session = Session(dialog: try Self.dialog(), today: Self.today)
        _ = session.start()
        _ = session.receive("2026-11-01")
        _ = session.receive("22:00")
        _ = session.receive("something else")
        #expect(session.currentAsk?.id == "helped.other")
        _ = session.receive("back")
        #expect(session.currentAsk?.id == "helped")
        _ = session.receive("rest")
        #expect(session.outcome?.summary.last?.answer == "Rest")
        #expect(session.keptAnswers.last?.other == nil)
    }

    @Test("a snapshot keeps the session's date and the other text; restoring shows the same")
    func snapshot() throws {
        let dialog = try Self.dialog()
        var session = Session(dialog: dialog, today: Self.today)
        _ = session.start()
        _ = session.receive("last Tuesday")
        _ = session.receive("half past eleven at night")
        _ = session.receive("other")
        _ = session.receive("a walk")
        let data = try JSONEncoder().encode(session.snapshot)
        let decoded = try JSONDecoder().decode(SessionSnapshot.self, from: data)
        #expect(decoded.today == "2026-12-03")
        #expect(decoded.answers.last?.other == "a walk")
        let (restored, _) = try Session.restore(decoded, dialog: dialog)
        #expect(restored.today == Self.today)
        #expect(restored.outcome == session.outcome)
        #expect(restored.outcome?.id == "late_and_recent")
    }

    @Test("a date is compared with a date; a fixed date in an expression decides the way")
    func dateComparisons() throws {
        var session = Session(dialog: try Self.dialog(), today: Self.today)
        _ = session.start()
        _ = session.receive("24/12/2025")
        _ = session.receive("7 am")
        _ = session.receive("1")
        #expect(session.outcome?.id == "long_ago")
    }

    @Test("at a multi question the other option asks its follow-up too, beside other options, and none stays exclusive")
    func otherInMulti() throws {
        let source = Fixtures.source(flow: """
              - ask: tried
                kind: multi
                text: What have you tried?
                options:
                  - {id: rest, text: Rest}
                  - {id: other, text: Something else, other: true}
                  - {id: none, text: Nothing yet}
              - end: done
            """)
        let dialog = try #require(Fixtures.load(source).dialog, "\(Fixtures.load(source).diagnostics)")
        var session = Session(dialog: dialog)
        _ = session.start()
        #expect(session.receive("something else and nothing yet").first.map { if case .retry = $0 { true } else { false } } == true)
        _ = session.receive("rest and something else")
        #expect(session.currentAsk?.id == "tried.other")
        _ = session.receive("ice")
        #expect(session.outcome?.summary.first?.answer == "Rest, Something else: ice")
    }
}
