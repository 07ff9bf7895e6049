// CompilerPassTests: each pass of the dialog compiler alone: the reader, the resolver, the flow compiler.

@testable import DialogKit
import Testing
import Yams

@Suite("Compiler passes")
struct CompilerPassTests {
    static func read(_ source: String) throws -> (syntax: DialogSyntax, diagnostics: [Diagnostic]) {
        guard case .mapping(let root)? = try Yams.compose(yaml: source) else {
            Issue.record("not a mapping")
            return (DialogSyntax(file: "test.yaml"), [])
        }
        var reader = DialogReader(file: "test.yaml")
        let syntax = reader.read(root)
        return (syntax, reader.diagnostics)
    }

    static func at(_ line: Int, _ column: Int) -> DialogKit.SourceLocation {
        DialogKit.SourceLocation(file: "test.yaml", line: line, column: column)
    }

    @Test("the reader keeps names and expressions as written, with their positions, and judges none of them")
    func readerKeepsWhatIsWritten() throws {
        let (syntax, diagnostics) = try Self.read(Fixtures.source(flow: """
              - ask: pain
                kind: yesno
                text: Hurts?
              - if: pain has bogus and later > 3
                end: nowhere
              - let: later
                be: "'text' + 1"
              - goto: missing_label
            """))
        #expect(diagnostics.isEmpty, "unknown names, outcomes, labels and types are the resolver's: \(diagnostics)")
        #expect(syntax.id == "t")
        #expect(syntax.questions.map(\.id) == ["pain"])
        #expect(syntax.outcomes.map(\.id) == ["done", "emergency"])
        #expect(syntax.flow == [
            .ask(question: 0, Self.at(5, 5)),
            .endIf(
                ExpressionText(source: "pain has bogus and later > 3", origin: Self.at(8, 9)),
                outcome: NameReference(name: "nowhere", location: Self.at(9, 10)), Self.at(8, 5)),
            .assign(name: "later", ExpressionText(source: "'text' + 1", origin: Self.at(11, 10)), Self.at(10, 5)),
            .goto(NameReference(name: "missing_label", location: Self.at(12, 11)), Self.at(12, 5)),
        ])
    }

    @Test("the reader reports keys and shapes")
    func readerReportsStructure() throws {
        let (_, diagnostics) = try Self.read(Fixtures.source(flow: "  - ask: a\n    kind: yesno\n    txet: A?\n  - say: [1, 2]"))
        #expect(diagnostics.map(\.problem) == [.unknownKey, .missingKey, .wrongShape])
    }

    /// A syntax tree made by hand: the resolver needs no YAML.
    static func syntax(flow: [StepSyntax]) -> DialogSyntax {
        var syntax = DialogSyntax(file: "hand.yaml")
        syntax.id = "hand"
        syntax.title = TextSyntax(text: "Hand-made", location: .unknown)
        syntax.questions = [Question(id: "days", kind: .number, text: "Days?", location: .unknown)]
        syntax.outcomes = [OutcomeSyntax(id: "done", code: "consult", text: "Done.", textLocation: .unknown, location: .unknown)]
        syntax.flow = flow
        return syntax
    }

    static func expression(_ source: String, column: Int) -> ExpressionText {
        ExpressionText(source: source, origin: DialogKit.SourceLocation(file: "hand.yaml", line: 1, column: column))
    }

    @Test("the resolver knows which `let` values come later, and says so at the use")
    func resolverReportsUseBeforeLet() {
        let letAt = DialogKit.SourceLocation(file: "hand.yaml", line: 3, column: 5)
        var resolver = DialogResolver(Self.syntax(flow: [
            .endIf(Self.expression("days > 3 and later", column: 10), outcome: NameReference(name: "done", location: .unknown), .unknown),
            .assign(name: "later", Self.expression("days >= 15", column: 1), letAt),
            .endIf(Self.expression("later", column: 20), outcome: NameReference(name: "done", location: .unknown), .unknown),
            .end(NameReference(name: "done", location: .unknown), .unknown),
        ]))
        let resolution = resolver.resolve()
        #expect(resolver.diagnostics.map(\.problem) == [.usedBeforeComputed])
        #expect(resolver.diagnostics.first?.location.column == 10 + "days > 3 and ".count)
        #expect(resolver.diagnostics.first?.notes == ["`let later` is at \(letAt)"])
        // The `let` after it is computed is fine, and gets the slot after the question's.
        #expect(resolution.slotNames == ["days", "later"])
        #expect(resolution.slotTypes == [.number, .bool])
        #expect(resolution.flow.count == 3)
    }

    @Test("the resolver finds outcomes and labels, and a `let` that uses itself")
    func resolverReportsNames() {
        var resolver = DialogResolver(Self.syntax(flow: [
            .assign(name: "total", Self.expression("days + total", column: 1), .unknown),
            .goto(NameReference(name: "nowhere", location: .unknown), .unknown),
            .end(NameReference(name: "dnoe", location: .unknown), .unknown),
        ]))
        _ = resolver.resolve()
        #expect(resolver.diagnostics.map(\.problem) == [.usedBeforeComputed, .unknownLabel, .unknownOutcome])
        #expect(resolver.diagnostics.last?.notes == ["did you mean `done`?"])
    }

    static let yes = TypedExpression(expression: .constant(.bool(true)), type: .bool, source: "true", location: .unknown)

    @Test("the flow compiler turns `when`/`else` into jumps over each branch")
    func compilesWhenElse() {
        let flow = [
            Step(kind: .when(Self.yes, then: [Step(kind: .say("a"), location: .unknown)], otherwise: [Step(kind: .say("b"), location: .unknown)]), location: .unknown),
            Step(kind: .end(outcome: 0), location: .unknown),
        ]
        let (program, locations) = FlowCompiler.compile(flow, file: "hand.yaml")
        #expect(program == [.jumpUnless(Self.yes, target: 3), .say("a"), .jump(target: 4), .say("b"), .end(outcome: 0), .deadEnd])
        #expect(locations.count == program.count)
    }

    @Test("the flow compiler points a `goto` at its label, forward or back")
    func compilesGotos() {
        let flow = [
            Step(kind: .label("top"), location: .unknown),
            Step(kind: .gotoIf(Self.yes, label: "bottom"), location: .unknown),
            Step(kind: .say("skipped"), location: .unknown),
            Step(kind: .label("bottom"), location: .unknown),
            Step(kind: .goto(label: "top"), location: .unknown),
        ]
        let (program, _) = FlowCompiler.compile(flow, file: "hand.yaml")
        #expect(program == [.jumpIf(Self.yes, target: 2), .say("skipped"), .jump(target: 0), .deadEnd])
    }
}
