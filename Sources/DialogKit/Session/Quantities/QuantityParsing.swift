// QuantityParsing: an amount's grammar over the lexemes: terms with units, compounds ("1 hour 30
// minutes"), ranges ("2 to 3 days", "between 4 and 6") and rates over a period ("3 days a week").

extension QuantityReader {
    /// An amount as typed: its ends in the base of its measure (hours for time), how it was written.
    struct Quantity {
        var low: Double
        var high: Double
        var measure: Measure?
        /// Hours of the smallest time unit so far, for compounds ("1 hour 30 minutes" goes down only).
        var lastUnitHours: Double?
        /// A single plain number, with at most one unit.
        var literal: Bool
        var isRange = false
        /// The ends in the unit they were typed in, and that unit's name, for "nearer 3 or 4 days?".
        var shown: (low: Double, high: Double, unit: String?)?
    }

    /// A line's amount: a quantity, the denominator of "7/10", and the hours of a rate's period.
    struct Phrase {
        var quantity: Quantity
        var outOf: Double?
        var periodHours: Double?
    }

    struct Parser {
        let lexemes: [Lexeme]
        var index = 0

        var atEnd: Bool { index == lexemes.count }
        var next: Lexeme? { index < lexemes.count ? lexemes[index] : nil }
        var nextIsFrequency: Bool {
            if case .frequency? = next { return true }
            return false
        }

        mutating func phrase() -> Phrase? {
            if next == .every || nextIsFrequency {
                // "every day", "every other day", "daily": once in each period.
                guard let hours = period() else { return nil }
                return Phrase(quantity: Quantity(low: 1, high: 1, measure: .times, literal: false, shown: (1, 1, nil)), periodHours: hours)
            }
            guard let quantity = rangeOrAmount() else { return nil }
            var phrase = Phrase(quantity: quantity)
            if next == .outOf {
                index += 1
                guard case .number(let denominator, _)? = next else { return nil }
                index += 1
                phrase.outOf = denominator
            }
            if next == .per || next == .every || nextIsFrequency {
                guard let hours = period() else { return nil }
                phrase.periodHours = hours
            }
            return phrase
        }

        /// After "every", "a", "per": [other] [number] unit, in hours; or "daily" and the like.
        private mutating func period() -> Double? {
            if case .frequency(let hours)? = next {
                index += 1
                return hours
            }
            if next == .per || next == .every { index += 1 }
            var count = 1.0
            if next == .other {
                index += 1
                count = 2
            }
            if case .number(let value, _)? = next, value > 0 {
                index += 1
                count *= value
            }
            guard case .unit(.time(let hours, _))? = next else { return nil }
            index += 1
            return count * hours
        }

        private mutating func rangeOrAmount() -> Quantity? {
            if next == .between {
                index += 1
                guard let low = amount(), next == .and || next == .rangeTo else { return nil }
                index += 1
                guard let high = amount() else { return nil }
                return Self.range(low, high)
            }
            guard let low = amount() else { return nil }
            guard next == .rangeTo else { return low }
            index += 1
            guard let high = amount() else { return nil }
            return Self.range(low, high)
        }

        /// The two ends of a range as one quantity; an end without a unit takes the other's ("a day or two").
        private static func range(_ first: Quantity, _ second: Quantity) -> Quantity? {
            var first = first
            var second = second
            guard !first.isRange, !second.isRange else { return nil }
            func adopt(_ end: inout Quantity, from other: Quantity) {
                end.measure = other.measure
                end.lastUnitHours = other.lastUnitHours
                if case .time(let hours, _)? = other.measure {
                    end.low *= hours
                    end.high *= hours
                }
                end.shown?.unit = other.shown?.unit
            }
            if first.measure == nil, second.measure != nil { adopt(&first, from: second) }
            if second.measure == nil, first.measure != nil { adopt(&second, from: first) }
            switch (first.measure, second.measure) {
            case (nil, nil), (.own?, .own?), (.times?, .times?), (.time?, .time?): break
            default: return nil
            }
            var shown: (low: Double, high: Double, unit: String?)?
            if let a = first.shown, let b = second.shown, a.unit == b.unit { shown = (a.low, b.high, a.unit) }
            return Quantity(
                low: Swift.min(first.low, second.low), high: Swift.max(first.high, second.high), measure: first.measure,
                lastUnitHours: first.lastUnitHours, literal: false, isRange: true, shown: shown)
        }

        /// A term, or terms in smaller and smaller time units added up ("1 hour 30 minutes", "a year and a half").
        private mutating func amount() -> Quantity? {
            guard var total = term() else { return nil }
            while let last = total.lastUnitHours {
                let start = index
                if next == .and { index += 1 }
                guard let part = term(), let hours = part.lastUnitHours, hours < last else {
                    index = start
                    break
                }
                total.low += part.low
                total.high += part.high
                total.lastUnitHours = hours
                total.literal = false
                total.shown = nil
            }
            return total
        }

        /// A number ("2", "two and a half", "a few", "half", "twice") with its unit, if any.
        private mutating func term() -> Quantity? {
            var low = 0.5
            var high = 0.5
            var literal = false
            switch next {
            case .number(let value, let isLiteral)?:
                index += 1
                low = value
                high = value
                if next == .andHalf {
                    index += 1
                    low += 0.5
                    high += 0.5
                } else {
                    literal = isLiteral
                }
            case .few?:
                index += 1
                low = 2
                high = 4
            case .half?:
                index += 1
            case .times(let count)?:
                index += 1
                return Quantity(low: count, high: count, measure: .times, literal: false, shown: (count, count, nil))
            default:
                return nil
            }
            var quantity = Quantity(low: low, high: high, literal: literal, isRange: low != high, shown: (low, high, nil))
            guard case .unit(let measure)? = next else { return quantity }
            index += 1
            quantity.measure = measure
            if next == .andHalf {
                // "a day and a half"
                index += 1
                quantity.low += 0.5
                quantity.high += 0.5
                quantity.literal = false
            }
            quantity.shown = (quantity.low, quantity.high, nil)
            if case .time(let hours, let name) = measure {
                quantity.low *= hours
                quantity.high *= hours
                quantity.lastUnitHours = hours
                quantity.shown?.unit = name + "s"
            }
            return quantity
        }
    }
}
