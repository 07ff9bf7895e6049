// FHIRFlowConditions: when the bot asks each question and what each `let` holds at the end, as conditions
// on a QuestionnaireResponse's answers, found by walking the compiled flow once.

import DialogKit

/// Walks a dialog's compiled program (a graph whose jumps go forward) once, in order, keeping for each
/// instruction the condition on the answers under which a session reaches it and what each `let`
/// holds there. Early ends, `goto`, `when` and `else` all become part of those conditions, so a form
/// filled by another FHIR renderer asks exactly what the bot asks. A question read before it is asked
/// reads no answer there, as in the bot, even though the response holds its later answer.
///
/// A dialog whose `goto` jumps back (a loop) is walked up to the loop only: later questions get no
/// condition and no value is computed (`isComplete` is false), which docs/storage.md says.
struct FHIRFlowConditions {
    let dialog: Dialog
    /// For each question the bot may ask, the condition under which it asks it.
    private(set) var asked: [Int: FHIRFormula] = [:]
    /// Each way a session ends: the condition, the `let` values there, and the outcome (nil: the flow ran out).
    private(set) var ends: [(reach: FHIRFormula, context: Context, outcome: Int?, point: Int)] = []
    /// Whether the whole program was walked (no loop).
    private(set) var isComplete = true
    /// Named FHIRPath values (the SDC `variable` extension on the Questionnaire), in order: a long
    /// condition or value is written once and named, so what follows ten early exits reads them by
    /// name instead of repeating them.
    private(set) var variables: [(name: String, expression: String)] = []
    /// The condition each named one stands for.
    private var namedConditions: [String: FHIRFormula] = [:]
    /// Conditions and values longer than this are named.
    static let longestInline = 240

    /// What a value is, read at some point of the flow.
    indirect enum Term: Hashable {
        /// No value (a question not asked yet, a `let` not computed yet).
        case none
        /// A constant written in the dialog.
        case literal(Value)
        /// A question's answer, read where `guard` holds (it was asked before this point).
        case question(Int, guard: FHIRFormula)
        /// A yes/no value, and when it has one.
        case bool(FHIRFormula, hasValue: FHIRFormula)
        /// A FHIRPath collection, empty when there is no value.
        case value(String)
    }

    /// The way so far: when it is taken, and the `let` values on it.
    struct Context: Hashable {
        var reach: FHIRFormula
        var lets: [Int: Term]
    }

    /// Where each question is asked, and the condition at each of those places (filled as the walk passes them).
    private var askPoints: [Int: [Int]] = [:]
    private var reachAt: [Int: FHIRFormula] = [:]

    init(dialog: Dialog) {
        self.dialog = dialog
        let program = dialog.program
        for (index, instruction) in program.enumerated() {
            if case .ask(let question) = instruction { askPoints[question, default: []].append(index) }
        }
        let stop = Self.loopStart(program) ?? program.count
        isComplete = stop == program.count
        var incoming = [[Context]](repeating: [], count: program.count + 1)
        incoming[0] = [Context(reach: .yes, lets: [:])]
        for index in 0..<stop {
            let contexts = Self.merged(incoming[index]).map { context in
                var named = context
                named.reach = name(context.reach, "r\(index)")
                return named
            }
            if contexts.isEmpty { continue }
            let here = FHIRFormula.any(contexts.map(\.reach))
            func pass(_ context: Context, to target: Int) {
                if context.reach != .no, target <= program.count { incoming[target].append(context) }
            }
            switch program[index] {
            case .say, .section:
                contexts.forEach { pass($0, to: index + 1) }
            case .ask(let question):
                reachAt[index] = here
                asked[question] = (asked[question] ?? .no).or(here)
                contexts.forEach { pass($0, to: index + 1) }
            case .assign(let slot, let expression):
                for (number, var context) in contexts.enumerated() {
                    context.lets[slot] = name(value(expression.expression, context, at: index), "\(dialog.slotNames[slot])_\(index)_\(number)")
                    pass(context, to: index + 1)
                }
            case .jumpUnless(let condition, let target), .jumpIf(let condition, let target):
                let jumpsWhenTrue: Bool
                if case .jumpIf = program[index] { jumpsWhenTrue = true } else { jumpsWhenTrue = false }
                for context in contexts {
                    let holds = bool(condition.expression, context, at: index)
                    let fails = negate(holds, context, at: index)
                    var onTrue = context
                    onTrue.reach = .all([context.reach, holds])
                    var onFalse = context
                    onFalse.reach = .all([context.reach, fails])
                    pass(onTrue, to: jumpsWhenTrue ? target : index + 1)
                    pass(onFalse, to: jumpsWhenTrue ? index + 1 : target)
                }
            case .jump(let target):
                contexts.forEach { pass($0, to: target) }
            case .endIf(let condition, let outcome):
                for context in contexts {
                    let holds = bool(condition.expression, context, at: index)
                    var ending = context
                    ending.reach = name(.all([context.reach, holds]), "end\(index)_\(ends.count)")
                    if ending.reach != .no { ends.append((ending.reach, ending, outcome, index)) }
                    var going = context
                    going.reach = .all([context.reach, negate(holds, context, at: index)])
                    pass(going, to: index + 1)
                }
            case .end(let outcome):
                for context in contexts { ends.append((context.reach, context, outcome, index)) }
            case .deadEnd:
                for context in contexts { ends.append((context.reach, context, nil, index)) }
            }
        }
    }

    /// Where the first loop begins (a jump back makes one), where the walk stops; nil without a loop.
    static func loopStart(_ program: [Instruction]) -> Int? {
        var stop: Int?
        for (index, instruction) in program.enumerated() {
            switch instruction {
            case .jump(let target), .jumpIf(_, let target), .jumpUnless(_, let target):
                if target <= index { stop = min(stop ?? target, target) }
            default: break
            }
        }
        return stop
    }

    /// The condition itself when it is short; else a reference to a variable that holds it.
    private mutating func name(_ formula: FHIRFormula, _ suffix: String) -> FHIRFormula {
        let text = formula.path
        guard text.count > Self.longestInline else { return formula }
        // Of tests that must all hold, only the long ones are named: the short ones stay in sight, for
        // `enableWhen` and for taking common conditions out (a section's "any of its questions").
        if case .and(let parts) = formula {
            let named = FHIRFormula.all(parts.enumerated().map { name($0.element, suffix + "_\($0.offset)") })
            if named.path.count <= Self.longestInline * 2 { return named }
        }
        if namedConditions.values.contains(formula), let known = namedConditions.first(where: { $0.value == formula }) {
            return .atom(FHIRAtom(path: known.key))
        }
        // The count keeps names apart where two ways through one place are named.
        let variable = Self.variableName(suffix + "_\(variables.count)")
        variables.append((variable, text))
        namedConditions["%" + variable] = formula
        return .atom(FHIRAtom(path: "%" + variable))
    }

    /// The term itself when it is short; else one that reads a variable holding it.
    private mutating func name(_ term: Term, _ suffix: String) -> Term {
        switch term {
        case .bool(let value, let has):
            return .bool(name(value, suffix), hasValue: name(has, suffix + "_has"))
        case .value(let text) where text.count > Self.longestInline:
            let name = Self.variableName(suffix + "_\(variables.count)")
            variables.append((name, text))
            return .value("%" + name)
        default:
            return term
        }
    }

    /// A variable's name: an R4 `id` and a FHIRPath identifier at once, so letters and digits only
    /// (`r12` is `intakeR12`, `midas_total_78_0` is `intakeMidasTotal78x0`).
    static func variableName(_ suffix: String) -> String {
        var name = "intake"
        var upper = true
        var previousDigit = false
        for character in suffix {
            if character.isASCII, character.isLetter || character.isNumber {
                if character.isNumber, previousDigit, upper { name += "x" }
                name += upper ? character.uppercased() : String(character)
                previousDigit = character.isNumber
                upper = false
            } else {
                upper = true
            }
        }
        return name
    }

    /// The conditions that must all hold, with named conditions seen through.
    private func knownConjuncts(_ formula: FHIRFormula) -> [FHIRFormula] {
        var out: [FHIRFormula] = []
        for part in formula.conjuncts {
            out.append(part)
            if case .atom(let atom) = part, let named = namedConditions[atom.path] { out += knownConjuncts(named) }
        }
        return out
    }

    /// Ways with the same `let` values are one way, taken when any of them is.
    private static func merged(_ contexts: [Context]) -> [Context] {
        var out: [Context] = []
        for context in contexts {
            if let same = out.firstIndex(where: { $0.lets == context.lets }) {
                out[same].reach = out[same].reach.or(context.reach)
            } else {
                out.append(context)
            }
        }
        return out
    }

    // MARK: - What the session holds at the end

    /// A `let`'s value when the session ends, as FHIRPath (empty where it was never computed).
    mutating func finalValue(ofSlot slot: Int) -> String {
        let copy = self
        return chooseByEnd { copy.ends[$0].context.lets[slot].map(copy.path(of:)) ?? "{}" }
    }

    /// Any value expression (a named score, say) read when the session ends, as FHIRPath: what a
    /// hidden `calculatedExpression` item holds. A new construct of the language needs only its case
    /// in `value(_:_:at:)` to be exported this way.
    mutating func valueAtEnd(_ expression: DialogKit.Expression) -> String {
        let copy = self
        return chooseByEnd { copy.path(of: copy.value(expression, copy.ends[$0].context, at: copy.ends[$0].point)) }
    }

    /// The outcome's id when the session ends, as FHIRPath (empty where the flow runs out).
    mutating func outcomePath() -> String {
        let ends = self.ends
        let dialog = self.dialog
        return chooseByEnd { ends[$0].outcome.map { FHIRPathText.string(dialog.outcomes[$0].id) } ?? "{}" }
    }

    /// Whether a flag holds when the session reaches an outcome (for `outcome` nil, the dialog-wide flag
    /// `condition`; else one of that outcome's own flags).
    func flagPath(_ condition: DialogKit.Expression, onlyAt outcome: Int?) -> String {
        var holds = FHIRFormula.no
        for end in ends where end.outcome != nil && (outcome == nil || end.outcome == outcome) {
            holds = holds.or(.all([end.reach, bool(condition, end.context, at: end.point)]))
        }
        return holds.path
    }

    /// `iif(way 1, value 1, iif(way 2, value 2, ...))` over the ways a session ends, with the ways
    /// that give the same value taken together.
    private mutating func chooseByEnd(_ valueAt: (Int) -> String) -> String {
        var groups: [(value: String, reach: FHIRFormula)] = []
        for index in ends.indices {
            let value = valueAt(index)
            if let same = groups.firstIndex(where: { $0.value == value }) {
                groups[same].reach = groups[same].reach.or(ends[index].reach)
            } else {
                groups.append((value, ends[index].reach))
            }
        }
        guard let last = groups.last else { return "{}" }
        var text = last.value
        // The same ways (every early exit, say) come back for each value: named once, read by name.
        for group in groups.dropLast().reversed() { text = "iif(\(name(group.reach, "ends").path), \(group.value), \(text))" }
        return text
    }

    // MARK: - Expressions to conditions

    /// Whether the question always has a value once asked (not optional, doubt not kept without one).
    private func alwaysAnswered(_ question: Int) -> Bool {
        let definition = dialog.questions[question]
        return !definition.isOptional && definition.unsure != .keep
    }

    /// A question's answer as read at `point`: none before it is asked; guarded where it may be asked
    /// before or after this point.
    private func questionTerm(_ question: Int, at point: Int) -> Term {
        let points = askPoints[question] ?? []
        let before = points.filter { $0 < point }
        if before.isEmpty { return .none }
        if before.count == points.count { return .question(question, guard: .yes) }
        return .question(question, guard: .any(before.map { reachAt[$0] ?? .no }))
    }

    /// Whether, on the ways `context` stands for, the question was asked before `point` and has a value.
    private func surelyAnswered(_ question: Int, _ context: Context, at point: Int) -> Bool {
        guard alwaysAnswered(question) else { return false }
        let known = knownConjuncts(context.reach)
        return (askPoints[question] ?? []).contains { ask in
            ask < point && (reachAt[ask].map { known.contains($0) || $0.conjuncts.allSatisfy(known.contains) } ?? false)
        }
    }

    /// `not formula`, said as the opposite test where the question surely has an answer (`thunderclap =
    /// false` rather than "not thunderclap = true"), which `enableWhen` can say.
    func negate(_ formula: FHIRFormula, _ context: Context, at point: Int) -> FHIRFormula {
        switch formula {
        case .constant(let flag): return .constant(!flag)
        case .not(let inner): return inner
        case .atom(let atom):
            if let entry = atom.entry, let complement = entry.complement, surelyAnswered(entry.question, context, at: point) {
                return .atom(FHIRAtom(complement))
            }
            return .not(formula)
        case .and(let parts): return .any(parts.map { negate($0, context, at: point) })
        case .or(let parts): return .all(parts.map { negate($0, context, at: point) })
        }
    }

    private func linkId(_ question: Int) -> String { dialog.questions[question].id }

    /// Whether a term has a value.
    private func hasValue(_ term: Term) -> FHIRFormula {
        switch term {
        case .none: return .no
        case .literal: return .yes
        case .bool(_, let has): return has
        case .value(let path): return .atom(FHIRAtom(path: "(\(path)).exists()"))
        case .question(let question, let guarded):
            let definition = dialog.questions[question]
            let answered: FHIRFormula
            if definition.kind == .multi {
                // A multi question answered with nothing (no `none` option) has an item and no answer.
                answered = .atom(FHIRAtom(path: "\(FHIRPathText.item(definition.id)).where(extension.where(url = \(FHIRPathText.string(FHIRNaming.dataAbsentReasonExtension))).empty()).exists()"))
            } else {
                answered = .atom(FHIRAtom(FHIREntry(question: question, linkId: definition.id, op: "exists", answer: .boolean(true))))
            }
            return .all([guarded, answered])
        }
    }

    /// A term as a FHIRPath collection (empty when it has no value).
    func path(of term: Term) -> String {
        switch term {
        case .none: return "{}"
        case .literal(let value): return literal(value) ?? "{}"
        case .bool(let value, let has): return has == .yes ? value.path : "iif(\(has.path), \(value.path), {})"
        case .value(let path): return path
        case .question(let question, let guarded):
            let answers = FHIRPathText.answers(question: question, linkId: linkId(question))
            return guarded == .yes ? answers : "iif(\(guarded.path), \(answers), {})"
        }
    }

    private func literal(_ value: Value) -> String? {
        switch value {
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): FHIRPathText.number(number)
        case .text(let text): FHIRPathText.string(text)
        case .option, .options: nil
        }
    }

    /// The answer constant for comparing question `question` with `value` in an `enableWhen`.
    private func constant(_ value: Value, for question: Int) -> FHIRAnswerConstant? {
        let definition = dialog.questions[question]
        switch (definition.kind, value) {
        case (.yesno, .bool(let flag)): return .boolean(flag)
        case (.number, .number(let number)): return .decimal(FHIRPathText.number(number))
        case (.scale, .number(let number)):
            return number == number.rounded() ? .integer(FHIRPathText.number(number)) : .decimal(FHIRPathText.number(number))
        case (.text, .text(let text)): return .string(text)
        case (.date, .number(let day)): return .date(String(FHIRPathText.date(dayNumber: day).dropFirst()))
        case (.time, .number(let minutes)): return .time(String(FHIRPathText.time(minutes: minutes).dropFirst(2)))
        case (.choice, .option(let index)), (.multi, .option(let index)):
            guard definition.options.indices.contains(index) else { return nil }
            let option = definition.options[index]
            guard case .object(let members) = FHIRNaming.optionCoding(
                dialogID: dialog.id, questionID: definition.id, questionCode: definition.code,
                option: StoredOption(id: option.id, code: option.code, text: option.text)),
                case .string(let system)? = members.first(where: { $0.0 == "system" })?.1,
                case .string(let code)? = members.first(where: { $0.0 == "code" })?.1
            else { return nil }
            return .coding(system: system, code: code, display: option.text)
        default: return nil
        }
    }

    /// A yes/no expression as a condition on the answers, read at `point` on the way `context`.
    func bool(_ expression: DialogKit.Expression, _ context: Context, at point: Int) -> FHIRFormula {
        switch expression {
        case .constant(.bool(let flag)): return .constant(flag)
        case .constant: return .no
        case .slot:
            return truth(value(expression, context, at: point))
        case .not(let inner): return negate(bool(inner, context, at: point), context, at: point)
        case .and(let lhs, let rhs): return .all([bool(lhs, context, at: point), bool(rhs, context, at: point)])
        case .or(let lhs, let rhs): return .any([bool(lhs, context, at: point), bool(rhs, context, at: point)])
        case .compare(let op, let lhs, let rhs):
            if let rewritten = daysAgoComparison(op, lhs, rhs, context, at: point) { return rewritten }
            let calendar = calendarKind(lhs) ?? calendarKind(rhs)
            return compare(op, value(lhs, context, at: point), value(rhs, context, at: point), context, at: point, calendar: calendar)
        case .member(let lhs, let items, let negated):
            let left = value(lhs, context, at: point)
            let calendar = calendarKind(lhs)
            let any = FHIRFormula.any(items.map { compare(.equal, left, value($0, context, at: point), context, at: point, calendar: calendar) })
            return negated ? .all([hasValue(left), negate(any, context, at: point)]) : any
        case .has(let lhs, let option):
            return compare(.equal, value(lhs, context, at: point), .literal(.option(option)), context, at: point)
        case .answered(let slot):
            return hasValue(slot < dialog.questions.count ? questionTerm(slot, at: point) : context.lets[slot] ?? .none)
        case .unsure(let slot):
            guard slot < dialog.questions.count, case .question(let question, let guarded) = questionTerm(slot, at: point) else { return .no }
            let item = FHIRPathText.item(linkId(question))
            let unsure = FHIRAtom(path: "\(item).where(answer.extension.where(url = \(FHIRPathText.string(FHIRNaming.unsureExtension))).exists() or extension.where(url = \(FHIRPathText.string(FHIRNaming.dataAbsentReasonExtension))).exists()).exists()")
            return .all([guarded, .atom(unsure)])
        case .arithmetic, .negate, .count, .sum, .minimum, .maximum, .size, .outcome, .flagged, .choose, .optionValue, .today:
            return truth(value(expression, context, at: point))
        }
    }

    /// Whether a yes/no term holds.
    private func truth(_ term: Term) -> FHIRFormula {
        switch term {
        case .none: return .no
        case .literal(let value): return .constant(value == .bool(true))
        case .bool(let value, _): return value
        case .question(let question, let guarded):
            return .all([guarded, .atom(FHIRAtom(FHIREntry(question: question, linkId: linkId(question), op: "=", answer: .boolean(true))))])
        case .value(let path): return .atom(FHIRAtom(path: "(\(path)).where($this = true).exists()"))
        }
    }

    /// Whether an expression is a date or a time (a question, a `let` or an `if()` of them), whose
    /// constants are then FHIRPath dates (`@2026-01-01`) or times (`@T23:00:00`), not numbers.
    private func calendarKind(_ expression: DialogKit.Expression) -> QuestionKind? {
        switch expression {
        case .slot(let slot):
            switch dialog.slotTypes[slot] {
            case .date: return .date
            case .time: return .time
            default: return nil
            }
        case .choose(_, let then, let otherwise): return calendarKind(then) ?? calendarKind(otherwise)
        default: return nil
        }
    }

    /// The date `days_ago()` reads, for `days_ago(d)` (`today - d`); nil for any other expression.
    static func daysAgoDate(_ expression: DialogKit.Expression) -> DialogKit.Expression? {
        if case .arithmetic(.minus, .today, let date) = expression { return date }
        return nil
    }

    /// `days_ago(d) <= 7` as `d >= today() - 7 days` (FHIRPath counts no days between two dates, but
    /// moves a date by days), any comparison either way round, and `days_ago(a) < days_ago(b)` as
    /// `a > b`; nil for any other comparison. A fractional count of days is rounded the way whole
    /// days compare with it (`<= 7.5` is `<= 7`).
    func daysAgoComparison(_ op: BinaryOperator, _ lhs: DialogKit.Expression, _ rhs: DialogKit.Expression, _ context: Context, at point: Int) -> FHIRFormula? {
        if let left = Self.daysAgoDate(lhs), let right = Self.daysAgoDate(rhs) {
            return compare(op, value(right, context, at: point), value(left, context, at: point), context, at: point, calendar: .date)
        }
        guard let (op, date, days) = Self.daysAgoOperands(op, lhs, rhs) else { return nil }
        let term = value(date, context, at: point)
        if term == .none { return .no }
        // today - d <= n is d >= today - n: the comparison turns round.
        guard let turned = Self.mirrored(op), let symbol = Self.symbol(turned) else { return nil }
        let shift = days >= 0 ? "today() - \(Int(days)) days" : "today() + \(Int(-days)) days"
        return .atom(FHIRAtom(path: "iif((\(path(of: term))) \(symbol) (\(shift)), true, false)"))
    }

    /// `days_ago(d) op n` (or `n op days_ago(d)`, turned round) with `n` a constant count of days
    /// that whole days can be compared with: the operator, the date, and `n` in whole days.
    static func daysAgoOperands(_ op: BinaryOperator, _ lhs: DialogKit.Expression, _ rhs: DialogKit.Expression)
        -> (BinaryOperator, DialogKit.Expression, Double)?
    {
        var op = op
        let date: DialogKit.Expression
        let days: Double
        if let left = daysAgoDate(lhs), case .constant(.number(let number)) = rhs {
            (date, days) = (left, number)
        } else if let right = daysAgoDate(rhs), case .constant(.number(let number)) = lhs, let turned = mirrored(op) {
            (op, date, days) = (turned, right, number)
        } else {
            return nil
        }
        guard days.isFinite, abs(days) < 1e7 else { return nil }
        if days == days.rounded() { return (op, date, days) }
        switch op {
        case .lessOrEqual, .greater: return (op, date, days.rounded(.down))
        case .less, .greaterOrEqual: return (op, date, days.rounded(.up))
        default: return nil
        }
    }

    private func compare(_ op: BinaryOperator, _ lhs: Term, _ rhs: Term, _ context: Context, at point: Int, calendar: QuestionKind? = nil) -> FHIRFormula {
        if lhs == .none || rhs == .none { return .no }
        // A date or a time against a constant other than a question's: the constant as a FHIRPath date or time.
        if let calendar {
            func written(_ term: Term, beside other: Term) -> Term {
                if case .question = other { return term }
                guard case .literal(.number(let number)) = term else { return term }
                return .value(calendar == .date ? FHIRPathText.date(dayNumber: number) : FHIRPathText.time(minutes: number))
            }
            let (left, right) = (written(lhs, beside: rhs), written(rhs, beside: lhs))
            if left != lhs || right != rhs { return compare(op, left, right, context, at: point) }
        }
        // A question's answer against a constant: one `enableWhen` test.
        if case .literal = lhs, case .question = rhs, let mirrored = Self.mirrored(op) { return compare(mirrored, rhs, lhs, context, at: point) }
        if case .question(let question, let guarded) = lhs, case .literal(let value) = rhs, let answer = constant(value, for: question) {
            func test(_ symbol: String) -> FHIRFormula {
                .atom(FHIRAtom(FHIREntry(question: question, linkId: linkId(question), op: symbol, answer: answer)))
            }
            switch op {
            case .equal: return .all([guarded, test("=")])
            case .notEqual: return .all([hasValue(lhs), negate(test("="), context, at: point)])
            default:
                guard let symbol = Self.symbol(op) else { return .no }
                return .all([guarded, test(symbol)])
            }
        }
        // Two yes/no values: equal when both have one and they agree.
        if case .bool(let left, let leftHas) = lhs, case .literal(.bool(let flag)) = rhs {
            let agrees = flag ? left : negate(left, context, at: point)
            switch op {
            case .equal: return .all([leftHas, agrees])
            case .notEqual: return .all([leftHas, negate(agrees, context, at: point)])
            default: return .no
            }
        }
        guard let symbol = Self.symbol(op) else { return .no }
        return .atom(FHIRAtom(path: "iif((\(path(of: lhs))) \(symbol) (\(path(of: rhs))), true, false)"))
    }

    /// A value expression read at `point` on the way `context`.
    func value(_ expression: DialogKit.Expression, _ context: Context, at point: Int) -> Term {
        switch expression {
        case .constant(let value): return .literal(value)
        case .slot(let slot):
            if slot < dialog.questions.count { return questionTerm(slot, at: point) }
            return context.lets[slot] ?? .none
        case .arithmetic(let op, let lhs, let rhs):
            let left = value(lhs, context, at: point)
            let right = value(rhs, context, at: point)
            if left == .none || right == .none { return .none }
            let symbol: String
            switch op {
            case .plus: symbol = "+"
            case .minus: symbol = "-"
            case .times: symbol = "*"
            case .divide: symbol = "/"
            default: return .none
            }
            return .value("(\(path(of: left)) \(symbol) \(path(of: right)))")
        case .negate(let inner):
            let term = value(inner, context, at: point)
            return term == .none ? .none : .value("(0 - \(path(of: term)))")
        case .count(let items):
            let parts = items.map { "iif(\(bool($0, context, at: point).path), 1, 0)" }
            return .value(parts.isEmpty ? "0" : "(" + parts.joined(separator: " + ") + ")")
        case .sum(let items):
            let parts = items.map { value($0, context, at: point) }.filter { $0 != .none }.map { term -> String in
                let text = path(of: term)
                return "iif((\(text)).exists(), \(text), 0)"
            }
            return .value(parts.isEmpty ? "0" : "(" + parts.joined(separator: " + ") + ")")
        case .minimum(let items), .maximum(let items):
            let parts = items.map { value($0, context, at: point) }.filter { $0 != .none }.map { path(of: $0) }
            guard let first = parts.first else { return .none }
            let isMinimum: Bool
            if case .minimum = expression { isMinimum = true } else { isMinimum = false }
            let combined = parts.dropFirst().reduce("(\(first))") { "\($0).combine(\($1))" }
            return .value("\(combined).aggregate(iif($total.empty(), $this, iif($this \(isMinimum ? "<" : ">") $total, $this, $total)))")
        case .size(let inner):
            let term = value(inner, context, at: point)
            guard case .question(let question, _) = term else { return .none }
            return .value("iif(\(hasValue(term).path), \(FHIRPathText.answers(question: question, linkId: linkId(question))).count(), {})")
        case .choose(let condition, let then, let otherwise):
            let whenTrue = value(then, context, at: point)
            let whenFalse = value(otherwise, context, at: point)
            return .value("iif(\(bool(condition, context, at: point).path), \(path(of: whenTrue)), \(path(of: whenFalse)))")
        case .optionValue(let inner, _):
            // The chosen codings' `ordinalValue`s, summed (one for a choice); none without an answer,
            // 0 for a multi answered with nothing, as in the bot.
            let term = value(inner, context, at: point)
            guard case .question(let question, _) = term else { return .none }
            let answers = FHIRPathText.answers(question: question, linkId: linkId(question))
            let sum = "\(answers).extension.where(url = \(FHIRPathText.string(FHIRNaming.ordinalValueExtension))).value.aggregate($this + $total, 0)"
            return .value("iif(\(hasValue(term).path), \(sum), {})")
        // `days_ago()` as a plain number: FHIRPath has no count of days between two dates
        // (comparisons with it are rewritten in `compare`; `FHIRExportNotes` names what is left out).
        case .outcome, .flagged, .today:
            return .none
        case .not, .and, .or, .compare, .member, .has, .answered, .unsure:
            return .bool(bool(expression, context, at: point), hasValue: .yes)
        }
    }

    private static func symbol(_ op: BinaryOperator) -> String? {
        switch op {
        case .equal: "="
        case .notEqual: "!="
        case .less: "<"
        case .lessOrEqual: "<="
        case .greater: ">"
        case .greaterOrEqual: ">="
        default: nil
        }
    }

    /// `a < b` read from the other side: `b > a`.
    private static func mirrored(_ op: BinaryOperator) -> BinaryOperator? {
        switch op {
        case .equal, .notEqual: op
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: nil
        }
    }
}
