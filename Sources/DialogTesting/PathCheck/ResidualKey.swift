// ResidualKey: an expression partially evaluated on the values that can no longer change, written as
// numbers for a state key. Two states whose future expressions have equal residuals behave alike.

import DialogKit

/// Partial evaluation of expressions into a state key.
struct ResidualKey {
    /// Slots that no path from the current position writes: their values are final.
    let final: SlotSet
    let values: SlotValues
    /// Interned texts and flag names, so the key holds numbers only.
    var names: [String: UInt64]

    private enum Partial {
        case known(Value?)
        case unknown
    }

    /// Appends the residual of `expression` to `key`.
    mutating func append(_ expression: Expression, to key: inout [UInt64]) {
        _ = residual(expression, into: &key)
    }

    private mutating func residual(_ expression: Expression, into out: inout [UInt64]) -> Partial {
        switch expression {
        case .constant(let value):
            write(value, into: &out)
            return .known(value)
        case .slot(let slot):
            if final.contains(slot) {
                write(values[slot], into: &out)
                return .known(values[slot])
            }
            out.pair(4, UInt64(slot))
            return .unknown
        case .answered(let slot):
            if final.contains(slot) {
                let value = Value.bool(values[slot] != nil)
                write(value, into: &out)
                return .known(value)
            }
            out.pair(5, UInt64(slot))
            return .unknown
        case .outcome:
            out.append(6)
            return .unknown
        case .flagged(let name):
            out.pair(7, intern(name))
            return .unknown
        default:
            let start = out.count
            out.pair(8, Self.tag(expression))
            let children = expression.children
            var known: [Value?] = []
            known.reserveCapacity(children.count)
            var allKnown = true
            var decided: Bool?
            var trueCount: UInt64 = 0
            var total = 0.0
            for child in children {
                let childStart = out.count
                switch residual(child, into: &out) {
                case .known(let value):
                    known.append(value)
                    // Known parts of a count, a sum, an `and` or an `or` are summed up, so the order in
                    // which answers made them known does not split states.
                    switch expression {
                    case .count, .sum, .and, .or:
                        out.removeSubrange(childStart...)
                        if value == .bool(true) { trueCount += 1 }
                        if case .number(let number)? = value { total += number }
                    default:
                        break
                    }
                    // A false side decides `and`, a true side decides `or`, whatever the other is.
                    if case .and = expression, value != .bool(true) { decided = false }
                    if case .or = expression, value == .bool(true) { decided = true }
                case .unknown:
                    known.append(nil)
                    allKnown = false
                }
            }
            out.append(16)
            out.append(trueCount)
            out.append(total.bitPattern)
            out.append(9)
            if let decided {
                out.removeSubrange(start...)
                write(.bool(decided), into: &out)
                return .known(.bool(decided))
            }
            guard allKnown else { return .unknown }
            let value = expression.replacingChildren(known.map { $0.map(Expression.constant) ?? .slot(0) }).evaluate(NothingLookup())
            out.removeSubrange(start...)
            write(value, into: &out)
            return .known(value)
        }
    }

    private mutating func write(_ value: Value?, into out: inout [UInt64]) {
        switch value {
        case nil: out.append(10)
        case .bool(let flag)?: out.pair(11, flag ? 1 : 0)
        case .number(let number)?: out.pair(12, number.bitPattern)
        case .option(let index)?: out.pair(13, UInt64(index))
        case .options(let bits)?: out.pair(14, bits)
        case .text(let text)?: out.pair(15, intern(text))
        }
    }

    private mutating func intern(_ name: String) -> UInt64 {
        if let code = names[name] { return code }
        let code = UInt64(names.count)
        names[name] = code
        return code
    }

    /// A number for each kind of node, with its operator.
    private static func tag(_ expression: Expression) -> UInt64 {
        switch expression {
        case .not: 1
        case .and: 2
        case .or: 3
        case .compare(let op, _, _): 100 + operatorCode(op)
        case .member(_, _, let negated): negated ? 4 : 5
        case .has(_, let option): 1000 + UInt64(option)
        case .arithmetic(let op, _, _): 200 + operatorCode(op)
        case .negate: 6
        case .count: 7
        case .sum: 8
        case .minimum: 9
        case .maximum: 10
        case .size: 11
        case .choose: 13
        // The option values are the dialog's, the same in every state: the node's kind says enough.
        case .optionValue: 14
        default: 12
        }
    }
}

extension [UInt64] {
    /// Two words at once, without the temporary array `+= [a, b]` would make (this is the checker's hot path).
    fileprivate mutating func pair(_ first: UInt64, _ second: UInt64) {
        append(first)
        append(second)
    }
}

/// A stable number for each operator (hash values change from run to run).
private func operatorCode(_ op: BinaryOperator) -> UInt64 {
    switch op {
    case .or: 0
    case .and: 1
    case .equal: 2
    case .notEqual: 3
    case .less: 4
    case .lessOrEqual: 5
    case .greater: 6
    case .greaterOrEqual: 7
    case .in: 8
    case .notIn: 9
    case .has: 10
    case .plus: 11
    case .minus: 12
    case .times: 13
    case .divide: 14
    }
}

/// A lookup in which every slot is missing: evaluates a node whose missing children were replaced by a slot.
private struct NothingLookup: ValueLookup {
    func value(ofSlot slot: Int) -> Value? { nil }
    /// `today` is no slot: it is the tools' fixed date, known on every path.
    var today: CalendarDay? { SlotValues.today }
}
