// ThresholdSite: a comparison of a value with a number written in the dialog, and its two bands.

import DialogKit

/// A numeric threshold: `days >= 15`, `count(...) >= 2`, `5 < severity`.
struct ThresholdSite: Sendable {
    var owner: ExpressionOwner
    /// The comparison's path inside the owning expression.
    var path: [Int]
    /// The operator read with the constant on the right.
    var op: BinaryOperator
    var constant: Double
    /// The side that is not the constant.
    var operand: Expression
    var location: SourceLocation
    /// The comparison as text, `days >= 15`.
    var text: String

    /// Every threshold of the dialog's behaviour (flow, lets, flags).
    static func all(in dialog: Dialog) -> [ThresholdSite] {
        let printer = ExpressionPrinter(dialog: dialog)
        var sites: [ThresholdSite] = []
        for (owner, typed) in dialog.behaviourExpressions {
            for (path, node) in typed.expression.nodesWithPaths {
                guard let threshold = node.numericThreshold else { continue }
                sites.append(ThresholdSite(
                    owner: owner, path: path, op: threshold.op, constant: threshold.constant, operand: threshold.operand,
                    location: typed.location, text: printer.text(node)))
            }
        }
        return sites
    }

    /// The two bands a value falls in, lower first: for `x >= 15`, "below 15" and "15 or more".
    var bandNames: [String] {
        let c = NumberFormatting.plain(constant)
        switch op {
        case .greaterOrEqual, .less: return ["below \(c)", "\(c) or more"]
        case .greater, .lessOrEqual: return ["\(c) or less", "above \(c)"]
        default: return ["other than \(c)", "exactly \(c)"]
        }
    }

    /// The band of a value: 0 or 1, as `bandNames`.
    func band(of value: Double) -> Int {
        switch op {
        case .greaterOrEqual, .less: value < constant ? 0 : 1
        case .greater, .lessOrEqual: value <= constant ? 0 : 1
        default: value == constant ? 1 : 0
        }
    }

    /// The band the operand's value falls in with these values, or nil when it has no value.
    func band(in values: SlotValues) -> Int? {
        guard case .number(let value)? = operand.evaluate(values) else { return nil }
        return band(of: value)
    }
}
