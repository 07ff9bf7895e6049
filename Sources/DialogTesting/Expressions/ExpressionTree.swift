// ExpressionTree: generic access to an expression's children, for walking and rebuilding expressions.

import DialogKit

extension Expression {
    /// The direct sub-expressions, in a fixed order (the order `replacingChildren` expects).
    var children: [Expression] {
        switch self {
        case .constant, .slot, .answered, .unsure, .outcome, .flagged, .today: []
        case .not(let inner), .negate(let inner), .size(let inner), .has(let inner, _), .optionValue(let inner, _): [inner]
        case .choose(let condition, let then, let otherwise): [condition, then, otherwise]
        case .and(let lhs, let rhs), .or(let lhs, let rhs), .compare(_, let lhs, let rhs), .arithmetic(_, let lhs, let rhs): [lhs, rhs]
        case .member(let lhs, let items, _): [lhs] + items
        case .count(let items), .sum(let items), .minimum(let items), .maximum(let items): items
        }
    }

    /// The same node with new children (as many as `children` has).
    func replacingChildren(_ new: [Expression]) -> Expression {
        switch self {
        case .constant, .slot, .answered, .unsure, .outcome, .flagged, .today: self
        case .not: .not(new[0])
        case .negate: .negate(new[0])
        case .size: .size(new[0])
        case .has(_, let option): .has(new[0], option: option)
        case .and: .and(new[0], new[1])
        case .or: .or(new[0], new[1])
        case .compare(let op, _, _): .compare(op, new[0], new[1])
        case .arithmetic(let op, _, _): .arithmetic(op, new[0], new[1])
        case .member(_, _, let negated): .member(new[0], Array(new.dropFirst()), negated: negated)
        case .count: .count(new)
        case .sum: .sum(new)
        case .minimum: .minimum(new)
        case .maximum: .maximum(new)
        case .choose: .choose(new[0], new[1], new[2])
        case .optionValue(_, let values): .optionValue(new[0], values: values)
        }
    }

    /// Every node with its path (child indices from the root), in pre-order.
    var nodesWithPaths: [(path: [Int], node: Expression)] {
        var out: [(path: [Int], node: Expression)] = []
        func visit(_ node: Expression, _ path: [Int]) {
            out.append((path, node))
            for (index, child) in node.children.enumerated() { visit(child, path + [index]) }
        }
        visit(self, [])
        return out
    }

    /// The node at `path`.
    func node(at path: [Int]) -> Expression {
        path.reduce(self) { $0.children[$1] }
    }

    /// This expression with the node at `path` replaced.
    func replacingNode(at path: [Int], with replacement: Expression) -> Expression {
        guard let first = path.first else { return replacement }
        var children = self.children
        children[first] = children[first].replacingNode(at: Array(path.dropFirst()), with: replacement)
        return replacingChildren(children)
    }

    /// A comparison of something with a number written in the dialog (`days >= 15`): the threshold's
    /// operator as read with the constant on the right, the constant, and the other side.
    var numericThreshold: (op: BinaryOperator, constant: Double, operand: Expression, constantOnRight: Bool)? {
        guard case .compare(let op, let lhs, let rhs) = self else { return nil }
        if case .constant(.number(let value)) = rhs, !lhs.isConstant { return (op, value, lhs, true) }
        if case .constant(.number(let value)) = lhs, !rhs.isConstant { return (op.mirrored, value, rhs, false) }
        return nil
    }

    var isConstant: Bool {
        if case .constant = self { return true }
        return false
    }
}

extension BinaryOperator {
    /// The operator with its sides swapped: `3 < x` is `x > 3`.
    var mirrored: BinaryOperator {
        switch self {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: self
        }
    }
}
