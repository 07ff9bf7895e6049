// ExpressionSyntax: the parsed, not yet type-checked form of an expression.

/// An expression as written; `offset` fields count characters from the start of the expression text.
indirect enum ExpressionSyntax: Sendable, Equatable {
    case number(Double, offset: Int)
    case string(String, offset: Int)
    case name(String, offset: Int)
    case list([ExpressionSyntax], offset: Int)
    case not(ExpressionSyntax, offset: Int)
    case negate(ExpressionSyntax, offset: Int)
    case binary(BinaryOperator, ExpressionSyntax, ExpressionSyntax, offset: Int)
    case call(String, [ExpressionSyntax], offset: Int)

    var offset: Int {
        switch self {
        case .number(_, let offset), .string(_, let offset), .name(_, let offset), .list(_, let offset),
            .not(_, let offset), .negate(_, let offset), .binary(_, _, _, let offset), .call(_, _, let offset):
            offset
        }
    }

    /// The name when the expression is just one, for notes that show how to rewrite it.
    static func name(of syntax: ExpressionSyntax) -> String? {
        if case .name(let name, _) = syntax { name } else { nil }
    }

    /// Every name the expression mentions (for "did you mean" and for what a condition reads).
    var names: [String] {
        switch self {
        case .number, .string: []
        case .name(let name, _): [name]
        case .list(let items, _), .call(_, let items, _): items.flatMap(\.names)
        case .not(let inner, _), .negate(let inner, _): inner.names
        case .binary(_, let lhs, let rhs, _): lhs.names + rhs.names
        }
    }
}

/// Binary operators, loosest first in `ExpressionParser`.
public enum BinaryOperator: String, Sendable, Equatable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in`, notIn = "not in", has
    case plus = "+", minus = "-", times = "*", divide = "/"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
}
