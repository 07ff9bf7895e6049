// MutantGenerator: every mutant of a dialog: thresholds moved, comparisons and logic flipped, outcomes
// swapped, branches removed, `also` words dropped.

import DialogKit

/// Makes mutants by changing the compiled dialog (the file is never touched).
public enum MutantGenerator {
    public static func mutants(of dialog: Dialog) -> [Mutant] {
        expressionMutants(dialog) + outcomeMutants(dialog) + branchMutants(dialog) + alsoWordMutants(dialog)
    }

    /// Thresholds one up and one down, `>=`/`>` and `<=`/`<` flipped, `and`/`or` flipped.
    static func expressionMutants(_ dialog: Dialog) -> [Mutant] {
        let printer = ExpressionPrinter(dialog: dialog)
        var mutants: [Mutant] = []
        for (owner, typed) in dialog.behaviourExpressions {
            let context = describe(owner, dialog: dialog)
            for (path, node) in typed.expression.nodesWithPaths {
                var changes: [(Mutant.Kind, Expression)] = []
                if let threshold = node.numericThreshold, case .compare(let op, let lhs, let rhs) = node {
                    for delta in [1.0, -1.0] {
                        let moved = Expression.constant(.number(threshold.constant + delta))
                        changes.append((.threshold, threshold.constantOnRight ? .compare(op, lhs, moved) : .compare(op, moved, rhs)))
                    }
                }
                if case .compare(let op, let lhs, let rhs) = node, let flipped = op.strictnessFlipped {
                    changes.append((.comparison, .compare(flipped, lhs, rhs)))
                }
                if case .and(let lhs, let rhs) = node { changes.append((.logic, .or(lhs, rhs))) }
                if case .or(let lhs, let rhs) = node { changes.append((.logic, .and(lhs, rhs))) }
                for (kind, replacement) in changes {
                    let mutated = typed.expression.replacingNode(at: path, with: replacement)
                    mutants.append(Mutant(
                        kind: kind, change: "\(context): `\(printer.text(node))` -> `\(printer.text(replacement))`",
                        location: typed.location, dialog: dialog.replacing(owner, with: mutated), owner: owner))
                }
            }
        }
        return mutants
    }

    /// Each `end` (and `if ... end`) leading to each other outcome.
    static func outcomeMutants(_ dialog: Dialog) -> [Mutant] {
        var mutants: [Mutant] = []
        for (index, instruction) in dialog.program.enumerated() {
            let outcome: Int
            switch instruction {
            case .end(let target), .endIf(_, let target): outcome = target
            default: continue
            }
            for other in dialog.outcomes.indices where other != outcome {
                var program = dialog.program
                switch instruction {
                case .endIf(let condition, _): program[index] = .endIf(condition, outcome: other)
                default: program[index] = .end(outcome: other)
                }
                mutants.append(Mutant(
                    kind: .outcome,
                    change: "\(DialogCoverage.describe(instruction, dialog: dialog)): ends in `\(dialog.outcomes[other].id)` instead of `\(dialog.outcomes[outcome].id)`",
                    location: dialog.programLocations[index], dialog: dialog.replacing(program: program)))
            }
        }
        return mutants
    }

    /// Each conditional step made a step that does nothing; a `when` with `else` also loses its `else`.
    static func branchMutants(_ dialog: Dialog) -> [Mutant] {
        var mutants: [Mutant] = []
        let program = dialog.program
        for (index, instruction) in program.enumerated() {
            let description = DialogCoverage.describe(instruction, dialog: dialog)
            var changes: [(Instruction, String)] = []
            switch instruction {
            case .endIf, .jumpIf:
                changes.append((.jump(target: index + 1), "`\(description)` removed"))
            case .jumpUnless(_, let target):
                changes.append((.jump(target: target), "the body of `\(description)` removed (never entered)"))
                if target > 0, case .jump = program[target - 1], dialog.programLocations[target - 1] == dialog.programLocations[index] {
                    changes.append((.jump(target: index + 1), "the `else` of `\(description)` removed (the body always entered)"))
                }
            default:
                continue
            }
            for (replacement, change) in changes {
                var mutated = program
                mutated[index] = replacement
                mutants.append(Mutant(kind: .branch, change: change, location: dialog.programLocations[index], dialog: dialog.replacing(program: mutated)))
            }
        }
        return mutants
    }

    /// Each `also` word of each option dropped.
    static func alsoWordMutants(_ dialog: Dialog) -> [Mutant] {
        var mutants: [Mutant] = []
        for (questionIndex, question) in dialog.questions.enumerated() {
            for (optionIndex, option) in question.options.enumerated() {
                for (wordIndex, word) in option.also.enumerated() {
                    var questions = dialog.questions
                    questions[questionIndex].options[optionIndex].also.remove(at: wordIndex)
                    mutants.append(Mutant(
                        kind: .alsoWord, change: "`\(question.id)`: the word \"\(word)\" no longer names `\(option.id)`",
                        location: option.location, dialog: dialog.replacing(questions: questions),
                        droppedWord: (questionIndex, optionIndex, word)))
                }
            }
        }
        return mutants
    }

    /// Where an expression is, in words: "if severity >= 7", "let long_lasting", "flag severe".
    static func describe(_ owner: ExpressionOwner, dialog: Dialog) -> String {
        switch owner {
        case .instruction(let index):
            switch dialog.program[index] {
            case .assign(let slot, _): return "let \(dialog.slotNames[slot])"
            case .jumpUnless: return "when"
            default: return "if"
            }
        case .flag(let index): return "flag \(dialog.flags[index].name)"
        case .outcomeFlag(let outcome, let index): return "flag \(dialog.outcomes[outcome].flags[index].name) of \(dialog.outcomes[outcome].id)"
        case .checkCondition, .checkRequirement: return "check"
        }
    }
}

extension BinaryOperator {
    /// The same comparison with its boundary moved across: `>=` and `>`, `<=` and `<`.
    var strictnessFlipped: BinaryOperator? {
        switch self {
        case .greaterOrEqual: .greater
        case .greater: .greaterOrEqual
        case .lessOrEqual: .less
        case .less: .lessOrEqual
        default: nil
        }
    }
}
