// SlotValues: the values of a dialog's slots as the tools simulate them, readable by expressions.

import DialogKit

/// Values of every slot (questions, then `let` values), plus the ending a `checks` property reads.
struct SlotValues: ProgramState, Hashable, Sendable {
    var values: [Value?]
    /// The outcome reached, once a path has ended (for `outcome` in checks).
    var outcomeIndex: Int?
    /// The flags the outcome carries (for `flagged(name)` in checks).
    var flags: [String] = []

    init(count: Int) {
        values = [Value?](repeating: nil, count: count)
    }

    subscript(slot: Int) -> Value? {
        get { values[slot] }
        set { values[slot] = newValue }
    }

    func value(ofSlot slot: Int) -> Value? { values[slot] }
    /// The date the tools' sessions are on, so that `days_ago()` has a value: any fixed day would do, and
    /// the candidates of a date question are counted back from it (`DialogAnalysis`).
    static let today = CalendarDay(year: 2026, month: 1, day: 15)!
    var today: CalendarDay? { Self.today }
    mutating func setComputed(_ slot: Int, to value: Value?) { values[slot] = value }
    func isFlagged(_ name: String) -> Bool { flags.contains(name) }
}

/// A lookup that knows one slot's value only: how a single answer is classified by the tests that read it.
struct SingleSlotLookup: ValueLookup {
    var slot: Int
    var value: Value?
    func value(ofSlot slot: Int) -> Value? { slot == self.slot ? value : nil }
    var today: CalendarDay? { SlotValues.today }
}
