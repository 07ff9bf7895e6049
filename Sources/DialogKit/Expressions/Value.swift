// Value and ValueType: what answers and computed values are, and what the type checker knows of them.

/// The value of an answer or a computed `let`.
public enum Value: Sendable, Hashable, Codable {
    case bool(Bool)
    case number(Double)
    case text(String)
    /// One option of a `choice` question, by index.
    case option(Int)
    /// Options of a `multi` question, as a bit set of indices (a multi question has at most 64 options).
    case options(UInt64)

    /// The boolean a condition reads; anything but `true` is false (a missing value is false too).
    var isTrue: Bool {
        if case .bool(true) = self { return true }
        return false
    }
}

/// The type of an expression, checked when the dialog loads.
public enum ValueType: Sendable, Equatable, CustomStringConvertible {
    case bool
    case number
    case text
    /// An option of the question with this index.
    case option(question: Int)
    /// A set of options of the (multi) question with this index.
    case options(question: Int)
    /// An outcome id (only in `checks`).
    case outcome
    /// A day (a `date` answer), held as `.number` of days since 1970-01-01.
    case date
    /// A time of day (a `time` answer), held as `.number` of minutes since midnight.
    case time

    public var description: String {
        switch self {
        case .bool: "yes/no"
        case .number: "number"
        case .text: "text"
        case .option: "choice"
        case .options: "multiple choice"
        case .outcome: "outcome"
        case .date: "date"
        case .time: "time"
        }
    }
}
