// DialogReader+Scores: the reader's part for scores and answer rules: option `value`, `scores:`,
// `label`, `integer`, `constraint`, `pattern`, a scale's `labels`, and an outcome's `level`.

import Yams

extension DialogReader {
    /// The question keys read here, after the others of `questionKeys`.
    static let ruleKeys = ["label", "integer", "constraint", "constraint_message", "pattern", "pattern_message", "labels"]

    /// A question's short label and the rules its answer must meet. `index` is the question's index,
    /// under which its constraint is kept for the resolver (it is checked where the question is asked).
    mutating func readRules(_ fields: [String: Node], into question: inout Question, kind: QuestionKind?, index: Int, at: SourceLocation) {
        if let node = fields["label"] { question.label = nonBlank(node, what: "`label`") }
        if let node = fields["integer"], let flag = boolean(node, what: "`integer`") {
            switch kind {
            case .number?, nil: question.rules.isInteger = flag
            case .scale?:
                if !flag { error(.ruleNotForKind, "a scale takes whole numbers only; it cannot have `integer: false`", at: location(node)) }
            case let other?:
                error(.ruleNotForKind, "only number questions have `integer` (a \(other.rawValue) answer is no number)", at: location(node))
            }
        }
        // "7.5" on a 0-10 scale is no point of it.
        if kind == .scale { question.rules.isInteger = true }
        if question.rules.isInteger {
            for (name, bound) in [("min", question.min), ("max", question.max)] {
                if let bound, bound != bound.rounded() {
                    error(.fractionalBound, "`\(name)` (\(NumberFormatting.plain(bound))) is not a whole number, but the question takes whole numbers only",
                        at: fields[name].map(location) ?? at)
                }
            }
        }
        if let node = fields["constraint"], let text = expression(node, what: "`constraint`") {
            if let kind, ![.number, .scale, .text].contains(kind) {
                error(.ruleNotForKind, "only number, scale and text questions have a `constraint` (a \(kind.rawValue) answer is one of its options)",
                    at: location(node))
            } else {
                constraints[index] = text
            }
        }
        if let node = fields["constraint_message"] {
            question.rules.constraintMessage = nonBlank(node, what: "`constraint_message`")
            if fields["constraint"] == nil {
                error(.ruleNotForKind, "a `constraint_message` without a `constraint` is never shown", at: location(node))
            }
        }
        if let node = fields["pattern"], let pattern = scalar(node, what: "`pattern`") {
            if let kind, kind != .text {
                error(.ruleNotForKind, "only text questions have a `pattern`", at: location(node))
            } else if let problem = AnswerRules.patternProblem(pattern) {
                error(.invalidPattern, "`pattern` is not a valid regular expression: \(problem)", at: location(node))
            } else {
                question.rules.pattern = pattern
            }
        }
        if let node = fields["pattern_message"] {
            question.rules.patternMessage = nonBlank(node, what: "`pattern_message`")
            if fields["pattern"] == nil {
                error(.ruleNotForKind, "a `pattern_message` without a `pattern` is never shown", at: location(node))
            }
        }
        if let node = fields["labels"] {
            readScaleLabels(node, into: &question, kind: kind)
        }
    }

    /// `labels:` of a scale: `min:` and `max:`, the words for its two ends.
    private mutating func readScaleLabels(_ node: Node, into question: inout Question, kind: QuestionKind?) {
        if let kind, kind != .scale {
            error(.ruleNotForKind, "only scale questions have `labels` (the words for the scale's two ends)", at: location(node))
            return
        }
        guard let entries = mappingEntries(node, what: "`labels`") else { return }
        var low: String?
        var high: String?
        for (key, keyNode, value) in entries {
            switch key {
            case "min": low = nonBlank(value, what: "the label of `min`")
            case "max": high = nonBlank(value, what: "the label of `max`")
            default: unknownKey(key, at: keyNode, allowed: ["min", "max"], in: "`labels`")
            }
        }
        if !entries.contains(where: { $0.key == "min" }) { missing("min", in: "`labels`", at: location(node)) }
        if !entries.contains(where: { $0.key == "max" }) { missing("max", in: "`labels`", at: location(node)) }
        if let low, let high { question.rules.scaleLabels = ScaleLabels(low: low, high: high) }
    }

    /// Text that must say something: an empty or blank one is refused (IN041).
    mutating func nonBlank(_ node: Node, what: String) -> String? {
        guard let text = scalar(node, what: what) else { return nil }
        let trimmed = self.trimmed(text)
        guard !trimmed.allSatisfy(\.isWhitespace) else {
            error(.emptyLabel, "\(what) is empty; write the words, or leave the key out", at: location(node))
            return nil
        }
        return trimmed
    }

    /// An option's `value:`, a finite number.
    mutating func optionValue(_ node: Node) -> Double? {
        guard case .scalar = node else {
            error(.invalidOptionValue, "the option's `value` must be a number, not a \(nodeKind(node))", at: location(node))
            return nil
        }
        guard let text = scalar(node, what: "the option's `value`") else { return nil }
        guard let value = Double(text.trimmingCharacters(in: " ")), value.isFinite else {
            let shown = text.isEmpty ? "empty text" : "`\(text)`"
            error(.invalidOptionValue, "the option's `value` must be a number, not \(shown)", at: location(node))
            return nil
        }
        return value
    }

    /// The options of one question are scored all or none: a missing value would count as nothing.
    mutating func checkOptionValues(_ options: [OptionDefinition], questionID: String) {
        let unscored = options.filter { $0.value == nil }
        guard unscored.count != options.count, let first = unscored.first else { return }
        // A value that is no number was reported where it is written (this question's options are the
        // last read): its option is not "without a value" as well.
        let firstLine = options.map(\.location.line).min() ?? 0
        if diagnostics.contains(where: { $0.problem == .invalidOptionValue && $0.location.line >= firstLine }) { return }
        error(.invalidOptionValue, "the option `\(first.id)` of `\(questionID)` has no `value`, but other options of it do", at: first.location,
            notes: ["give every option of a scored question a `value` (0 for one that scores nothing)"])
    }

    /// An outcome's `level:`.
    mutating func readLevel(_ node: Node, into outcome: inout OutcomeSyntax) {
        guard let word = scalar(node, what: "the outcome's level") else { return }
        outcome.statesLevel = true
        guard let level = OutcomeLevel(rawValue: word) else {
            let names = OutcomeLevel.allCases.map(\.rawValue)
            let notes = NearMiss.suggestion(for: word, among: names).map { ["did you mean `\($0)`?"] }
                ?? ["the levels are: \(names.joined(separator: ", "))"]
            error(.unknownOutcomeLevel, "unknown outcome level `\(word)`", at: location(node), notes: notes)
            return
        }
        outcome.level = level
    }

    /// `scores:`, a mapping of names to number expressions.
    mutating func readScores(_ node: Node) -> [FlagSyntax] {
        let scores = readFlags(node, what: "`scores`")
        for score in scores where !Self.isIdentifier(score.name) {
            error(.invalidIdentifier, "`\(score.name)` is not a valid score name: use letters, digits and _, starting with a letter", at: score.location)
        }
        return scores
    }
}
