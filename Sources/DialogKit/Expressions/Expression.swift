// Expression: a type-checked expression with resolved names, and its evaluation.

/// A type-checked expression: names resolved to slots, option ids to indices.
public indirect enum Expression: Sendable, Equatable {
    case constant(Value)
    case slot(Int)
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case compare(BinaryOperator, Expression, Expression)
    case member(Expression, [Expression], negated: Bool)
    case has(Expression, option: Int)
    case arithmetic(BinaryOperator, Expression, Expression)
    case negate(Expression)
    case count([Expression])
    case sum([Expression])
    case minimum([Expression])
    case maximum([Expression])
    case answered(slot: Int)
    /// Whether the question was answered with doubt (`name is unsure`).
    case unsure(slot: Int)
    case size(Expression)
    /// The outcome reached (only in `checks`), as `.option(outcome index)`.
    case outcome
    /// Whether the outcome carries a flag (only in `checks`).
    case flagged(String)
    /// `if(condition, a, b)`: `a` when the condition holds, else `b` (a missing condition is false).
    case choose(Expression, Expression, Expression)
    /// `value(question)`: the chosen option's `value` (by option index), or the sum of the chosen
    /// options' values of a `multi` question; missing when the question has no answer.
    case optionValue(Expression, values: [Double])
    /// The session's date as a day number (`days_ago(d)` is `today - d`); no value when the session was given none.
    case today

    /// Every slot the expression reads.
    public var slotsRead: [Int] {
        var slots: [Int] = []
        collectSlots(into: &slots, doubtOnly: false)
        return slots
    }

    /// The questions whose doubt the expression reads (`name is unsure`).
    public var doubtsRead: [Int] {
        var slots: [Int] = []
        collectSlots(into: &slots, doubtOnly: true)
        return slots
    }

    private func collectSlots(into slots: inout [Int], doubtOnly: Bool) {
        switch self {
        case .constant, .outcome, .flagged, .today: break
        case .slot(let slot), .answered(let slot): if !doubtOnly, !slots.contains(slot) { slots.append(slot) }
        case .unsure(let slot): if !slots.contains(slot) { slots.append(slot) }
        case .not(let inner), .negate(let inner), .size(let inner), .has(let inner, _), .optionValue(let inner, _):
            inner.collectSlots(into: &slots, doubtOnly: doubtOnly)
        case .choose(let condition, let then, let otherwise):
            for item in [condition, then, otherwise] { item.collectSlots(into: &slots, doubtOnly: doubtOnly) }
        case .and(let lhs, let rhs), .or(let lhs, let rhs), .compare(_, let lhs, let rhs), .arithmetic(_, let lhs, let rhs):
            lhs.collectSlots(into: &slots, doubtOnly: doubtOnly)
            rhs.collectSlots(into: &slots, doubtOnly: doubtOnly)
        case .member(let lhs, let items, _):
            lhs.collectSlots(into: &slots, doubtOnly: doubtOnly)
            for item in items { item.collectSlots(into: &slots, doubtOnly: doubtOnly) }
        case .count(let items), .sum(let items), .minimum(let items), .maximum(let items):
            for item in items { item.collectSlots(into: &slots, doubtOnly: doubtOnly) }
        }
    }

    /// The value of the expression; nil when it reads a value that is missing (a question skipped or not asked).
    public func evaluate<Lookup: ValueLookup>(_ lookup: Lookup) -> Value? {
        switch self {
        case .constant(let value):
            return value
        case .slot(let slot):
            return lookup.value(ofSlot: slot)
        case .not(let inner):
            return .bool(!(inner.evaluate(lookup)?.isTrue ?? false))
        case .and(let lhs, let rhs):
            return .bool((lhs.evaluate(lookup)?.isTrue ?? false) && (rhs.evaluate(lookup)?.isTrue ?? false))
        case .or(let lhs, let rhs):
            return .bool((lhs.evaluate(lookup)?.isTrue ?? false) || (rhs.evaluate(lookup)?.isTrue ?? false))
        case .compare(let op, let lhs, let rhs):
            guard let left = lhs.evaluate(lookup), let right = rhs.evaluate(lookup) else { return .bool(false) }
            return .bool(Self.compare(op, left, right))
        case .member(let lhs, let items, let negated):
            guard let left = lhs.evaluate(lookup) else { return .bool(false) }
            let found = items.contains { $0.evaluate(lookup) == left }
            return .bool(found != negated)
        case .has(let lhs, let option):
            guard case .options(let bits)? = lhs.evaluate(lookup) else { return .bool(false) }
            return .bool(bits & (1 << UInt64(option)) != 0)
        case .arithmetic(let op, let lhs, let rhs):
            guard case .number(let left)? = lhs.evaluate(lookup), case .number(let right)? = rhs.evaluate(lookup) else {
                return nil
            }
            switch op {
            case .plus: return .number(left + right)
            case .minus: return .number(left - right)
            case .times: return .number(left * right)
            case .divide: return right == 0 ? nil : .number(left / right)
            default: return nil
            }
        case .negate(let inner):
            guard case .number(let value)? = inner.evaluate(lookup) else { return nil }
            return .number(-value)
        case .count(let items):
            var total = 0
            for item in items where item.evaluate(lookup)?.isTrue == true { total += 1 }
            return .number(Double(total))
        case .sum(let items):
            var total = 0.0
            for item in items {
                if case .number(let value)? = item.evaluate(lookup) { total += value }
            }
            return .number(total)
        case .minimum(let items), .maximum(let items):
            var best: Double?
            let isMinimum: Bool
            if case .minimum = self { isMinimum = true } else { isMinimum = false }
            for item in items {
                guard case .number(let value)? = item.evaluate(lookup) else { continue }
                if let current = best {
                    best = isMinimum ? Swift.min(current, value) : Swift.max(current, value)
                } else {
                    best = value
                }
            }
            return best.map(Value.number)
        case .answered(let slot):
            return .bool(lookup.value(ofSlot: slot) != nil)
        case .unsure(let slot):
            return .bool(lookup.isUnsure(slot: slot))
        case .size(let inner):
            guard case .options(let bits)? = inner.evaluate(lookup) else { return nil }
            return .number(Double(bits.nonzeroBitCount))
        case .outcome:
            return lookup.outcomeIndex.map(Value.option)
        case .flagged(let name):
            return .bool(lookup.isFlagged(name))
        case .choose(let condition, let then, let otherwise):
            return (condition.evaluate(lookup)?.isTrue ?? false) ? then.evaluate(lookup) : otherwise.evaluate(lookup)
        case .optionValue(let inner, let values):
            switch inner.evaluate(lookup) {
            case .option(let index)?:
                return index < values.count ? .number(values[index]) : nil
            case .options(let bits)?:
                var total = 0.0
                for index in values.indices where bits & (1 << UInt64(index)) != 0 { total += values[index] }
                return .number(total)
            default:
                return nil
            }
        case .today:
            return lookup.today.map { .number(Double($0.dayNumber)) }
        }
    }

    private static func compare(_ op: BinaryOperator, _ left: Value, _ right: Value) -> Bool {
        if case .number(let a) = left, case .number(let b) = right {
            switch op {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            default: return false
            }
        }
        switch op {
        case .equal: return left == right
        case .notEqual: return left != right
        default: return false
        }
    }
}

/// Where an expression finds values: a session's answers, or a path checker's state.
public protocol ValueLookup {
    func value(ofSlot slot: Int) -> Value?
    /// The outcome reached, for `checks`.
    var outcomeIndex: Int? { get }
    /// Whether a flag applies, for `checks`.
    func isFlagged(_ name: String) -> Bool
    /// Whether the question in this slot was answered with doubt.
    func isUnsure(slot: Int) -> Bool
    /// The session's date, for `days_ago()`; nil when none was given.
    var today: CalendarDay? { get }
}

extension ValueLookup {
    public var outcomeIndex: Int? { nil }
    public func isUnsure(slot: Int) -> Bool { false }
    public func isFlagged(_ name: String) -> Bool { false }
    public var today: CalendarDay? { nil }
}

/// An expression with its source text and type, as the dialog file wrote it.
public struct TypedExpression: Sendable, Equatable {
    public var expression: Expression
    public var type: ValueType
    /// The expression as written.
    public var source: String
    public var location: SourceLocation

    public init(expression: Expression, type: ValueType, source: String, location: SourceLocation) {
        self.expression = expression
        self.type = type
        self.source = source
        self.location = location
    }

    /// Whether the condition holds (a missing value makes it false).
    public func holds<Lookup: ValueLookup>(_ lookup: Lookup) -> Bool {
        expression.evaluate(lookup)?.isTrue ?? false
    }
}
