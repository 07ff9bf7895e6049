// DialogResolver: the compiler's second pass: names, types and `{name}` text of a DialogSyntax, in flow order.

/// Gives every name of a `DialogSyntax` its meaning: each `let` a slot, each expression a type (checked
/// where it stands in the flow, so the checker knows which `let` values are computed there and which
/// only further on), each `end` and `goto` its outcome and label, and each `{name}` in text its answer,
/// value or setting. The result is the checked step tree the flow compiler reads.
struct DialogResolver {
    /// What the resolver gives: everything of a `Dialog` but the compiled program.
    struct Resolution {
        /// Nil when the file has no usable title (the reader has said so).
        var title: String?
        var intro: String
        var questions: [Question]
        /// The questions, then the `let` values, in flow order.
        var slotNames: [String]
        var slotTypes: [ValueType]
        var flow: [Step]
        var flags: [FlagRule]
        var outcomes: [OutcomeDefinition]
        var checks: [CheckDefinition]
        var scores: [ScoreRule] = []
    }

    private let syntax: DialogSyntax
    /// The file's text, to place a diagnostic about `{name}` on the name itself, inside block text too.
    private let source: String?
    private(set) var diagnostics: [Diagnostic] = []
    private let questionIndex: [String: Int]
    private let outcomeIndex: [String: Int]
    /// Every `let` of the flow, found before any expression is checked: its slot and where it is.
    private var lets: [String: (slot: Int, location: SourceLocation)] = [:]
    private var letNames: [String] = []
    /// Every label of the flow, found before any `goto` is resolved, so a jump forward finds its label.
    private var labels: [String: SourceLocation] = [:]
    /// Each question's checked `constraint`, by question index, as its `ask` is met in the flow.
    private var constraints: [Int: TypedExpression] = [:]

    init(_ syntax: DialogSyntax, source: String? = nil) {
        self.syntax = syntax
        self.source = source
        questionIndex = Dictionary(syntax.questions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        outcomeIndex = Dictionary(syntax.outcomes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func resolve() -> Resolution {
        declare(syntax.flow)
        // Resolved once questions and values are known, so `{an_answer}` is refused for the right reason.
        let (titleText, introText) = (syntax.title, syntax.intro)
        let title = titleText.map { template($0, answersAllowed: false).fixedText ?? "" }
        let intro = introText.map { template($0, answersAllowed: false).fixedText ?? "" } ?? ""

        var scope = NameScope(
            questions: syntax.questions, questionIndex: questionIndex, lets: [:], outcomes: nil, flagNames: nil,
            laterLets: lets.mapValues(\.location), brokenLets: syntax.unreadLets.subtracting(lets.keys),
            untypedQuestions: syntax.untypedQuestions)
        var slotTypes = syntax.questions.indices.map { scope.type(ofQuestion: $0) }
        slotTypes += Array(repeating: ValueType.bool, count: letNames.count)
        let flow = convert(syntax.flow, scope: &scope, slotTypes: &slotTypes)
        var questions = syntax.questions
        for index in questions.indices {
            let location = syntax.questionTextLocations[index] ?? questions[index].location
            questions[index].text = template(TextSyntax(text: questions[index].text.source, location: location))
            questions[index].rules.constraint = constraints[index]
        }

        var flags: [FlagRule] = []
        for flag in syntax.flags {
            if let typed = checkExpression(flag.condition, scope: scope, expecting: .bool) {
                flags.append(FlagRule(name: flag.name, condition: typed, location: flag.location))
            }
        }
        var outcomes: [OutcomeDefinition] = []
        for outcome in syntax.outcomes {
            var rules: [FlagRule] = []
            for flag in outcome.flags {
                if let typed = checkExpression(flag.condition, scope: scope, expecting: .bool) {
                    rules.append(FlagRule(name: flag.name, condition: typed, location: flag.location))
                }
            }
            let text = template(TextSyntax(text: outcome.text ?? "", location: outcome.textLocation))
            let code = outcome.code ?? outcome.id
            outcomes.append(OutcomeDefinition(
                id: outcome.id, code: code, text: text, flags: rules, location: outcome.location,
                level: outcome.statesLevel ? outcome.level : OutcomeLevel.inferred(fromCode: code), levelIsStated: outcome.statesLevel))
        }
        let scores = resolveScores(scope: scope)
        // A check may name any flag the dialog declares; one whose condition has an error is still a flag.
        var checkScope = scope
        checkScope.outcomes = outcomeIndex
        checkScope.outcomeLevels = outcomes.map(\.level)
        checkScope.flagNames = Set(syntax.flags.map(\.name) + syntax.outcomes.flatMap { $0.flags.map(\.name) })
        var checks: [CheckDefinition] = []
        for check in syntax.checks {
            let condition = check.condition.flatMap { checkExpression($0, scope: checkScope, expecting: .bool) }
            let requirement = check.requirement.flatMap { checkExpression($0, scope: checkScope, expecting: .bool) }
            guard check.isComplete, let requirement, check.condition == nil || condition != nil else { continue }
            checks.append(CheckDefinition(name: check.name ?? requirement.source, condition: condition, requirement: requirement, location: check.location))
        }
        return Resolution(
            title: title, intro: intro, questions: questions, slotNames: questions.map(\.id) + letNames,
            slotTypes: slotTypes, flow: flow, flags: flags, outcomes: outcomes, checks: checks, scores: scores)
    }

    private mutating func error(_ code: DiagnosticCode, _ message: String, at location: SourceLocation, notes: [String] = []) {
        diagnostics.append(Diagnostic(code, message, at: location, notes: notes))
    }

    // MARK: - Declarations

    /// Finds every `let` and label of the flow, at any depth, before anything refers to them.
    private mutating func declare(_ steps: [StepSyntax]) {
        for step in steps {
            switch step {
            case .assign(let name, _, let at):
                if questionIndex[name] != nil {
                    error(.duplicateID, "`let \(name)` has the name of a question", at: at)
                } else if let previous = lets[name] {
                    error(.duplicateID, "`let \(name)` is defined twice", at: at, notes: ["first defined at \(previous.location)"])
                } else {
                    lets[name] = (syntax.questions.count + letNames.count, at)
                    letNames.append(name)
                }
            case .label(let label, _):
                if let previous = labels[label.name] {
                    error(.duplicateID, "the label `\(label.name)` is defined twice", at: label.location, notes: ["first defined at \(previous)"])
                }
                labels[label.name] = label.location
            case .when(_, let then, let otherwise, _):
                declare(then)
                declare(otherwise)
            default:
                break
            }
        }
    }

    // MARK: - The flow

    /// The steps with their names resolved and expressions checked, in flow order: `scope` holds the
    /// `let` values computed so far, and loses a name from `laterLets` as the flow passes its `let`.
    private mutating func convert(_ raw: [StepSyntax], scope: inout NameScope, slotTypes: inout [ValueType]) -> [Step] {
        var steps: [Step] = []
        for step in raw {
            switch step {
            case .say(let text, let at):
                steps.append(Step(kind: .say(template(TextSyntax(text: text, location: at))), location: at))
            case .section(let title, let at):
                steps.append(Step(kind: .section(title), location: at))
            case .ask(let question, let at):
                if let constraint = syntax.constraints[question] { checkConstraint(constraint, question: question, scope: scope) }
                steps.append(Step(kind: .ask(question: question), location: at))
            case .assign(let name, let value, let at):
                // A second `let` of a name, or one named like a question, was reported when declared.
                guard let local = lets[name], local.location == at else { continue }
                // Checked while its own name is still "later", so `let x` with `be: x + 1` says so.
                let typed = checkExpression(value, scope: scope, expecting: nil)
                scope.laterLets[name] = nil
                guard let typed else {
                    scope.brokenLets.insert(name)
                    continue
                }
                if case .outcome = typed.type {
                    error(.notAllowedHere, "a `let` cannot hold an outcome", at: at)
                    scope.brokenLets.insert(name)
                    continue
                }
                scope.lets[name] = (local.slot, typed.type)
                slotTypes[local.slot] = typed.type
                steps.append(Step(kind: .assign(name: name, slot: local.slot, typed), location: at))
            case .when(let condition, let then, let otherwise, let at):
                let typed = checkExpression(condition, scope: scope, expecting: .bool)
                let thenSteps = convert(then, scope: &scope, slotTypes: &slotTypes)
                let otherwiseSteps = convert(otherwise, scope: &scope, slotTypes: &slotTypes)
                if let typed {
                    steps.append(Step(kind: .when(typed, then: thenSteps, otherwise: otherwiseSteps), location: at))
                }
            case .endIf(let condition, let outcome, let at):
                let typed = checkExpression(condition, scope: scope, expecting: .bool)
                if let index = resolveOutcome(outcome), let typed {
                    steps.append(Step(kind: .endIf(typed, outcome: index), location: at))
                }
            case .gotoIf(let condition, let label, let at):
                let typed = checkExpression(condition, scope: scope, expecting: .bool)
                if resolveLabel(label), let typed {
                    steps.append(Step(kind: .gotoIf(typed, label: label.name), location: at))
                }
            case .goto(let label, let at):
                if resolveLabel(label) { steps.append(Step(kind: .goto(label: label.name), location: at)) }
            case .label(let label, let at):
                steps.append(Step(kind: .label(label.name), location: at))
            case .end(let outcome, let at):
                if let index = resolveOutcome(outcome) { steps.append(Step(kind: .end(outcome: index), location: at)) }
            }
        }
        return steps
    }

    /// A question's `constraint`, where its `ask` stands: it may read the answers before it, and `.`
    /// (or the question's own name) is the answer being given.
    private mutating func checkConstraint(_ text: ExpressionText, question: Int, scope: NameScope) {
        var own = scope
        own.answerSlot = question
        if let typed = checkExpression(text, scope: own, expecting: .bool) { constraints[question] = typed }
    }

    /// `scores:`: number expressions over the answers and values, computed at the outcome as flags are.
    private mutating func resolveScores(scope: NameScope) -> [ScoreRule] {
        var scores: [ScoreRule] = []
        var seen: [String: SourceLocation] = [:]
        for score in syntax.scores {
            if let previous = seen[score.name] {
                error(.duplicateID, "the score `\(score.name)` is defined twice", at: score.location, notes: ["first defined at \(previous)"])
                continue
            }
            seen[score.name] = score.location
            if let typed = checkExpression(score.condition, scope: scope, expecting: .number) {
                scores.append(ScoreRule(name: score.name, value: typed, location: score.location))
            }
        }
        return scores
    }

    private mutating func checkExpression(_ text: ExpressionText, scope: NameScope, expecting: ValueType?) -> TypedExpression? {
        var checker = TypeChecker(scope: scope, origin: text.origin)
        let typed = checker.check(source: text.source, expecting: expecting)
        diagnostics += checker.diagnostics
        return typed
    }

    private mutating func resolveOutcome(_ reference: NameReference) -> Int? {
        if let index = outcomeIndex[reference.name] { return index }
        let ids = syntax.outcomes.map(\.id)
        let notes = NearMiss.suggestion(for: reference.name, among: ids).map { ["did you mean `\($0)`?"] }
            ?? ["the outcomes are: \(ids.joined(separator: ", "))"]
        error(.unknownOutcome, "unknown outcome `\(reference.name)`", at: reference.location, notes: notes)
        return nil
    }

    private mutating func resolveLabel(_ reference: NameReference) -> Bool {
        if labels[reference.name] != nil { return true }
        let notes = NearMiss.suggestion(for: reference.name, among: labels.keys).map { ["did you mean `\($0)`?"] } ?? []
        error(.unknownLabel, "no label `\(reference.name)` to go to", at: reference.location, notes: notes)
        return false
    }

    // MARK: - Text

    /// Resolves `{name}` in text to a question's answer, a `let` value, or a setting; with
    /// `answersAllowed` false (the title, the intro), to a setting only.
    private mutating func template(_ text: TextSyntax, answersAllowed: Bool = true) -> TextTemplate {
        let (pieces, problem) = TextTemplate.scan(text.text)
        if let problem {
            // The unclosed `{` is the one after the names the scan found.
            let names = pieces.filter { if case .name = $0 { true } else { false } }.count
            error(.unclosedBrace, "in this text, \(problem); write {{ for a literal brace", at: braceLocation(names, name: nil, in: text))
            return TextTemplate(stringLiteral: text.text)
        }
        var parts: [TextTemplate.Part] = []
        var ordinal = 0
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                parts.append(.literal(literal))
            case .name(let name, _):
                defer { ordinal += 1 }
                let slot = questionIndex[name] ?? lets[name]?.slot
                if let slot, answersAllowed {
                    parts.append(.value(name: name, slot: slot))
                } else if slot != nil {
                    error(.unknownTextName, "`{\(name)}` is shown before any question is answered; only settings can be used here",
                        at: braceLocation(ordinal, name: name, in: text))
                } else if let setting = syntax.settings.first(where: { $0.key == name }) {
                    parts.append(.literal(setting.value))
                } else if syntax.unreadLets.contains(name) {
                    // A `let` whose value could not be read: that is reported at the `let`.
                    continue
                } else {
                    let candidates = Array(questionIndex.keys) + letNames + syntax.settings.map(\.key)
                    let notes = NearMiss.suggestion(for: name, among: candidates).map { ["did you mean `{\($0)}`?"] } ?? []
                    error(.unknownTextName, "the text refers to `{\(name)}`, which is no question, value or setting",
                        at: braceLocation(ordinal, name: name, in: text), notes: notes)
                }
            }
        }
        // Merge neighbouring literals (settings) so rendering does less work.
        var merged: [TextTemplate.Part] = []
        for part in parts {
            if case .literal(let literal) = part, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + literal)
            } else {
                merged.append(part)
            }
        }
        return TextTemplate(source: text.text, parts: merged)
    }

    /// Where the `{` of the text's `ordinal`-th `{name}` (counting from 0) is in the file, found by
    /// scanning the file from where the text's scalar starts, as `TextTemplate.scan` scans the value:
    /// a name is on one line of a block scalar (`|`, `>`) as of the value, whatever the indentation or
    /// folding, so its line and column are exact. When the file is not at hand, or what is found there
    /// is not the same name (an escape in a quoted scalar), the text's own position.
    private func braceLocation(_ ordinal: Int, name: String?, in text: TextSyntax) -> SourceLocation {
        guard let source, text.location.line > 0 else { return text.location }
        var line = 1
        var column = 1
        var index = source.startIndex
        func advance() {
            if source[index].isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = source.index(after: index)
        }
        while index < source.endIndex, line < text.location.line || (line == text.location.line && column < text.location.column) {
            advance()
        }
        // A block scalar's header (`|-`, `>2`, a comment) is no part of its text.
        if index < source.endIndex, source[index] == "|" || source[index] == ">" {
            while index < source.endIndex, !source[index].isNewline { advance() }
        }
        var seen = 0
        while index < source.endIndex {
            let next = source.index(after: index)
            if source[index] == "{" || source[index] == "}", next < source.endIndex, source[next] == source[index] {
                advance()
                advance()
                continue
            }
            if source[index] == "{" {
                if seen == ordinal {
                    let found = SourceLocation(file: text.location.file, line: line, column: column)
                    guard let name else { return found }
                    guard let close = source[next...].firstIndex(of: "}") else { return text.location }
                    return source[next..<close].trimmingCharacters(in: " ") == name ? found : text.location
                }
                seen += 1
                // Past the name, as the scan goes: a `{` inside it opens nothing.
                while index < source.endIndex, source[index] != "}" { advance() }
            }
            if index < source.endIndex { advance() }
        }
        return text.location
    }
}
