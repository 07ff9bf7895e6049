// AnswerStore: a session's values, packed into one machine word per slot so a session stays small.

/// The values of a session's slots (questions, then `let` values). A slot's type comes from the dialog,
/// so each value needs only its payload: 8 bytes per slot, plus one presence bit. Text answers, rare,
/// live in a small side table, and so does what an "other, please specify" answer says (by the slot of
/// its choice question, which has no text of its own). One more payload word holds the session's date.
struct AnswerStore: Sendable, Equatable {
    private var payloads: [UInt64]
    private var present: [UInt64]
    /// One bit per slot: the question was answered with doubt ("not sure"), with or without a value.
    private var unsure: [UInt64]
    private var texts: [Int: String] = [:]

    init(slotCount: Int) {
        payloads = [UInt64](repeating: 0, count: slotCount + 1)
        payloads[slotCount] = Self.noDay
        present = [UInt64](repeating: 0, count: (slotCount + 63) / 64)
        unsure = present
    }

    /// The word after the slots: the session's date as its day number, or `noDay`. Kept here rather than
    /// in a field of its own so that a session stays within its 64 bytes.
    private static let noDay = UInt64.max

    var today: CalendarDay? {
        get { payloads[payloads.count - 1] == Self.noDay ? nil : CalendarDay(dayNumber: Int(Int64(bitPattern: payloads[payloads.count - 1]))) }
        set { payloads[payloads.count - 1] = newValue.map { UInt64(bitPattern: Int64($0.dayNumber)) } ?? Self.noDay }
    }

    /// What the person said at an "other, please specify" follow-up, kept with the choice in `slot`.
    func otherText(_ slot: Int) -> String? {
        has(slot) ? texts[slot] : nil
    }

    /// Keeps (or with nil, drops) the "other" text of the choice in `slot`; its value must be set first.
    mutating func setOtherText(_ slot: Int, _ text: String?) {
        texts[slot] = text
    }

    func isUnsure(_ slot: Int) -> Bool {
        unsure[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// A question's answer: its value (nil when skipped, or doubt kept without one) and whether it was doubt.
    mutating func setAnswer(_ slot: Int, _ value: Value?, unsure: Bool) {
        set(slot, value)
        setUnsure(slot, unsure)
    }

    private mutating func setUnsure(_ slot: Int, _ flag: Bool) {
        if flag { unsure[slot >> 6] |= 1 << UInt64(slot & 63) } else { unsure[slot >> 6] &= ~(1 << UInt64(slot & 63)) }
    }

    func has(_ slot: Int) -> Bool {
        present[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    func value(_ slot: Int, type: ValueType) -> Value? {
        guard has(slot) else { return nil }
        let payload = payloads[slot]
        switch type {
        case .bool: return .bool(payload != 0)
        case .number, .date, .time: return .number(Double(bitPattern: payload))
        case .text: return texts[slot].map(Value.text)
        case .option, .outcome: return .option(Int(payload))
        case .options: return .options(payload)
        }
    }

    mutating func set(_ slot: Int, _ value: Value?) {
        guard let value else {
            clear(slot)
            return
        }
        switch value {
        case .bool(let flag): payloads[slot] = flag ? 1 : 0
        case .number(let number): payloads[slot] = number.bitPattern
        case .text(let text):
            payloads[slot] = 0
            texts[slot] = text
        case .option(let index):
            payloads[slot] = UInt64(index)
            texts[slot] = nil
        case .options(let bits):
            payloads[slot] = bits
            texts[slot] = nil
        }
        present[slot >> 6] |= 1 << UInt64(slot & 63)
    }

    mutating func clear(_ slot: Int) {
        present[slot >> 6] &= ~(1 << UInt64(slot & 63))
        texts[slot] = nil
    }

    mutating func clearAll() {
        for index in present.indices {
            present[index] = 0
            unsure[index] = 0
        }
        texts.removeAll()
    }
}
