// Linter+Levels: warnings about outcome levels, question labels and constraints without a message.

extension Linter {
    /// An outcome whose level is unknown (IN116) or contradicts its code (IN119), two questions that
    /// share a label (IN117), and a constraint whose failure would not say what is accepted (IN118).
    static func levelAndRuleWarnings(_ dialog: Dialog) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let levels = OutcomeLevel.allCases.map(\.rawValue).joined(separator: ", ")
        for outcome in dialog.outcomes {
            let named = OutcomeLevel.inferred(fromCode: outcome.code)
            if outcome.level == nil {
                diagnostics.append(Diagnostic(
                    .outcomeLevelUnstated,
                    "the outcome `\(outcome.id)` has no `level`, and its code `\(outcome.code)` names none: it is not known how urgent it is",
                    at: outcome.location,
                    notes: ["add `level:` (\(levels)); the red-flag check and the graph read it"]))
            } else if outcome.levelIsStated, let named, named != outcome.level {
                diagnostics.append(Diagnostic(
                    .levelDisagreesWithCode,
                    "the outcome `\(outcome.id)` has `level: \(outcome.level?.rawValue ?? "")` but the code `\(outcome.code)`",
                    at: outcome.location, notes: ["programs reading the code will take it as \(named.rawValue)"]))
            }
        }
        var labelled: [String: Question] = [:]
        for question in dialog.questions {
            if let label = question.label {
                let key = TextFolding.fold(label)
                if let first = labelled[key] {
                    diagnostics.append(Diagnostic(
                        .sharedLabel, "the questions `\(first.id)` and `\(question.id)` have the same label \"\(label)\"",
                        at: question.location, notes: ["`\(first.id)` is at \(first.location)"]))
                } else {
                    labelled[key] = question
                }
            }
            if let constraint = question.rules.constraint, question.rules.constraintMessage == nil {
                diagnostics.append(Diagnostic(
                    .constraintWithoutMessage,
                    "the question `\(question.id)` has a `constraint` but no `constraint_message`",
                    at: constraint.location, notes: ["a refused answer would only hear: \(UserTexts.Rules.constraintFailed)"]))
            }
        }
        return diagnostics
    }
}
