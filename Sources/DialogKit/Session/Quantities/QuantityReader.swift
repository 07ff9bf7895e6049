// QuantityReader: an amount read from a whole line as people type it: number words, numbers inside a
// sentence, units, compounds, ranges, rates and zero words (docs/dialog-language.md, "How amounts are read").

/// Reads an amount from a whole line (docs/dialog-language.md, "How amounts are read"). Pure: no I/O.
enum QuantityReader {
    /// Longer lines are refused unread: no amount is typed that way, and the work stays bounded.
    static let maximumLineBytes = 2_000

    /// The amount the line gives for the question, or why it gives none. `folded` is
    /// `TextFolding.fold(line)` when the caller has it: "12 Hours" is then read without tokens. Digits
    /// alone ("34") are read from the line without allocating either way.
    static func read(_ line: String, question: QuantityQuestion, folded: String? = nil) -> QuantityReading {
        // Plain digits ("34", "7"), as most amounts are typed: no tokens, no words.
        if let value = wholeNumber(line) { return checked(value, noted: nil, question: question) }
        // Folding an ASCII line only lowercases it and drops punctuation that changes no amount; folding
        // other text may drop what does ("−3" folds to "3"), so only the general reading sees it.
        if let folded, line.utf8.allSatisfy({ $0 < 0x80 }) {
            if let value = wholeNumber(folded) { return checked(value, noted: nil, question: question) }
            if let reading = numberAndUnit(folded, question: question) { return reading }
        }
        guard line.utf8.count <= maximumLineBytes else { return .notUnderstood(UserTexts.Amounts.tooLong(question)) }
        let typed = tokens(of: line)
        let lexemes = lexemes(EngineLanguage.current == .spanish ? englishTokens(fromSpanish: typed) : typed, question: question)
        // A word that is no number, unit, filler or hedge means the line says something else: never guess.
        for lexeme in lexemes {
            switch lexeme {
            case .unknown(let word): return .notUnderstood(UserTexts.Amounts.unknownWord(word, question))
            case .vague(let word): return .notUnderstood(UserTexts.Amounts.vague(word, question))
            case .negative: return .notUnderstood(UserTexts.Amounts.negative(question))
            default: continue
            }
        }
        var parser = Parser(lexemes: lexemes)
        guard let phrase = parser.phrase() else {
            let hasAmount = lexemes.contains { $0.isAmount }
            return .notUnderstood(hasAmount ? UserTexts.Amounts.unreadable(question) : UserTexts.Amounts.noAmount(question))
        }
        guard parser.atEnd else {
            let rest = lexemes[parser.index...]
            return .notUnderstood(rest.contains { $0.isAmount } ? UserTexts.Amounts.severalNumbers(question) : UserTexts.Amounts.unreadable(question))
        }
        return evaluate(phrase, question: question)
    }

    /// "12 hours", "2 years": digits, one space and a unit word, as many amounts with a unit are typed,
    /// read without tokens; nil for any other line (the general reading then gives the same answer).
    private static func numberAndUnit(_ folded: String, question: QuantityQuestion) -> QuantityReading? {
        let bytes = folded.utf8
        guard let space = bytes.firstIndex(of: 0x20), let value = wholeNumber(folded[..<space]) else { return nil }
        let rest = folded[bytes.index(after: space)...]
        // Unit words are short: a longer word, or a second space, is left to the general reading.
        guard rest.utf8.count <= 10, !rest.utf8.contains(0x20) else { return nil }
        let word = String(rest)
        if let unitHours = question.unitHours, let unit = timeUnit(word, at: question), let hours = hoursPerUnit[unit] {
            let converted = value * hours / unitHours
            // Digits with a unit are taken as typed: the summary shows them in that unit, so nothing is said back.
            return checked(converted, noted: nil, question: question)
        }
        if question.unitHours == nil, word == question.unitWord || word == question.unitSingular {
            return checked(value, noted: nil, question: question)
        }
        return nil
    }

    // MARK: the value

    private static func evaluate(_ phrase: Phrase, question: QuantityQuestion) -> QuantityReading {
        let quantity = phrase.quantity
        var low = quantity.low
        var high = quantity.high
        if case .time = quantity.measure {
            if phrase.periodHours != nil {
                // "3 days a week" counts days: the count's unit must be what the question counts.
                guard let unitHours = question.unitHours, quantity.lastUnitHours == unitHours else {
                    return .notUnderstood(UserTexts.Amounts.rateUnit(question))
                }
            }
            guard let unitHours = question.unitHours else { return .notUnderstood(UserTexts.Amounts.timeUnitNotAsked(question)) }
            low /= unitHours
            high /= unitHours
        }
        if quantity.measure == .times, phrase.periodHours == nil, question.unitHours != nil, question.period == nil {
            // "twice" is a count: at a question of a length of time ("how long") it is no answer.
            return .notUnderstood(UserTexts.Amounts.unreadable(question))
        }
        if let denominator = phrase.outOf {
            // "7/10", "8 out of 10": a score on the question's own scale, nothing else.
            guard quantity.measure == nil, denominator == question.max else { return .notUnderstood(UserTexts.Amounts.outOf(denominator, question)) }
        }
        var value = (low + high) / 2
        var ends = (low, high)
        var rateNote: String?
        if let periodHours = phrase.periodHours {
            guard let period = question.period else { return .notUnderstood(UserTexts.Amounts.rateWithoutPeriod(question)) }
            // Counts over the person's period, as counts over the question's, rounded to whole ones.
            let factor = period / periodHours
            ends = ((low * factor).rounded(), (high * factor).rounded())
            value = (value * factor).rounded()
            let sameLiteral = quantity.literal && periodHours == period
            if !sameLiteral {
                let typed = quantity.isRange
                    ? "\(NumberFormatting.display(quantity.shown?.low ?? low)) to \(NumberFormatting.display(quantity.shown?.high ?? high))"
                    : NumberFormatting.display(quantity.shown?.low ?? low)
                rateNote = UserTexts.Amounts.rate(
                    value, isRange: quantity.isRange, unit: question.unit, period: period, typedCount: typed, typedPeriod: periodHours,
                    isOnce: !quantity.isRange && (quantity.shown?.low ?? low) == 1)
            }
        }
        if quantity.isRange {
            for threshold in question.thresholds where threshold.holds(ends.0) != threshold.holds(ends.1) {
                let shown = quantity.shown
                let unitText: String
                if let periodHours = phrase.periodHours {
                    unitText = [shown?.unit ?? (quantity.measure == .times ? "times" : nil), UserTexts.Amounts.periodPhrase(periodHours, every: false)]
                        .compactMap { $0 }.joined(separator: " ")
                } else {
                    unitText = shown?.unit ?? question.unit ?? ""
                }
                let nearer = shown.map { ($0.low, $0.high) } ?? ends
                return .notUnderstood(UserTexts.Amounts.nearer(nearer.0, nearer.1, unit: unitText, question))
            }
        }
        let noted: String? = if let rateNote {
            rateNote
        } else if quantity.isRange {
            UserTexts.Amounts.about(value, unit: question.unit)
        } else if quantity.literal {
            // Digits or number words, in any time unit: taken as typed (the summary shows the unit typed).
            nil
        } else {
            UserTexts.Amounts.amount(value, unit: question.unit)
        }
        return checked(value, noted: phrase.periodHours != nil && rateNote == nil ? nil : noted, question: question)
    }

    /// The value when it is within the question's bounds, else why not.
    private static func checked(_ value: Double, noted: String?, question: QuantityQuestion) -> QuantityReading {
        guard value.isFinite else { return .notUnderstood(UserTexts.Amounts.unreadable(question)) }
        if let min = question.min, value < min { return .notUnderstood(UserTexts.Amounts.below(question)) }
        if let max = question.max, value > max { return .notUnderstood(UserTexts.Amounts.above(question)) }
        return .amount(value, noted: noted)
    }
}
