// QuantityQuestion: what reading an amount needs of a question, the comparisons it is read against, and
// what a line says as an amount.

/// A comparison the flow makes between a number question's answer and a constant, the question on the
/// left: `duration >= 4`, and `4 <= duration` kept as `duration >= 4`.
struct QuantityThreshold: Sendable, Hashable {
    let comparison: BinaryOperator
    let value: Double

    /// Whether the comparison holds for this answer.
    func holds(_ amount: Double) -> Bool {
        switch comparison {
        case .less: amount < value
        case .lessOrEqual: amount <= value
        case .greater: amount > value
        case .greaterOrEqual: amount >= value
        case .equal: amount == value
        case .notEqual: amount != value
        default: false
        }
    }

    /// The same comparison written the other way round: `4 <= x` is `x >= 4`.
    func flipped() -> QuantityThreshold {
        let comparison: BinaryOperator = switch self.comparison {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: self.comparison
        }
        return QuantityThreshold(comparison: comparison, value: value)
    }
}

/// What quantity reading needs of a number or scale question, computed once per question of a dialog.
struct QuantityQuestion: Sendable {
    /// The unit answers are kept in ("hours"), as the dialog writes it.
    let unit: String?
    let min: Double?
    let max: Double?
    /// Hours in the period a count is over (`per: month` is 730.5); nil when the question counts over none.
    let period: Double?
    /// The comparisons the flow makes with the answer: a range whose ends compare differently is asked again.
    let thresholds: [QuantityThreshold]
    /// The unit folded ("hours") and without its plural "s" ("hour"), to find it in a line.
    let unitWord: String?
    let unitSingular: String?
    /// Hours in one of the question's unit, when it is a time unit.
    let unitHours: Double?

    init(unit: String?, min: Double?, max: Double?, period: Double? = nil, thresholds: [QuantityThreshold] = []) {
        self.unit = unit
        self.min = min
        self.max = max
        self.period = period
        self.thresholds = thresholds
        let word = unit.map { TextFolding.fold($0) }
        unitWord = word
        unitSingular = word.map { $0.hasSuffix("s") ? String($0.dropLast()) : $0 }
        unitHours = word.flatMap(QuantityReader.timeUnit).flatMap { QuantityReader.hoursPerUnit[$0] }
    }
}

/// What a line says as an amount.
enum QuantityReading: Equatable {
    /// The amount in the question's unit; `noted` is what to say back when the line was not taken
    /// literally ("about 36 hours", "13 days a month (3 a week)"), nil for a plain number.
    case amount(Double, noted: String?)
    /// No amount could be taken: the reason, and what would be understood, for the retry.
    case notUnderstood(String)
}
