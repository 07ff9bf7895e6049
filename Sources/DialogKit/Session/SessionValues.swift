// SessionValues: one session's answers and `let` values, as the flow reads, writes and shows them.

/// The slots of one session (questions, then `let` values) with the dialog that types them: the state the
/// interpreter runs a session's flow on, and what the session's texts interpolate.
struct SessionValues: ProgramState, Sendable {
    let dialog: Dialog
    var answers: AnswerStore

    /// The session's date, given from outside (DialogKit reads no clock): what relative dates, `max: today`
    /// and `days_ago()` count from. Nil when the channel gave none; relative dates are then asked back.
    var today: CalendarDay? { answers.today }

    init(dialog: Dialog, today: CalendarDay? = nil) {
        self.dialog = dialog
        self.answers = AnswerStore(slotCount: dialog.slotNames.count)
        answers.today = today
    }

    func value(ofSlot slot: Int) -> Value? {
        answers.value(slot, type: dialog.slotTypes[slot])
    }

    func isUnsure(slot: Int) -> Bool {
        slot < dialog.questions.count && answers.isUnsure(slot)
    }

    mutating func setComputed(_ slot: Int, to value: Value?) {
        answers.set(slot, value)
    }

    // MARK: - Texts

    /// A text with its `{name}` parts filled in from these values.
    func render(_ template: TextTemplate) -> String {
        if let fixed = template.fixedText { return fixed }
        var out = ""
        for part in template.parts {
            switch part {
            case .literal(let text): out += text
            case .value(_, let slot):
                if let value = answers.value(slot, type: dialog.slotTypes[slot]) {
                    out += describe(value, question: slot < dialog.questions.count ? slot : nil, type: dialog.slotTypes[slot])
                } else {
                    out += UserTexts.notAnswered
                }
            }
        }
        return out
    }

    /// An answer as words: "yes", "One side of my head", "6 hours", "Triptans, NSAIDs", "24 November 2026".
    func describe(_ value: Value, question: Int?, type: ValueType? = nil) -> String {
        switch value {
        case .bool(let flag): return flag ? UserTexts.yes : UserTexts.no
        case .number(let number):
            if let shown = Self.calendarWords(number, type: type ?? question.map { dialog.slotTypes[$0] }) { return shown }
            guard let question, let unit = dialog.questions[question].unit else { return NumberFormatting.display(number) }
            // In the question's own unit, as it was asked ("5.5 hours", never "330 minutes"); where two
            // decimals cannot say it exactly, the unit it was most likely typed in follows ("1.43 weeks (10 days)").
            let shown = dialog.preparedQuestions[question].unitSuffixes.map { NumberFormatting.display(number) + (number == 1 ? $0.singular : $0.plural) }
                ?? NumberFormatting.display(number) + " " + unit
            let displayed = Double(NumberFormatting.display(number)) ?? number
            guard abs(displayed - number) > 1e-9 else { return shown }
            let (natural, naturalUnit) = Self.naturalQuantity(number, unit: unit)
            guard naturalUnit != unit else { return shown }
            let naturalWords = NumberFormatting.display(natural) + " " + (natural == 1 && naturalUnit.hasSuffix("s") ? String(naturalUnit.dropLast()) : naturalUnit)
            // "0 weeks" would say nothing of 45 minutes.
            return displayed == 0 ? naturalWords : shown + " (" + naturalWords + ")"
        case .text(let text): return text
        case .option(let index):
            if case .option(let owner)? = type ?? question.map({ dialog.slotTypes[$0] }) {
                return Self.withOther(dialog.questions[owner].options[index], otherText(question))
            }
            if case .outcome? = type { return dialog.outcomes[index].id }
            return String(index)
        case .options(let bits):
            guard case .options(let owner)? = type ?? question.map({ dialog.slotTypes[$0] }) else { return String(bits) }
            // By index: each chosen option's text, without copying the options.
            let options = dialog.questions[owner].options
            var text: String?
            for index in options.indices where bits & (1 << UInt64(index)) != 0 {
                // The first text as it is (one option is the usual answer), the others appended.
                let shown = options[index].isOther ? Self.withOther(options[index], otherText(question)) : options[index].text
                if text == nil { text = shown } else { text! += ", " + shown }
            }
            return text ?? UserTexts.noneChosen
        }
    }

    /// What an "other, please specify" answer of this question said; nil for a question with no such option.
    func otherText(_ question: Int?) -> String? {
        guard let question, question < dialog.questions.count, dialog.questions[question].options.contains(where: \.isOther) else { return nil }
        return answers.otherText(question)
    }

    /// An option as words, with what the person said it is when it is the "other" one: "Other: acupuncture".
    static func withOther(_ option: OptionDefinition, _ said: String?) -> String {
        guard option.isOther, let said else { return option.text }
        return option.text + ": " + said
    }

    /// A date as "24 November 2026" and a time as "23:30"; nil for other types.
    static func calendarWords(_ number: Double, type: ValueType?) -> String? {
        switch type {
        case .date?: CalendarDay(dayNumber: Int(number)).readable
        case .time?: ClockTime(minutes: Int(number)).map(\.iso) ?? NumberFormatting.display(number)
        default: nil
        }
    }

    /// A time answer in the unit it was most likely given in: "10 days" asked in weeks is 1.43 weeks,
    /// shown as 10 days; whole numbers in the question's own unit stay as they are.
    static func naturalQuantity(_ value: Double, unit: String) -> (Double, String) {
        // The whole-number test first: it settles most answers without looking at the unit.
        guard abs(value - value.rounded()) > 1e-6, let base = QuantityReader.timeUnit(TextFolding.fold(unit)),
            let hours = QuantityReader.hoursPerUnit[base]
        else { return (value, unit) }
        let total = value * hours
        for candidate in ["year", "month", "week", "day", "hour", "minute"] {
            guard let size = QuantityReader.hoursPerUnit[candidate] else { continue }
            let amount = total / size
            if amount >= 1, abs(amount - amount.rounded()) < 0.01 { return (amount.rounded(), candidate + "s") }
        }
        return (value, unit)
    }
}
