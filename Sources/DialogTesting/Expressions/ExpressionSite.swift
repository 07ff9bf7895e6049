// ExpressionSite: where an expression of a dialog lives (an instruction, a flag, a check), to read or replace it.

import DialogKit

/// The place of one expression in a compiled dialog.
enum ExpressionOwner: Hashable, Sendable {
    case instruction(Int)
    /// A dialog-wide flag, by index in `Dialog.flags`.
    case flag(Int)
    /// A flag of one outcome only.
    case outcomeFlag(outcome: Int, flag: Int)
    case checkCondition(Int)
    case checkRequirement(Int)
}

extension Dialog {
    /// Every expression that decides where a session goes or what it concludes (not `checks`).
    var behaviourExpressions: [(owner: ExpressionOwner, expression: TypedExpression)] {
        var out: [(owner: ExpressionOwner, expression: TypedExpression)] = []
        for (index, instruction) in program.enumerated() {
            if let expression = instruction.expression { out.append((.instruction(index), expression)) }
        }
        for (index, rule) in flags.enumerated() { out.append((.flag(index), rule.condition)) }
        for (outcome, definition) in outcomes.enumerated() {
            for (index, rule) in definition.flags.enumerated() { out.append((.outcomeFlag(outcome: outcome, flag: index), rule.condition)) }
        }
        return out
    }

    /// Every expression, the checks' too.
    var allExpressions: [(owner: ExpressionOwner, expression: TypedExpression)] {
        var out = behaviourExpressions
        for (index, check) in checks.enumerated() {
            if let condition = check.condition { out.append((.checkCondition(index), condition)) }
            out.append((.checkRequirement(index), check.requirement))
        }
        return out
    }

    /// A dialog with the expression at `owner` replaced (checks cannot be replaced: they are not behaviour).
    func replacing(_ owner: ExpressionOwner, with expression: Expression) -> Dialog {
        switch owner {
        case .instruction(let index):
            var program = self.program
            program[index] = program[index].replacingExpression(expression)
            return replacing(program: program)
        case .flag(let index):
            var flags = self.flags
            flags[index].condition.expression = expression
            return replacing(flags: flags)
        case .outcomeFlag(let outcome, let index):
            var outcomes = self.outcomes
            outcomes[outcome].flags[index].condition.expression = expression
            return replacing(outcomes: outcomes)
        case .checkCondition, .checkRequirement:
            return self
        }
    }

    /// Where the flow's position `index` is written, as `file:line`.
    func place(ofInstruction index: Int) -> String {
        let location = programLocations[index]
        return "\(location.file):\(location.line)"
    }
}

extension Instruction {
    /// The condition or value this instruction evaluates, if any.
    var expression: TypedExpression? {
        switch self {
        case .assign(_, let expression), .jumpUnless(let expression, _), .jumpIf(let expression, _), .endIf(let expression, _):
            expression
        default:
            nil
        }
    }

    func replacingExpression(_ new: Expression) -> Instruction {
        switch self {
        case .assign(let slot, var typed):
            typed.expression = new
            return .assign(slot: slot, typed)
        case .jumpUnless(var typed, let target):
            typed.expression = new
            return .jumpUnless(typed, target: target)
        case .jumpIf(var typed, let target):
            typed.expression = new
            return .jumpIf(typed, target: target)
        case .endIf(var typed, let outcome):
            typed.expression = new
            return .endIf(typed, outcome: outcome)
        default:
            return self
        }
    }

    /// Whether the instruction decides between two ways.
    var isConditional: Bool {
        switch self {
        case .jumpUnless, .jumpIf, .endIf: true
        default: false
        }
    }
}
