// AnswerRules: what a question's answer must be beyond its kind and bounds, and a scale's end labels.

/// The validation a question's author asked for (`integer:`, `constraint:`, `pattern:`), each with
/// the message a person is given when an answer fails it, and the words at a scale's two ends.
/// A refused answer is never kept: the person reads the message and the question again.
public struct AnswerRules: Sendable, Equatable {
    /// `integer: true` (number questions; every scale): a whole number only, "4.5" is asked again.
    public var isInteger = false
    /// `constraint:`: a yes/no condition over the answer (`.` is the answer being given) and the
    /// answers before it; an answer for which it does not hold is asked again.
    public var constraint: TypedExpression?
    /// `constraint_message:`, said when the constraint does not hold.
    public var constraintMessage: String?
    /// `pattern:` (text questions): a regular expression the whole answer must match.
    public var pattern: String?
    /// `pattern_message:`, said when the pattern does not match.
    public var patternMessage: String?
    /// `labels:` of a scale: the words for its lowest and highest number ("no pain", "worst pain").
    public var scaleLabels: ScaleLabels?

    public init() {}

    /// Whether any rule applies beyond the kind's own reading.
    public var isEmpty: Bool { !isInteger && constraint == nil && pattern == nil }
}

/// The words for a scale's two ends, shown with the question: "0 = no pain ... 10 = worst pain".
public struct ScaleLabels: Sendable, Equatable {
    public var low: String
    public var high: String

    public init(low: String, high: String) {
        self.low = low
        self.high = high
    }
}

/// How urgent an outcome is (`level:`): what lint's red-flag check, the graph's colours, the text
/// renderer and `checks` (`level == emergency`) read, whatever the outcome's id or code.
public enum OutcomeLevel: String, Sendable, CaseIterable, Codable {
    case emergency, urgent, consult, self_care

    /// The level an outcome without `level:` has: the old reading of its code, for the four codes
    /// that always meant a level; nil for any other code (lint warns, IN116).
    public static func inferred(fromCode code: String) -> OutcomeLevel? {
        OutcomeLevel(rawValue: code)
    }
}

/// Which of a question's rules an answer breaks (`AnswerRules.refusal`).
public enum AnswerRefusal: Sendable, Equatable {
    case notWhole, patternNotMatched, constraintFailed
}

extension AnswerRules {
    /// The rule `value` breaks, read in a fixed order (a whole number, the pattern, then the constraint),
    /// or nil when the question accepts it. `constraintHolds` evaluates the constraint with `value` as the
    /// answer beside the earlier ones; it is called only when the other rules pass. A session asks again
    /// on a refusal, and the testing tools never give an answer a session would refuse.
    public func refusal(of value: Value, constraintHolds: (TypedExpression) -> Bool) -> AnswerRefusal? {
        if isInteger, case .number(let number) = value, number != number.rounded() { return .notWhole }
        if let pattern, case .text(let text) = value, !Self.matches(text, pattern: pattern) { return .patternNotMatched }
        if let constraint, !constraintHolds(constraint) { return .constraintFailed }
        return nil
    }

    /// Why `pattern` is no regular expression, or nil when it is one.
    static func patternProblem(_ pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Whether the whole of `text` matches `pattern` (a pattern that does not compile matches nothing;
    /// the reader refuses such a dialog).
    public static func matches(_ text: String, pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }
}
