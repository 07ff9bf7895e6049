// InterpreterTests: the one interpreter of the compiled program: where it stops, its budget, the flags
// it gives an outcome, and what its observer is told along the way; and `why`, which reads the observer.

import DialogKit
import Testing

@Suite("Program interpreter")
struct InterpreterTests {
    /// Values by slot, as a tool that simulates sessions keeps them.
    struct Values: ProgramState {
        var slots: [Value?]

        init(_ dialog: Dialog) {
            slots = Array(repeating: nil, count: dialog.slotNames.count)
        }

        func value(ofSlot slot: Int) -> Value? { slots[slot] }
        mutating func setComputed(_ slot: Int, to value: Value?) { slots[slot] = value }
    }

    /// Writes down, in order, what a run tells its observer.
    struct Recorder: ProgramObserver {
        let dialog: Dialog
        var log: [String] = []
        var executed: [Int] = []
        /// Say instructions to let pass before asking the run to stop.
        var saysAllowed = Int.max

        mutating func executing(_ index: Int, state: Values) { executed.append(index) }

        mutating func showed(_ index: Int, state: Values) -> Bool {
            log.append("show")
            saysAllowed -= 1
            return saysAllowed > 0
        }

        mutating func reached(question: Int, at index: Int, state: Values) { log.append("ask \(dialog.questions[question].id)") }

        mutating func computed(_ slot: Int, at index: Int, state: Values) {
            log.append("let \(dialog.slotNames[slot]) = \(state.slots[slot] == .bool(true) ? "true" : "false")")
        }

        mutating func branched(_ index: Int, holds: Bool, state: Values) {
            let source: String = switch dialog.program[index] {
            case .jumpUnless(let condition, _), .jumpIf(let condition, _), .endIf(let condition, _): condition.source
            default: "?"
            }
            log.append("\(source): \(holds)")
        }

        mutating func ended(outcome: Int, at index: Int, state: Values) { log.append("end \(dialog.outcomes[outcome].id)") }
    }

    static let source = Fixtures.source(flow: """
          - ask: days
            kind: number
            min: 0
            max: 31
            text: On how many days a month?
          - let: often
            be: days >= 15
          - when: often
            flow:
              - ask: pain
                kind: yesno
                text: Is the pain bad?
            else:
              - ask: mild
                kind: yesno
                text: Is it mild?
          - if: days > 25
            goto: far
          - if: pain
            end: emergency
          - end: done
          - label: far
          - say: Nearly every day.
          - end: emergency
        """, extra: """
        flags:
          frequent: often
          daily: days > 25
        """)

    func dialog() throws -> Dialog {
        let result = Fixtures.load(Self.source)
        return try #require(result.dialog, "\(result.diagnostics)")
    }

    /// Runs from the start, answering each question reached from `answers`, until the flow stops.
    func run(_ dialog: Dialog, answers: [String: Value], recorder: inout Recorder) -> (ProgramStop, Values) {
        var values = Values(dialog)
        var stop = ProgramInterpreter.run(dialog, from: 0, state: &values, observer: &recorder)
        while case .ask(let position, let question) = stop, let answer = answers[dialog.questions[question].id] {
            values.slots[question] = answer
            stop = ProgramInterpreter.run(dialog, from: position + 1, state: &values, observer: &recorder)
        }
        return (stop, values)
    }

    @Test("the observer is told the way: questions reached, lets computed, branches decided, the outcome")
    func observerSeesThePath() throws {
        let dialog = try dialog()
        var recorder = Recorder(dialog: dialog)
        let (stop, values) = run(dialog, answers: ["days": .number(20), "pain": .bool(true)], recorder: &recorder)
        #expect(recorder.log == ["ask days", "let often = true", "often: true", "ask pain", "days > 25: false", "pain: true", "end emergency"])
        guard case .outcome(_, let outcome) = stop else { Issue.record("\(stop)"); return }
        #expect(dialog.outcomes[outcome].id == "emergency")
        #expect(ProgramInterpreter.flags(dialog, outcome: outcome, state: values) == ["frequent"])

        var other = Recorder(dialog: dialog)
        let (otherStop, _) = run(dialog, answers: ["days": .number(3), "mild": .bool(false)], recorder: &other)
        #expect(other.log == ["ask days", "let often = false", "often: false", "ask mild", "days > 25: false", "pain: false", "end done"])
        #expect(otherStop.position == dialog.program.firstIndex(of: .end(outcome: 0)))
        // Every instruction run was announced before it ran, in order, the `ask`s included.
        #expect(other.executed.first == 0)
        #expect(other.executed == other.executed.sorted())
    }

    @Test("a goto is a branch taken; a say reaches the observer, which may stop the run there")
    func gotoAndSay() throws {
        let dialog = try dialog()
        var recorder = Recorder(dialog: dialog)
        let (stop, values) = run(dialog, answers: ["days": .number(28), "pain": .bool(false)], recorder: &recorder)
        #expect(recorder.log.suffix(3) == ["days > 25: true", "show", "end emergency"])
        guard case .outcome(_, let outcome) = stop else { Issue.record("\(stop)"); return }
        // The dialog-wide flags, in the order written; each one once.
        #expect(ProgramInterpreter.flags(dialog, outcome: outcome, state: values) == ["frequent", "daily"])

        var stopping = Recorder(dialog: dialog, saysAllowed: 1)
        let (stopped, _) = run(dialog, answers: ["days": .number(28), "pain": .bool(false)], recorder: &stopping)
        guard case .loop = stopped else { Issue.record("the observer's stop is a loop stop: \(stopped)"); return }
        #expect(stopping.log.last == "show")
    }

    @Test("one budget for the runs of a turn: a loop without a question stops when it is spent")
    func budget() throws {
        let source = "dialog: loop\ntitle: L\nflow:\n  - label: again\n  - goto: again\n  - end: done\noutcomes:\n  done: {code: consult, text: Done.}\n"
        let dialog = try #require(DialogLoader.load(source: source, file: "loop.yaml").dialog)
        var values = Values(dialog)
        var recorder = Recorder(dialog: dialog)
        var budget = 10
        let stop = ProgramInterpreter.run(dialog, from: 0, state: &values, observer: &recorder, budget: &budget)
        guard case .loop = stop else { Issue.record("\(stop)"); return }
        #expect(budget == 0)
        #expect(recorder.executed.count == 10)
        // Run on its own, with the whole budget, it stops the same way.
        guard case .loop = ProgramInterpreter.run(dialog, from: 0, state: &values) else { Issue.record("no loop stop"); return }
    }

    @Test("why lists the branches the answers took, with the values they read, and follows back")
    func why() throws {
        var session = try Fixtures.session(Self.source, answering: ["20"])
        #expect(session.currentQuestionID == "pain")
        #expect(explanation(session.receive("why")) == "You are asked this because of these answers:\n- you answered 20 to \"On how many days a month?\": often (days >= 15) holds")
        _ = session.receive("back")
        _ = session.receive("3")
        // The `else` is a way the answers chose too (it once said no earlier answer changed the way here).
        #expect(session.currentQuestionID == "mild")
        #expect(explanation(session.receive("why")) == "You are asked this because of these answers:\n- you answered 3 to \"On how many days a month?\": often (days >= 15) does not hold")
    }

    /// Issue 17: `why` said "snoring (snoring: yes)", in the dialog's ids, and at a question reached only
    /// because an exit did not fire, "no earlier answer changed the way here".
    @Test("why names the questions by their text, the answers as given, and the exits that did not fire")
    func whyInWords() throws {
        let source = Fixtures.source(flow: """
              - ask: breathless
                kind: yesno
                text: |
                  Do you stop breathing
                  in your sleep?
              - if: breathless
                end: emergency
              - ask: snoring
                kind: yesno
                text: Do you snore?
              - when: snoring
                flow:
                  - ask: loud
                    kind: yesno
                    text: Is it loud?
              - ask: nights
                kind: number
                text: How many nights a week do you sleep badly?
              - if: nights > 3 and not loud
                goto: many
              - ask: rested
                kind: yesno
                text: Do you wake rested?
              - end: done
              - label: many
              - ask: tired
                kind: yesno
                text: Are you tired in the day?
              - end: done
            """)
        let exit = "because you answered no to \"Do you stop breathing in your sleep?\", the questionnaire did not end at \"emergency\""
        var session = try Fixtures.session(source, answering: ["no"])
        #expect(session.currentQuestionID == "snoring")
        #expect(explanation(session.receive("why")) == "You are asked this because of these answers:\n- \(exit)")
        _ = session.receive("yes")
        #expect(explanation(session.receive("why")) == "You are asked this because of these answers:\n- \(exit)\n- you answered yes to \"Do you snore?\"")
        // Past the `when`: snoring no longer decides the way, and only what still does is named.
        _ = session.receive("yes")
        #expect(session.currentQuestionID == "nights")
        #expect(explanation(session.receive("why")) == "You are asked this because of these answers:\n- \(exit)")
        _ = session.receive("5")
        #expect(session.currentQuestionID == "rested")
        let why = try #require(explanation(session.receive("why")))
        #expect(why.hasSuffix("- you answered 5 to \"How many nights a week do you sleep badly?\" and yes to \"Is it loud?\": nights > 3 and not loud does not hold"), "\(why)")
        #expect(!why.contains("(snoring:") && !why.contains("breathless"), "\(why)")
    }

    private func explanation(_ events: [Event]) -> String? {
        guard case .say(let say)? = events.first, say.style == .explanation else { return nil }
        return say.text
    }
}
