// ExpressionPrinter: a checked expression back to dialog-language text (for mutants and threshold names).

import DialogKit

/// Writes expressions as an author would, with question, option and outcome names.
struct ExpressionPrinter {
    let dialog: Dialog

    func text(_ expression: Expression) -> String {
        print(expression, context: nil)
    }

    /// Binding strength, loosest first, as the parser reads them.
    private func precedence(_ expression: Expression) -> Int {
        switch expression {
        case .or: 1
        case .and: 2
        case .not: 3
        case .compare, .member, .has: 4
        case .arithmetic(let op, _, _): op == .plus || op == .minus ? 5 : 6
        case .negate: 7
        default: 8
        }
    }

    private func print(_ expression: Expression, context: ValueType?) -> String {
        func child(_ inner: Expression, _ minimum: Int, _ context: ValueType? = nil) -> String {
            let text = print(inner, context: context)
            return precedence(inner) < minimum ? "(\(text))" : text
        }
        switch expression {
        case .constant(let value):
            return constant(value, context: context)
        case .slot(let slot):
            return dialog.slotNames[slot]
        case .not(let inner):
            return "not " + child(inner, 4)
        case .and(let lhs, let rhs):
            return child(lhs, 2) + " and " + child(rhs, 3)
        case .or(let lhs, let rhs):
            return child(lhs, 1) + " or " + child(rhs, 2)
        case .compare(let op, let lhs, let rhs):
            return child(lhs, 5, type(of: rhs)) + " \(op.rawValue) " + child(rhs, 5, type(of: lhs))
        case .member(let lhs, let items, let negated):
            let itemType = type(of: lhs)
            return child(lhs, 5) + (negated ? " not in [" : " in [") + items.map { print($0, context: itemType) }.joined(separator: ", ") + "]"
        case .has(let lhs, let option):
            var name = String(option)
            if case .options(let question)? = type(of: lhs), option < dialog.questions[question].options.count {
                name = dialog.questions[question].options[option].id
            }
            return child(lhs, 5) + " has " + name
        case .arithmetic(.minus, .today, let date):
            return "days_ago(" + print(date, context: nil) + ")"
        case .arithmetic(let op, let lhs, let rhs):
            let own = precedence(expression)
            return child(lhs, own) + " \(op.rawValue) " + child(rhs, own + 1)
        case .negate(let inner):
            return "-" + child(inner, 7)
        case .count(let items): return "count(" + list(items) + ")"
        case .sum(let items): return "sum(" + list(items) + ")"
        case .minimum(let items): return "min(" + list(items) + ")"
        case .maximum(let items): return "max(" + list(items) + ")"
        case .answered(let slot): return "answered(\(dialog.slotNames[slot]))"
        case .unsure(let slot): return "\(dialog.slotNames[slot]) is unsure"
        case .size(let inner): return "size(" + print(inner, context: nil) + ")"
        case .outcome: return "outcome"
        case .flagged(let name): return "flagged(\(name))"
        case .choose(let condition, let then, let otherwise): return "if(" + list([condition, then, otherwise]) + ")"
        case .optionValue(let inner, _): return "value(" + print(inner, context: nil) + ")"
        case .today: return "today"
        }
    }

    private func list(_ items: [Expression]) -> String {
        items.map { print($0, context: nil) }.joined(separator: ", ")
    }

    /// The type a name has, so that a constant beside it can be written as an option or outcome id.
    private func type(of expression: Expression) -> ValueType? {
        switch expression {
        case .slot(let slot): dialog.slotTypes[slot]
        case .outcome: .outcome
        default: nil
        }
    }

    private func constant(_ value: Value, context: ValueType?) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            if context == .date { return "date(\"\(CalendarDay(dayNumber: Int(number)).iso)\")" }
            if context == .time, let time = ClockTime(minutes: Int(number)) { return "time(\"\(time.iso)\")" }
            return NumberFormatting.plain(number)
        case .text(let text): return "\"\(text)\""
        case .option(let index):
            switch context {
            case .option(let question)?, .options(let question)?:
                if index < dialog.questions[question].options.count { return dialog.questions[question].options[index].id }
            case .outcome?:
                if index < dialog.outcomes.count { return dialog.outcomes[index].id }
            default: break
            }
            return String(index)
        case .options(let bits): return String(bits)
        }
    }
}
