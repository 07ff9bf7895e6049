// AnswerMatchingTests: answers typed the way people type them, for every question kind.

@testable import DialogKit
import Testing

@Suite("Answer matching")
struct AnswerMatchingTests {
    static let dialog: Dialog = {
        let source = Fixtures.source(flow: """
              - ask: yn
                kind: yesno
                text: Yes or no?
              - ask: where
                kind: choice
                text: Where?
                options:
                  - {id: one_side, text: One side of my head, also: [left, right, left side, right side]}
                  - {id: around_one_eye, text: Around one eye, also: [behind the eye]}
                  - {id: both_sides, text: Both sides}
                  - {id: back_of_head, text: Back of the head}
                  - {id: whole_head, text: All over}
              - ask: meds
                kind: multi
                text: Which?
                options:
                  - {id: triptan, text: Triptans, also: [sumatriptan, imitrex, rizatriptan, maxalt]}
                  - {id: nsaid, text: Anti-inflammatories, also: [ibuprofen, advil, naproxen, aleve, aspirin]}
                  - {id: paracetamol, text: Paracetamol, also: [acetaminophen, tylenol]}
                  - {id: none, text: None of these}
              - ask: hours
                kind: number
                min: 0
                max: 720
                unit: hours
                text: How long?
              - ask: days
                kind: number
                min: 0
                max: 31
                unit: days
                per: month
                text: How many days a month?
              - ask: age
                kind: number
                min: 0
                max: 120
                unit: years
                text: Age?
              - ask: pain
                kind: scale
                text: Pain?
              - ask: note
                kind: text
                optional: true
                text: Anything else?
              - end: done
            """)
        return Fixtures.load(source).dialog!
    }()

    enum Expected: Sendable, CustomStringConvertible {
        case value(Value)
        case skipped
        case unsure
        case refused

        var description: String {
            switch self {
            case .value(let value): "\(value)"
            case .skipped: "skipped"
            case .unsure: "unsure"
            case .refused: "refused"
            }
        }
    }

    static func options(_ indices: Int...) -> Expected { .value(.options(indices.reduce(0) { $0 | 1 << UInt64($1) })) }
    static func number(_ value: Double) -> Expected { .value(.number(value)) }

    static let table: [(question: String, typed: String, expected: Expected)] = [
        // yes/no
        ("yn", "y", .value(.bool(true))), ("yn", "yes", .value(.bool(true))), ("yn", "Yeah", .value(.bool(true))),
        ("yn", "YES!", .value(.bool(true))), ("yn", "yep", .value(.bool(true))), ("yn", "sure", .value(.bool(true))),
        ("yn", "1", .value(.bool(true))), ("yn", "yes I have", .value(.bool(true))),
        ("yn", "n", .value(.bool(false))), ("yn", "no", .value(.bool(false))), ("yn", "nope", .value(.bool(false))),
        ("yn", "Nah", .value(.bool(false))), ("yn", "never", .value(.bool(false))), ("yn", "2", .value(.bool(false))),
        ("yn", "no, never", .value(.bool(false))), ("yn", "I don't", .value(.bool(false))),
        ("yn", "maybe", .unsure), ("yn", "3", .refused), ("yn", "skip", .refused),
        // choice
        ("where", "1", .value(.option(0))), ("where", "3", .value(.option(2))), ("where", "one side", .value(.option(0))),
        ("where", "ONE SIDE OF MY HEAD", .value(.option(0))), ("where", "left", .value(.option(0))),
        ("where", "Right side", .value(.option(0))), ("where", "both", .value(.option(2))),
        ("where", "back of the head", .value(.option(3))), ("where", "all over", .value(.option(4))),
        ("where", "behind the eye", .value(.option(1))), ("where", "Arôund one éye", .value(.option(1))),
        ("where", "one_side", .value(.option(0))), ("where", "it's on the left", .value(.option(0))),
        ("where", "6", .refused), ("where", "0", .refused), ("where", "purple", .refused), ("where", "o", .refused),
        // multi
        ("meds", "1, 3", options(0, 2)), ("meds", "1,3", options(0, 2)), ("meds", "1 3", options(0, 2)),
        ("meds", "1 and 3", options(0, 2)), ("meds", "sumatriptan", options(0)), ("meds", "Imitrex and Advil", options(0, 1)),
        ("meds", "tylenol, aspirin", options(1, 2)), ("meds", "aspirin & tylenol", options(1, 2)),
        ("meds", "NAPROXEN", options(1)), ("meds", "I took Maxalt", options(0)), ("meds", "none", options(3)),
        ("meds", "nothing", options(3)), ("meds", "4", options(3)),
        ("meds", "1, 9", .refused), ("meds", "none, 1", .refused), ("meds", "unicorn dust", .refused),
        // numbers with units
        ("hours", "6", number(6)), ("hours", "6.5", number(6.5)), ("hours", "1,5", number(1.5)),
        ("hours", "about 6 hours", number(6)), ("hours", "45 minutes", number(0.75)), ("hours", "2 days", number(48)),
        ("hours", "1 hour 30 minutes", number(1.5)), ("hours", "an hour and a half", number(1.5)),
        ("hours", "half an hour", number(0.5)), ("hours", "twelve", number(12)), ("hours", "twenty four", number(24)),
        ("hours", "~4h", number(4)), ("hours", "90min", number(1.5)), ("hours", "6 hrs", number(6)), ("hours", "a day", number(24)),
        // A range is its midpoint (no threshold here to fall across; issue 13).
        ("hours", "3-4 hours", number(3.5)), ("hours", "4 to 6 hours", number(5)), ("hours", "800", .refused),
        ("hours", "-2", .refused), ("hours", "lots", .refused),
        ("days", "15 days", number(15)), ("days", "15 days a month", number(15)), ("days", "2 weeks", number(14)),
        ("days", "none", number(0)), ("days", "32", .refused),
        // A rate at a `per: month` question is a count a month (issue 13): 4.35 weeks, rounded.
        ("days", "every day", number(30)), ("days", "3 days a week", number(13)),
        ("age", "51", number(51)), ("age", "51 years", number(51)), ("age", "fifty one", number(51)),
        ("age", "51 years old", number(51)), ("age", "I am 51", number(51)), ("age", "200", .refused),
        // scale
        ("pain", "7", number(7)), ("pain", "7/10", number(7)), ("pain", "7 out of 10", number(7)), ("pain", "seven", number(7)),
        ("pain", "11", .refused), ("pain", "bad", .refused),
        // text
        ("note", "Worse in the morning", .value(.text("Worse in the morning"))), ("note", "skip", .skipped),
        ("note", "\"skip\"", .value(.text("skip"))),
    ]

    @Test("a typed answer is read as people mean it", arguments: table.indices)
    func typedAnswer(row: Int) throws {
        let (id, typed, expected) = Self.table[row]
        let question = try #require(Self.dialog.question(withID: id))
        let match = AnswerMatcher.match(typed, question: question)
        switch (expected, match) {
        case (.value(let value), .value(let actual?, _)):
            #expect(actual == value, "\(id) <- \"\(typed)\"")
        case (.skipped, .value(nil, _)), (.unsure, .unsure), (.refused, .notUnderstood):
            break
        default:
            Issue.record("\(id) <- \"\(typed)\": expected \(expected), got \(match)")
        }
    }

    @Test("the table covers at least 60 answers")
    func tableSize() {
        #expect(Self.table.count >= 60)
    }

    @Test("a refused answer says why, and in the session it changes nothing")
    func refusedAnswerChangesNothing() throws {
        var session = Session(dialog: Self.dialog)
        _ = session.start()
        let before = session.snapshot
        let events = session.receive("purple")
        guard case .retry(let retry)? = events.first, case .ask(let ask)? = events.last else {
            Issue.record("expected a retry then the ask again, got \(events)")
            return
        }
        #expect(retry.text == "Please answer yes or no.")
        #expect(ask.id == "yn")
        #expect(session.snapshot == before)
    }
}
