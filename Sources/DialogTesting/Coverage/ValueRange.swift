// ValueRange: the interval a number in a dialog can take, from the questions' min and max through the
// `let` values and arithmetic; used to tell threshold bands no answers can reach.

import DialogKit

/// A closed interval of numbers (infinite ends where nothing bounds the value).
struct ValueRange: Equatable, Sendable {
    var low: Double
    var high: Double

    static let any = ValueRange(low: -.infinity, high: .infinity)

    func union(_ other: ValueRange) -> ValueRange {
        ValueRange(low: Swift.min(low, other.low), high: Swift.max(high, other.high))
    }

    /// The ranges of every numeric slot of a dialog: questions from their bounds, `let` values from
    /// what computes them (a `let` computed more than once, or in a loop, gets the union).
    static func slotRanges(of dialog: Dialog) -> [ValueRange?] {
        var ranges = [ValueRange?](repeating: nil, count: dialog.slotNames.count)
        for (index, question) in dialog.questions.enumerated() where question.kind == .number || question.kind == .scale {
            ranges[index] = ValueRange(low: question.min ?? -.infinity, high: question.max ?? .infinity)
        }
        // In program order, twice, so a `let` read before a later computation of it is widened too.
        for _ in 0..<2 {
            for instruction in dialog.program {
                guard case .assign(let slot, let expression) = instruction, expression.type == .number else { continue }
                let range = of(expression.expression, slots: ranges)
                ranges[slot] = ranges[slot].map { $0.union(range) } ?? range
            }
        }
        return ranges
    }

    /// The range of a numeric expression.
    static func of(_ expression: Expression, slots: [ValueRange?]) -> ValueRange {
        switch expression {
        case .constant(.number(let value)):
            return ValueRange(low: value, high: value)
        case .slot(let slot):
            return slots[slot] ?? .any
        case .arithmetic(let op, let lhs, let rhs):
            let a = of(lhs, slots: slots)
            let b = of(rhs, slots: slots)
            switch op {
            case .plus: return ValueRange(low: a.low + b.low, high: a.high + b.high)
            case .minus: return ValueRange(low: a.low - b.high, high: a.high - b.low)
            case .times:
                let products = [a.low * b.low, a.low * b.high, a.high * b.low, a.high * b.high].filter { !$0.isNaN }
                guard products.count == 4 else { return .any }
                return ValueRange(low: products.min()!, high: products.max()!)
            default: return .any
            }
        case .negate(let inner):
            let range = of(inner, slots: slots)
            return ValueRange(low: -range.high, high: -range.low)
        case .count(let items):
            return ValueRange(low: 0, high: Double(items.count))
        case .sum(let items):
            // A missing value adds nothing: each item counts from its range or 0.
            return items.reduce(ValueRange(low: 0, high: 0)) { total, item in
                let range = of(item, slots: slots).union(ValueRange(low: 0, high: 0))
                return ValueRange(low: total.low + range.low, high: total.high + range.high)
            }
        case .minimum(let items), .maximum(let items):
            var total: ValueRange?
            for item in items {
                let range = of(item, slots: slots)
                total = total.map { $0.union(range) } ?? range
            }
            return total ?? .any
        case .size:
            return ValueRange(low: 0, high: 64)
        default:
            return .any
        }
    }
}

extension ThresholdSite {
    /// Whether some value in `range` falls in the band.
    func band(_ band: Int, isPossibleIn range: ValueRange) -> Bool {
        switch op {
        case .greaterOrEqual, .less: return band == 0 ? range.low < constant : range.high >= constant
        case .greater, .lessOrEqual: return band == 0 ? range.low <= constant : range.high > constant
        default: return band == 1 ? (range.low <= constant && constant <= range.high) : !(range.low == constant && range.high == constant)
        }
    }
}
