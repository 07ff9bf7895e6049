// ExpressionTests: parsing, type checking and evaluation, including what a missing answer does.

@testable import DialogKit
import Testing

@Suite("Expressions")
struct ExpressionTests {
    /// A dialog whose questions give every type; values are set through a session's answers.
    static let source = Fixtures.source(flow: """
          - ask: pain
            kind: yesno
            text: Pain?
          - ask: days
            kind: number
            min: 0
            max: 31
            text: Days?
          - ask: where
            kind: choice
            text: Where?
            options:
              - {id: one_side, text: One side}
              - {id: both_sides, text: Both sides}
          - ask: meds
            kind: multi
            text: Meds?
            options:
              - {id: triptan, text: Triptan}
              - {id: nsaid, text: NSAID}
              - {id: none, text: None}
          - ask: note
            kind: text
            optional: true
            text: Note?
          - end: done
        """)

    /// Evaluates `expression` after the session answered `lines`.
    func evaluate(_ expression: String, after lines: [String]) throws -> Value? {
        let dialog = try #require(Fixtures.load(Self.source).dialog)
        var scope = NameScope(questions: dialog.questions, questionIndex: Dictionary(uniqueKeysWithValues: dialog.questions.enumerated().map { ($1.id, $0) }), lets: [:])
        scope.outcomes = nil
        var checker = TypeChecker(scope: scope, origin: .unknown)
        let checked = checker.check(source: expression, expecting: nil)
        let typed = try #require(checked, "\(checker.diagnostics)")
        var session = Session(dialog: dialog)
        _ = session.start()
        for line in lines { _ = session.receive(line) }
        return typed.expression.evaluate(session)
    }

    static let answered = ["yes", "15", "one side", "1, 2", "a note"]

    static let cases: [(String, Value?)] = [
        ("pain", .bool(true)),
        ("days >= 15", .bool(true)),
        ("days > 15", .bool(false)),
        ("days + 1 == 16", .bool(true)),
        ("days * 2 - 10 / 2", .number(25)),
        ("-days", .number(-15)),
        ("where == one_side", .bool(true)),
        ("one_side == where", .bool(true)),
        ("where in [both_sides]", .bool(false)),
        ("where not in [both_sides]", .bool(true)),
        ("meds has triptan and meds has nsaid", .bool(true)),
        ("meds has none", .bool(false)),
        ("size(meds)", .number(2)),
        ("count(pain, days >= 15, where == both_sides)", .number(2)),
        ("sum(days, 5)", .number(20)),
        ("min(days, 3)", .number(3)),
        ("max(days, 3)", .number(15)),
        ("answered(note)", .bool(true)),
        ("note == \"a note\"", .bool(true)),
        ("not (pain or days < 2)", .bool(false)),
        ("pain == yes", .bool(true)),
    ]

    @Test("expressions evaluate on answers", arguments: cases.indices)
    func evaluation(index: Int) throws {
        let (expression, expected) = Self.cases[index]
        #expect(try evaluate(expression, after: Self.answered) == expected, "\(expression)")
    }

    @Test("a question not answered has no value: comparisons are false, answered() tells, sums skip it")
    func missingValues() throws {
        let onlyPain = ["yes"]
        #expect(try evaluate("days >= 0", after: onlyPain) == .bool(false))
        #expect(try evaluate("days < 0", after: onlyPain) == .bool(false))
        #expect(try evaluate("not (days > 3)", after: onlyPain) == .bool(true))
        #expect(try evaluate("answered(days)", after: onlyPain) == .bool(false))
        #expect(try evaluate("days + 1", after: onlyPain) == nil)
        #expect(try evaluate("sum(days, 2)", after: onlyPain) == .number(2))
        #expect(try evaluate("meds has triptan", after: onlyPain) == .bool(false))
        #expect(try evaluate("where in [one_side]", after: onlyPain) == .bool(false))
        #expect(try evaluate("where not in [one_side]", after: onlyPain) == .bool(false))
    }

    @Test("the parser honours precedence: and binds tighter than or; comparisons are not chained")
    func precedence() throws {
        #expect(try evaluate("pain or days > 20 and days < 0", after: Self.answered) == .bool(true))
        #expect(try evaluate("(pain or days > 20) and days < 0", after: Self.answered) == .bool(false))
        if case .failure(let error) = ExpressionParser.parse("1 < 2 < 3") {
            #expect(error.message.contains("cannot be chained"))
        } else {
            Issue.record("a chained comparison must not parse")
        }
    }

    @Test("syntax errors give the offset where they are", arguments: [
        ("pain and", 8), ("(pain", 5), ("days = 3", 5), ("days >= ", 8), ("pain $ 2", 5), ("\"open", 0),
    ])
    func syntaxErrors(text: String, offset: Int) {
        guard case .failure(let error) = ExpressionParser.parse(text) else {
            Issue.record("\(text) must not parse")
            return
        }
        #expect(error.offset == offset, "\(text): \(error.message)")
    }

    @Test("type errors are found at load time", arguments: [
        "pain > 3", "days and pain", "where == 3", "meds has one_side", "size(days)", "count(days)", "not days",
        "where in [one_side, nsaid]", "answered(3)", "frobnicate(pain)",
    ])
    func typeErrors(text: String) throws {
        let dialog = try #require(Fixtures.load(Self.source).dialog)
        let scope = NameScope(questions: dialog.questions, questionIndex: Dictionary(uniqueKeysWithValues: dialog.questions.enumerated().map { ($1.id, $0) }), lets: [:])
        var checker = TypeChecker(scope: scope, origin: .unknown)
        #expect(checker.check(source: text, expecting: nil) == nil, "\(text) must not type-check")
        #expect(checker.diagnostics.contains { $0.code == "IN009" || $0.code == "IN008" }, "\(text): \(checker.diagnostics)")
    }
}
