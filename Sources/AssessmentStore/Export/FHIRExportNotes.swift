// FHIRExportNotes: what of a dialog the FHIR Questionnaire cannot say, named for `intake export --questionnaire`.

import DialogKit

/// What FHIRPath cannot say of a dialog, and so the Questionnaire leaves out: `days_ago()` used as a
/// number of days (in arithmetic, a `let`, a score), where it is not compared with a constant count
/// (`days_ago(onset) <= 7` is said, as `onset >= today() - 7 days`). A `let` or score that reads it
/// gets no item; a condition that reads it reads it as no value.
public enum FHIRExportNotes {
    /// One line per expression left out, naming it.
    public static func leftOut(_ dialog: Dialog) -> [String] {
        var notes: [String] = []
        func note(_ what: String, _ expression: TypedExpression) {
            guard readsDaysAgoAsNumber(expression.expression) else { return }
            notes.append("line \(expression.location.line): \(what) is `\(expression.source)`, which uses days_ago() as a number of days; FHIRPath cannot count the days between two dates, so it is left out of the Questionnaire")
        }
        for instruction in dialog.program {
            switch instruction {
            case .assign(let slot, let expression): note("`let \(dialog.slotNames[slot])`", expression)
            case .jumpIf(let condition, _), .jumpUnless(let condition, _), .endIf(let condition, _): note("the condition", condition)
            default: continue
            }
        }
        for flag in dialog.flags { note("the flag `\(flag.name)`", flag.condition) }
        for outcome in dialog.outcomes {
            for flag in outcome.flags { note("the flag `\(flag.name)` of `\(outcome.id)`", flag.condition) }
        }
        for score in dialog.scores { note("the score `\(score.name)`", score.value) }
        return notes
    }

    /// Whether `days_ago()` stands in the expression anywhere but in a comparison the export rewrites.
    static func readsDaysAgoAsNumber(_ expression: DialogKit.Expression) -> Bool {
        switch expression {
        case .today: return true
        case .constant, .slot, .answered, .unsure, .outcome, .flagged: return false
        case .compare(let op, let lhs, let rhs):
            if let left = FHIRFlowConditions.daysAgoDate(lhs), let right = FHIRFlowConditions.daysAgoDate(rhs) {
                return readsDaysAgoAsNumber(left) || readsDaysAgoAsNumber(right)
            }
            if let (_, date, _) = FHIRFlowConditions.daysAgoOperands(op, lhs, rhs) { return readsDaysAgoAsNumber(date) }
            return readsDaysAgoAsNumber(lhs) || readsDaysAgoAsNumber(rhs)
        case .not(let inner), .negate(let inner), .size(let inner), .has(let inner, _), .optionValue(let inner, _):
            return readsDaysAgoAsNumber(inner)
        case .and(let lhs, let rhs), .or(let lhs, let rhs), .arithmetic(_, let lhs, let rhs):
            return readsDaysAgoAsNumber(lhs) || readsDaysAgoAsNumber(rhs)
        case .member(let lhs, let items, _):
            return ([lhs] + items).contains(where: readsDaysAgoAsNumber)
        case .count(let items), .sum(let items), .minimum(let items), .maximum(let items):
            return items.contains(where: readsDaysAgoAsNumber)
        case .choose(let condition, let then, let otherwise):
            return [condition, then, otherwise].contains(where: readsDaysAgoAsNumber)
        }
    }
}
