// TypeChecker+Scores: `if(condition, a, b)`, `value(question)` (options' scores) and `level` in checks.

extension TypeChecker {
    /// `if(condition, a, b)` and `value(question)`.
    mutating func checkScoreCall(_ name: String, _ arguments: [ExpressionSyntax], offset: Int) -> (Expression, ValueType)? {
        if name == "if" {
            guard arguments.count == 3 else {
                report(.wrongArgumentCount, "`if()` takes three values: a condition, the value when it holds, the value when not", at: offset)
                return nil
            }
            guard let (condition, conditionType) = check(arguments[0], context: nil) else { return nil }
            guard conditionType == .bool else {
                report(.typeMismatch, "the first value of `if()` is its condition, a yes/no value, not a \(conditionType)", at: arguments[0].offset)
                return nil
            }
            guard let (then, thenType) = check(arguments[1], context: nil), let (otherwise, otherwiseType) = check(arguments[2], context: thenType) else {
                return nil
            }
            guard thenType == otherwiseType else {
                report(.typeMismatch, "the two values of `if()` must have one type, not a \(thenType) and a \(otherwiseType)", at: arguments[2].offset)
                return nil
            }
            return (.choose(condition, then, otherwise), thenType)
        }
        guard arguments.count == 1 else {
            report(.wrongArgumentCount, "`value()` takes one choice or multiple-choice question", at: offset)
            return nil
        }
        guard let (inner, type) = check(arguments[0], context: nil) else { return nil }
        let question: Int
        switch type {
        case .option(let index), .options(let index): question = index
        default:
            report(.noOptionValues, "`value()` reads the `value` of the options chosen at a choice or multiple-choice question, not a \(type)", at: arguments[0].offset)
            return nil
        }
        let options = scope.questions[question].options
        let values = options.compactMap(\.value)
        guard !options.isEmpty, values.count == options.count else {
            report(.noOptionValues, "the options of `\(scope.questions[question].id)` have no `value`, so `value()` has nothing to read",
                at: arguments[0].offset, notes: ["give each option a number, as in `value: 2`"])
            return nil
        }
        return (.optionValue(inner, values: values), .number)
    }

    /// `level == emergency` (or `!=`) in `checks`: whether the outcome reached has that level, read as
    /// `outcome in [the outcomes of that level]`. Nil when the comparison is not about `level`.
    mutating func checkLevelComparison(_ op: BinaryOperator, _ lhs: ExpressionSyntax, _ rhs: ExpressionSyntax, offset: Int) -> (Expression, ValueType)? {
        guard let levels = scope.outcomeLevels, op == .equal || op == .notEqual, !scope.isKnownName("level") else { return nil }
        let word: (name: String, offset: Int)
        switch (lhs, rhs) {
        case (.name("level", _), .name(let name, let at)), (.name(let name, let at), .name("level", _)): word = (name, at)
        default: return nil
        }
        guard let level = OutcomeLevel(rawValue: word.name) else {
            let names = OutcomeLevel.allCases.map(\.rawValue)
            let notes = NearMiss.suggestion(for: word.name, among: names).map { ["did you mean `\($0)`?"] } ?? ["the levels are: \(names.joined(separator: ", "))"]
            report(.unknownOutcomeLevel, "unknown outcome level `\(word.name)`", at: word.offset, notes: notes)
            return (.constant(.bool(false)), .bool)
        }
        let outcomes = levels.indices.filter { levels[$0] == level }.map { Expression.constant(.option($0)) }
        return (.member(.outcome, outcomes, negated: op == .notEqual), .bool)
    }
}
