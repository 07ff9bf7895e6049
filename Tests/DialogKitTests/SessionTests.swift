// SessionTests: the state machine: answers, undo, restart, commands, bad input, snapshots, progress.

import DialogKit
import Foundation
import Testing

@Suite("Session")
struct SessionTests {
    /// The example dialog, answered up to `helped` (5 questions).
    func exampleAt(_ lines: [String]) throws -> Session {
        var session = Session(dialog: try Fixtures.example)
        _ = session.start()
        for line in lines { _ = session.receive(line) }
        return session
    }

    func asks(_ events: [Event]) -> [Ask] {
        events.compactMap { if case .ask(let ask) = $0 { ask } else { nil } }
    }

    @Test("start gives the title, the intro, the section and the first question")
    func opening() throws {
        var session = Session(dialog: try Fixtures.example)
        let events = session.start()
        guard case .say(let title) = events.first else { Issue.record("no title"); return }
        #expect(title.text == "Back pain check (example dialog)")
        #expect(asks(events).map(\.id) == ["saddle_numbness"])
        #expect(asks(events).first?.progress == Progress(step: 1, of: 6))
        #expect(session.start().isEmpty, "a second start does nothing")
    }

    @Test("outcomeCode is the outcome's code once reached, and nil before")
    func outcomeCode() throws {
        var session = try exampleAt(["no", "1", "3 weeks", "4", "1, 2"])
        #expect(session.outcomeCode == nil)
        _ = session.receive("skip")
        #expect(session.outcome != nil)
        #expect(session.outcomeCode == session.outcome?.code)
    }

    @Test("outer spaces, capitals, accents and an explicit command read the same on the fast and slow paths")
    func spacedAndAccentedAnswers() throws {
        var session = try exampleAt([])
        #expect(asks(session.receive("   NO   ")).map(\.id) == ["where"])
        #expect(asks(session.receive(" /back ")).map(\.id) == ["saddle_numbness"])
        #expect(asks(session.receive("  nó\u{301} ")).map(\.id) == ["saddle_numbness"], "a combining mark on an accented letter is not a plain no")
        #expect(asks(session.receive("  Nô  ")).map(\.id) == ["where"])
        #expect(asks(session.receive("Lower   back!")).map(\.id) == ["weeks"])
        #expect(session.value(of: "where") == .option(0))
    }

    @Test("back undoes exactly one answer, and the answer before stays")
    func back() throws {
        var session = try exampleAt(["no", "1", "3 weeks"])
        #expect(session.currentQuestionID == "severity")
        let events = session.receive("back")
        #expect(asks(events).map(\.id) == ["weeks"])
        #expect(session.value(of: "weeks") == nil)
        #expect(session.value(of: "where") == .option(0))
        _ = session.receive("20 weeks")
        #expect(session.value(of: "weeks") == .number(20))
        #expect(session.currentQuestionID == "severity")
    }

    @Test("back recomputes values that depended on the undone answer")
    func backRecomputesLets() throws {
        var session = try exampleAt(["no", "1", "20 weeks", "5", "rest"])
        #expect(session.currentQuestionID == "daily_life")
        #expect(session.value(of: "long_lasting") == .bool(true))
        _ = session.receive("back")
        _ = session.receive("back")
        _ = session.receive("back")
        #expect(session.currentQuestionID == "weeks")
        _ = session.receive("2 weeks")
        _ = session.receive("5")
        _ = session.receive("rest")
        #expect(session.value(of: "long_lasting") == .bool(false))
        #expect(session.currentQuestionID == "note", "the long-lasting question is no longer on the way")
    }

    @Test("back on the first question is refused and changes nothing")
    func backAtStart() throws {
        var session = try exampleAt([])
        let events = session.receive("back")
        guard case .retry(let retry)? = events.first else { Issue.record("expected a retry: \(events)"); return }
        #expect(retry.text.contains("nothing to go back to"))
        #expect(session.currentQuestionID == "saddle_numbness")
    }

    @Test("restart clears every answer")
    func restart() throws {
        var session = try exampleAt(["no", "1", "3 weeks"])
        let events = session.receive("restart")
        #expect(asks(events).map(\.id) == ["saddle_numbness"])
        #expect(session.value(of: "where") == nil)
        #expect(session.summary.isEmpty)
    }

    @Test("a word that is both an answer and a command is asked about, never guessed")
    func ambiguity() throws {
        var session = try exampleAt(["no"])
        #expect(session.currentQuestionID == "where")
        let before = session.snapshot
        let events = session.receive("back")
        guard case .retry(let retry)? = events.first else { Issue.record("expected a retry: \(events)"); return }
        #expect(retry.text.contains("both an answer here (Back of the neck) and a command"))
        #expect(retry.text.contains("type 3"))
        #expect(session.snapshot == before)
        _ = session.receive("/back")
        #expect(session.currentQuestionID == "saddle_numbness")
    }

    @Test("help, why and summary answer and ask the same question again")
    func informationCommands() throws {
        var session = try exampleAt(["no", "1"])
        for command in ["help", "why", "summary"] {
            let events = session.receive(command)
            guard case .say = events.first else { Issue.record("\(command): \(events)"); continue }
            #expect(asks(events).map(\.id) == ["weeks"], "\(command)")
        }
        let summary = session.receive("summary")
        guard case .say(let say)? = summary.first else { return }
        #expect(say.text.contains("Where is the pain worst? Lower back"))
    }

    @Test("quit ends the session without an outcome")
    func quit() throws {
        var session = try exampleAt(["no"])
        let events = session.receive("quit")
        #expect(events.last == .end)
        #expect(session.isOver)
        #expect(session.outcome == nil)
        let after = session.receive("yes")
        #expect(after.last == .end, "a finished session only says it is over")
    }

    @Test("bad input gets a clear retry and changes nothing", arguments: [
        ("", "Please answer yes or no."),
        (String(repeating: "x", count: 100_000), "fewer than 1000"),
        ("\u{FFFD}\u{FFFD}", "could not be read"),
        ("\u{1B}[31m\u{07}\u{00}", "Please answer yes or no."),
        ("   \t  ", "Please answer yes or no."),
    ])
    func badInput(line: String, message: String) throws {
        var session = try exampleAt([])
        let before = session.snapshot
        let events = session.receive(line)
        guard case .retry(let retry)? = events.first, case .ask(let ask)? = events.last else {
            Issue.record("expected retry + ask: \(events)")
            return
        }
        #expect(retry.text.contains(message))
        #expect(ask.id == "saddle_numbness")
        #expect(session.snapshot == before)
    }

    @Test("escape sequences and control characters are removed from answers")
    func sanitizing() {
        #expect(Session.sanitized("\u{1B}[1;31mye\u{7}s\u{1B}[0m ") == "yes")
        #expect(Session.sanitized("a\tb") == "a b")
    }

    @Test("a snapshot restores the same question with every answer, including values computed from them")
    func snapshotRoundTrip() throws {
        let original = try exampleAt(["no", "2", "20 weeks", "8", "1, 2"])
        let data = try JSONEncoder().encode(original.snapshot)
        let decoded = try JSONDecoder().decode(SessionSnapshot.self, from: data)
        let (restored, events) = try Session.restore(decoded, dialog: try Fixtures.example)
        #expect(restored.currentQuestionID == original.currentQuestionID)
        #expect(asks(events).map(\.id) == ["daily_life"])
        #expect(restored.summary == original.summary)
        #expect(restored.value(of: "long_lasting") == .bool(true))
    }

    @Test("a snapshot of another dialog is refused")
    func snapshotOfOtherDialog() throws {
        var snapshot = try exampleAt(["no"]).snapshot
        snapshot.contentHash = "0000000000000000"
        #expect(throws: SnapshotError.self) { try Session.restore(snapshot, dialog: try Fixtures.example) }
    }

    @Test("progress counts answered questions and estimates the rest")
    func progress() throws {
        var session = try exampleAt(["no", "1"])
        let events = session.receive("3 weeks")
        let ask = try #require(asks(events).first)
        #expect(ask.progress.step == 4)
        #expect(ask.progress.of >= ask.progress.step)
    }

    @Test("an outcome carries its code, flags, text with values filled in, and the summary")
    func outcome() throws {
        var session = try exampleAt(["no", "3", "3 months", "6", "none", "yes"])
        let events = session.receive("skip")
        guard case .outcome(let outcome)? = events.first(where: { if case .outcome = $0 { true } else { false } }) else {
            Issue.record("no outcome: \(events)")
            return
        }
        #expect(events.last == .end)
        #expect(outcome.id == "see_doctor")
        #expect(outcome.code == "consult")
        #expect(outcome.flags == ["long_lasting", "disabling"])
        #expect(outcome.text.contains("Call Example Clinic on +1 555 0100"))
        #expect(outcome.summary.map(\.id) == ["saddle_numbness", "where", "weeks", "severity", "helped", "daily_life", "note"])
        #expect(outcome.summary.last?.answer == "skipped")
        #expect(outcome.summary[2].answer == "13.04 weeks (3 months)")
        #expect(session.outcome == outcome)
    }

    @Test("the session holds little beyond the shared dialog")
    func sessionIsSmall() throws {
        #expect(MemoryLayout<Session>.size <= 64)
    }
}

