// DoubtTests: "not sure" as an answer of its own: each `unsure:` mode, `is unsure`, back, snapshots, lint.

import Foundation
import Testing

@testable import DialogKit

@Suite("Doubt")
struct DoubtTests {
    static let source = Fixtures.source(flow: """
          - ask: sudden
            kind: yesno
            unsure: keep
            text: Did it reach its worst within a minute?
            help: Think of the worst one.
          - when: sudden is unsure
            flow:
              - ask: sudden_settle
                kind: yesno
                unsure: yes
                text: Can you say what you were doing when it started?
                help: A sudden headache is remembered by the moment it began.
              - if: sudden_settle
                end: emergency
          - if: sudden
            end: emergency
          - ask: fever
            kind: yesno
            unsure: yes
            text: Do you have a fever?
            help: A temperature over 38 C.
          - if: fever
            end: emergency
          - ask: days
            kind: number
            min: 0
            max: 31
            unit: days
            text: How many days?
            help: Your best guess is fine.
          - end: done
        """)

    static func dialog() throws -> Dialog {
        let result = Fixtures.load(source)
        return try #require(result.dialog, "\(result.diagnostics)")
    }

    static func texts(_ events: [Event]) -> [String] {
        events.compactMap { event in
            switch event {
            case .say(let say): say.text
            case .retry(let retry): retry.text
            default: nil
            }
        }
    }

    @Test("unsure: keep keeps 'not sure' with no value, and the flow branches on `is unsure`")
    func keepBranches() throws {
        var session = Session(dialog: try Self.dialog())
        _ = session.start()
        let events = session.receive("I don't know")
        #expect(Self.texts(events).contains("Noted: not sure."))
        #expect(session.currentQuestionID == "sudden_settle")
        #expect(session.value(of: "sudden") == nil)
        #expect(session.isUnsure(slot: 0))
        #expect(session.summary.first?.answer == "not sure")
    }

    @Test("unsure: yes counts doubt as yes, says so, and the summary says it was doubt")
    func countAsYes() throws {
        var session = Session(dialog: try Self.dialog())
        _ = session.start()
        _ = session.receive("no")
        let events = session.receive("maybe, I feel hot")
        #expect(Self.texts(events).contains { $0.contains("taken as yes") && $0.contains("to be safe") })
        #expect(session.outcome?.id == "emergency")
        #expect(session.outcome?.summary.last?.answer == "not sure (taken as yes)")
    }

    @Test("unsure: ask (the default) asks again with the help, and changes nothing")
    func askAgain() throws {
        var session = Session(dialog: try Self.dialog())
        _ = session.start()
        _ = session.receive("no")
        _ = session.receive("no")
        let before = session.snapshot
        let events = session.receive("no idea")
        guard case .retry(let retry)? = events.first else {
            Issue.record("expected a retry, got \(events)")
            return
        }
        #expect(retry.text.contains("Your best guess is fine."))
        #expect(session.snapshot == before)
        // A best guess beside the doubt is an amount.
        _ = session.receive("not sure, maybe 10")
        #expect(session.value(of: "days") == .number(10))
        #expect(session.outcome?.id == "done")
    }

    @Test("back after a doubt, and a snapshot, keep the doubt as it was")
    func backAndSnapshot() throws {
        let dialog = try Self.dialog()
        var session = Session(dialog: dialog)
        _ = session.start()
        _ = session.receive("not sure")
        _ = session.receive("no")
        #expect(session.currentQuestionID == "fever")
        let snapshot = session.snapshot
        #expect(snapshot.answers.first?.unsure == true)
        #expect(snapshot.answers.last?.unsure == nil, "an answer without doubt writes no `unsure`")
        let encoded = try JSONEncoder().encode(snapshot)
        let (restored, _) = try Session.restore(try JSONDecoder().decode(SessionSnapshot.self, from: encoded), dialog: dialog)
        #expect(restored.isUnsure(slot: 0))
        #expect(restored.currentQuestionID == "fever")
        _ = session.receive("back")
        #expect(session.currentQuestionID == "sudden_settle")
        #expect(session.isUnsure(slot: 0))
    }

    @Test("a snapshot written before doubt was an answer still restores")
    func oldSnapshot() throws {
        let dialog = try Self.dialog()
        let old = """
            {"dialogID":"t","dialogVersion":"1","contentHash":"\(dialog.contentHash)","answers":[{"question":"sudden","value":{"bool":{"_0":false}}}],"quit":false}
            """
        let snapshot = try JSONDecoder().decode(SessionSnapshot.self, from: Data(old.utf8))
        let (session, _) = try Session.restore(snapshot, dialog: dialog)
        #expect(session.currentQuestionID == "fever")
        #expect(!session.isUnsure(slot: 0))
    }

    @Test("lint: a yes that ends the dialog needs `unsure`; `unsure: keep` needs a step that reads it")
    func lint() throws {
        let result = Fixtures.load(Fixtures.source(flow: """
              - ask: a
                kind: yesno
                text: A?
                help: h
              - if: a
                end: emergency
              - ask: b
                kind: yesno
                unsure: keep
                text: B?
                help: h
              - end: done
            """))
        let codes = Linter.lint(try #require(result.dialog)).map(\.code)
        #expect(codes.contains("IN109"))
        #expect(codes.contains("IN110"))
        #expect(Linter.lint(try Self.dialog()).filter { $0.code == "IN109" || $0.code == "IN110" }.isEmpty)
    }

    @Test("`unsure: no` is refused: doubt is never a no", arguments: ["no", "false", "perhaps"])
    func unsureNoIsAnError(value: String) {
        let result = Fixtures.load(Fixtures.source(flow: """
              - ask: a
                kind: yesno
                unsure: \(value)
                text: A?
              - end: done
            """))
        #expect(result.dialog == nil)
        #expect(result.diagnostics.contains { $0.code == "IN017" && $0.message.contains("unsure") })
    }

    @Test("terminal escapes cannot hide doubt or forge a no: what is left after cleaning is read", arguments: [
        "\u{1B}]0;no\u{07}not sure",  // an OSC title string holding "no", then doubt
        "\u{1B}[31mno\u{1B}[0m, I am not sure",  // a coloured "no" beside doubt
        "not\u{1B}[2K sure",  // a line-erase inside the doubt
    ])
    func escapesAroundDoubt(line: String) throws {
        var session = Session(dialog: try Self.dialog())
        _ = session.start()
        _ = session.receive("no")
        _ = session.receive(line)
        #expect(session.outcome?.id == "emergency", "\(line.debugDescription) at a counted-as-yes question")
        #expect(session.outcome?.summary.last?.answer == "not sure (taken as yes)")
    }
}
