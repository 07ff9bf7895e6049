// TypeChecker: resolves names in ExpressionSyntax and checks types, giving a typed Expression or diagnostics.

/// Type-checks one expression. Errors are collected as diagnostics with positions in the dialog file.
struct TypeChecker {
    let scope: NameScope
    /// Where the expression text starts in the file.
    let origin: SourceLocation
    var diagnostics: [Diagnostic] = []

    init(scope: NameScope, origin: SourceLocation) {
        self.scope = scope
        self.origin = origin
    }

    /// Parses and checks `source`; returns nil (with diagnostics) when it is not a valid expression of `expected` type.
    mutating func check(source: String, expecting expected: ValueType?) -> TypedExpression? {
        switch ExpressionParser.parse(source) {
        case .failure(let error):
            report(error.isDepthLimit ? .expressionTooDeep : .invalidExpression, "invalid expression `\(source)`: \(error.message)", at: error.offset)
            return nil
        case .success(let syntax):
            guard let (expression, type) = check(syntax, context: nil) else { return nil }
            if let expected, type != expected {
                report(.typeMismatch, "`\(source)` is a \(type), but a \(expected) is needed here", at: 0)
                return nil
            }
            return TypedExpression(expression: expression, type: type, source: source, location: origin)
        }
    }

    mutating func report(_ code: DiagnosticCode, _ message: String, at offset: Int, notes: [String] = []) {
        var location = origin
        location.column += offset
        diagnostics.append(Diagnostic(code, message, at: location, notes: notes))
    }

    mutating func check(_ syntax: ExpressionSyntax, context: ValueType?) -> (Expression, ValueType)? {
        switch syntax {
        case .number(let value, _):
            return (.constant(.number(value)), .number)
        case .string(let value, _):
            return (.constant(.text(value)), .text)
        case .name(let name, let offset):
            return resolve(name, at: offset, context: context)
        case .list(_, let offset):
            report(.wrongOperandForm, "a list [...] can only follow `in`", at: offset)
            return nil
        case .not(let inner, let offset):
            guard let (expression, type) = check(inner, context: nil) else { return nil }
            guard type == .bool else {
                report(.typeMismatch, "`not` needs a yes/no value, not a \(type)", at: offset)
                return nil
            }
            return (.not(expression), .bool)
        case .negate(let inner, let offset):
            guard let (expression, type) = check(inner, context: nil) else { return nil }
            guard type == .number else {
                report(.typeMismatch, "`-` needs a number, not a \(type)", at: offset)
                return nil
            }
            return (.negate(expression), .number)
        case .binary(let op, let lhs, let rhs, let offset):
            return checkBinary(op, lhs, rhs, offset: offset)
        case .call(let name, let arguments, let offset):
            return checkCall(name, arguments, offset: offset)
        }
    }

    private mutating func resolve(_ name: String, at offset: Int, context: ValueType?) -> (Expression, ValueType)? {
        switch context {
        case .option(let question)?, .options(let question)?:
            if let index = scope.questions[question].options.firstIndex(where: { $0.id == name }) {
                return (.constant(.option(index)), .option(question: question))
            }
        case .outcome?:
            if let index = scope.outcomes?[name] {
                return (.constant(.option(index)), .outcome)
            }
        default:
            break
        }
        if let index = scope.questionIndex[name] {
            if scope.untypedQuestions.contains(index) { return nil }
            return (.slot(index), scope.type(ofQuestion: index))
        }
        if let local = scope.lets[name] {
            return (.slot(local.slot), local.type)
        }
        if scope.outcomes != nil, name == "outcome" {
            return (.outcome, .outcome)
        }
        if name == ".", let slot = scope.answerSlot {
            return (.slot(slot), scope.type(ofQuestion: slot))
        }
        if name == "." {
            report(.notAllowedHere, "`.` (the answer being given) can only be used in a question's `constraint`", at: offset)
            return nil
        }
        if let value = NameScope.booleanWords[name] {
            return (.constant(.bool(value)), .bool)
        }
        // A value the flow computes only further down: refused here, at this name, so the message is
        // about the name the caret is under and not about whatever else the expression holds.
        if let defined = scope.laterLets[name] {
            report(.usedBeforeComputed, "`\(name)` is used before the flow computes it", at: offset, notes: ["`let \(name)` is at \(defined)"])
            return nil
        }
        if scope.brokenLets.contains(name) { return nil }
        var candidates = scope.allNames
        var what = "question or value"
        switch context {
        case .option(let question)?, .options(let question)?:
            candidates += scope.questions[question].options.map(\.id)
            what = "option of `\(scope.questions[question].id)`, question or value"
        case .outcome?:
            candidates += scope.outcomes.map { Array($0.keys) } ?? []
            what = "outcome"
        default:
            break
        }
        let notes = NearMiss.suggestion(for: name, among: candidates).map { ["did you mean `\($0)`?"] } ?? []
        report(.unknownName, "unknown \(what) `\(name)`", at: offset, notes: notes)
        return nil
    }

    private func isUnresolvedName(_ syntax: ExpressionSyntax) -> Bool {
        if case .name(let name, _) = syntax { return !scope.isKnownName(name) }
        return false
    }

    private mutating func checkBinary(
        _ op: BinaryOperator, _ lhs: ExpressionSyntax, _ rhs: ExpressionSyntax, offset: Int
    ) -> (Expression, ValueType)? {
        switch op {
        case .and, .or:
            guard let (left, leftType) = check(lhs, context: nil), let (right, rightType) = check(rhs, context: nil) else {
                return nil
            }
            guard leftType == .bool, rightType == .bool else {
                report(.typeMismatch, "`\(op.rawValue)` joins yes/no values, not \(leftType == .bool ? rightType : leftType)", at: offset)
                return nil
            }
            return (op == .and ? .and(left, right) : .or(left, right), .bool)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            if let levelTest = checkLevelComparison(op, lhs, rhs, offset: offset) { return levelTest }
            // An option id on the left ("one_side == location") is resolved by the right side.
            let rightFirst = isUnresolvedName(lhs) && !isUnresolvedName(rhs)
            let left: (Expression, ValueType)
            let right: (Expression, ValueType)
            if rightFirst {
                guard let checkedRight = check(rhs, context: nil), let checkedLeft = check(lhs, context: checkedRight.1) else { return nil }
                (left, right) = (checkedLeft, checkedRight)
            } else {
                guard let checkedLeft = check(lhs, context: nil), let checkedRight = check(rhs, context: checkedLeft.1) else { return nil }
                (left, right) = (checkedLeft, checkedRight)
            }
            if op == .equal || op == .notEqual {
                guard left.1 == right.1 else {
                    report(.typeMismatch, "cannot compare a \(left.1) with a \(right.1)", at: offset)
                    return nil
                }
            } else if left.1 == .date || left.1 == .time {
                guard right.1 == left.1 else {
                    report(.typeMismatch, "`\(op.rawValue)` compares a \(left.1) with a \(left.1), not with a \(right.1)", at: offset,
                        notes: left.1 == .date ? ["write `days_ago(\(ExpressionSyntax.name(of: lhs) ?? "date")) <= 7` to compare with a number of days"] : [])
                    return nil
                }
            } else {
                guard left.1 == .number, right.1 == .number else {
                    report(.typeMismatch, "`\(op.rawValue)` compares numbers, not a \(left.1 == .number ? right.1 : left.1)", at: offset)
                    return nil
                }
            }
            return (.compare(op, left.0, right.0), .bool)
        case .in, .notIn:
            guard let (left, leftType) = check(lhs, context: nil) else { return nil }
            guard case .list(let items, _) = rhs else {
                report(.wrongOperandForm, "`\(op.rawValue)` needs a list such as [a, b]", at: rhs.offset)
                return nil
            }
            var checkedItems: [Expression] = []
            for item in items {
                guard let (expression, type) = check(item, context: leftType) else { return nil }
                guard type == leftType else {
                    report(.typeMismatch, "this list holds a \(type), but the value before `\(op.rawValue)` is a \(leftType)", at: item.offset)
                    return nil
                }
                checkedItems.append(expression)
            }
            return (.member(left, checkedItems, negated: op == .notIn), .bool)
        case .has:
            guard let (left, leftType) = check(lhs, context: nil) else { return nil }
            guard case .options(let question) = leftType else {
                report(.typeMismatch, "`has` needs a multiple-choice question on its left, not a \(leftType)", at: offset)
                return nil
            }
            guard case .name(let name, let nameOffset) = rhs else {
                report(.wrongOperandForm, "`has` needs an option id on its right", at: rhs.offset)
                return nil
            }
            let options = scope.questions[question].options
            guard let index = options.firstIndex(where: { $0.id == name }) else {
                let notes = NearMiss.suggestion(for: name, among: options.map(\.id)).map { ["did you mean `\($0)`?"] } ?? []
                report(.unknownName, "`\(scope.questions[question].id)` has no option `\(name)`", at: nameOffset, notes: notes)
                return nil
            }
            return (.has(left, option: index), .bool)
        case .plus, .minus, .times, .divide:
            guard let (left, leftType) = check(lhs, context: nil), let (right, rightType) = check(rhs, context: nil) else {
                return nil
            }
            guard leftType == .number, rightType == .number else {
                report(.typeMismatch, "`\(op.rawValue)` works on numbers, not a \(leftType == .number ? rightType : leftType)", at: offset)
                return nil
            }
            return (.arithmetic(op, left, right), .number)
        }
    }

    private static let functions = ["count", "sum", "min", "max", "answered", "size", "flagged", "unsure", "if", "value", "days_ago", "date", "time"]

    /// The slot of a call's single name argument (`answered(note)`, `thunderclap is unsure`), or nil
    /// with a diagnostic.
    private mutating func nameArgument(_ arguments: [ExpressionSyntax], offset: Int, usage: String) -> (slot: Int, target: (name: String, offset: Int))? {
        guard arguments.count == 1, case .name(let target, let targetOffset) = arguments[0] else {
            report(arguments.count == 1 ? .typeMismatch : .wrongArgumentCount, usage, at: offset)
            return nil
        }
        guard let (expression, _) = resolve(target, at: targetOffset, context: nil), case .slot(let slot) = expression else { return nil }
        return (slot, (target, targetOffset))
    }

    private mutating func checkCall(_ name: String, _ arguments: [ExpressionSyntax], offset: Int) -> (Expression, ValueType)? {
        switch name {
        case "count", "sum", "min", "max":
            guard !arguments.isEmpty else {
                report(.wrongArgumentCount, "`\(name)()` needs at least one value", at: offset)
                return nil
            }
            let needed: ValueType = name == "count" ? .bool : .number
            var items: [Expression] = []
            for argument in arguments {
                guard let (expression, type) = check(argument, context: nil) else { return nil }
                guard type == needed else {
                    report(.typeMismatch, "`\(name)()` takes \(needed == .bool ? "yes/no conditions" : "numbers"), not a \(type)", at: argument.offset)
                    return nil
                }
                items.append(expression)
            }
            switch name {
            case "count": return (.count(items), .number)
            case "sum": return (.sum(items), .number)
            case "min": return (.minimum(items), .number)
            default: return (.maximum(items), .number)
            }
        case "answered":
            guard let (slot, _) = nameArgument(arguments, offset: offset, usage: "`answered()` takes one question or value name") else { return nil }
            return (.answered(slot: slot), .bool)
        case "unsure":
            guard let (slot, target) = nameArgument(arguments, offset: offset, usage: "`is unsure` follows a question's name, as in `thunderclap is unsure`")
            else { return nil }
            guard slot < scope.questions.count else {
                report(.notAllowedHere, "`\(target.name)` is a computed value; only a question's answer can be unsure", at: target.offset)
                return nil
            }
            return (.unsure(slot: slot), .bool)
        case "size":
            guard arguments.count == 1, let (expression, type) = check(arguments[0], context: nil) else {
                if arguments.count != 1 { report(.wrongArgumentCount, "`size()` takes one multiple-choice question", at: offset) }
                return nil
            }
            guard case .options = type else {
                report(.typeMismatch, "`size()` counts the options chosen in a multiple-choice question, not a \(type)", at: offset)
                return nil
            }
            return (.size(expression), .number)
        case "if", "value":
            return checkScoreCall(name, arguments, offset: offset)
        case "flagged":
            guard let flags = scope.flagNames else {
                report(.notAllowedHere, "`flagged()` can only be used in `checks`", at: offset)
                return nil
            }
            guard arguments.count == 1, case .name(let flag, let flagOffset) = arguments[0] else {
                report(arguments.count == 1 ? .typeMismatch : .wrongArgumentCount, "`flagged()` takes one flag name", at: offset)
                return nil
            }
            guard flags.contains(flag) else {
                let notes = NearMiss.suggestion(for: flag, among: flags).map { ["did you mean `\($0)`?"] } ?? []
                report(.unknownName, "unknown flag `\(flag)`", at: flagOffset, notes: notes)
                return nil
            }
            return (.flagged(flag), .bool)
        case "days_ago", "date", "time":
            return checkCalendarCall(name, arguments, offset: offset)
        default:
            let notes = NearMiss.suggestion(for: name, among: Self.functions).map { ["did you mean `\($0)`?"] } ?? []
            report(.unknownName, "unknown function `\(name)`", at: offset, notes: notes)
            return nil
        }
    }
}

extension TypeChecker {
    /// `days_ago(d)`: the days from a date to the session's today (a number, no value without a today);
    /// `date("2026-11-24")` and `time("23:30")`: a fixed day or time to compare answers with.
    fileprivate mutating func checkCalendarCall(_ name: String, _ arguments: [ExpressionSyntax], offset: Int) -> (Expression, ValueType)? {
        guard arguments.count == 1 else {
            report(.wrongArgumentCount, name == "days_ago" ? "`days_ago()` takes one date" : "`\(name)()` takes one text such as \(name == "date" ? "\"2026-11-24\"" : "\"23:30\"")", at: offset)
            return nil
        }
        if name == "days_ago" {
            guard let (expression, type) = check(arguments[0], context: nil) else { return nil }
            guard type == .date else {
                report(.typeMismatch, "`days_ago()` counts the days since a date, not since a \(type)", at: arguments[0].offset)
                return nil
            }
            return (.arithmetic(.minus, .today, expression), .number)
        }
        guard case .string(let text, let textOffset) = arguments[0] else {
            report(.typeMismatch, "`\(name)()` takes the \(name) written as text, such as \(name == "date" ? "\"2026-11-24\"" : "\"23:30\"")", at: arguments[0].offset)
            return nil
        }
        if name == "date" {
            guard let day = CalendarDay(iso: text) else {
                report(.invalidCalendarValue, "`\(text)` is no date: write it as YYYY-MM-DD, such as \"2026-11-24\"", at: textOffset)
                return nil
            }
            return (.constant(.number(Double(day.dayNumber))), .date)
        }
        guard let time = ClockTime(iso: text) else {
            report(.invalidCalendarValue, "`\(text)` is no time: write it as HH:MM on a 24-hour clock, such as \"23:30\"", at: textOffset)
            return nil
        }
        return (.constant(.number(Double(time.minutes))), .time)
    }
}
