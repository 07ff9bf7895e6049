// AnswerMatcher: a typed line to a question's value, or the reason it could not be understood.

/// The result of reading an answer.
public enum AnswerMatch: Sendable, Equatable {
    /// The answer's value; nil when an optional question was skipped. `noted` says what was
    /// understood when the line was not taken literally ("about 36 hours"), to be said back.
    case value(Value?, noted: String? = nil)
    /// Doubt ("I don't know", "not sure"): an answer of its own, never a yes, a no or a value.
    case unsure
    /// Not understood; the text says why and what would be.
    case notUnderstood(String)
}

/// What answer matching reads of a question. A session's turn takes this from the dialog
/// (`Dialog.answerForms`): one reference, where passing the `Question` copied a dozen (its texts,
/// help and location too).
final class AnswerForm: Sendable {
    let kind: QuestionKind
    let isOptional: Bool
    /// The options, their names folded (`OptionDefinition.prepared()`).
    let options: [OptionDefinition]
    /// Each folded option name (`MatchForms.exact`) and the options it names, in order: an answer
    /// that is one of these is found with one lookup.
    let optionsByExactName: [String: [Int]]
    let min: Double?
    let max: Double?
    let unit: String?
    /// A date or time question's bounds and whether it reads relative dates.
    let calendar: CalendarSettings
    /// What quantity reading reads of a number or scale question: its unit, bounds, `per:` period and
    /// the comparisons the flow makes with its answer, computed once.
    let quantity: QuantityQuestion
    /// Hours in the period a count is over (`per:`); nil when none.
    var period: Double? { quantity.period }
    /// The comparisons the flow makes with the answer (`duration >= 4`): a range across one is asked again.
    var thresholds: [QuantityThreshold] { quantity.thresholds }

    /// The form of a question of a dialog (whose options the dialog has prepared); `thresholds` are the
    /// comparisons the dialog's flow makes with the question's answer (`Dialog.thresholds`).
    init(_ question: Question, thresholds: [QuantityThreshold] = []) {
        kind = question.kind
        isOptional = question.isOptional
        options = question.options
        var byName: [String: [Int]] = [:]
        for index in options.indices {
            for name in options[index].matchForms.exact where byName[name]?.last != index {
                byName[name, default: []].append(index)
            }
        }
        optionsByExactName = byName
        min = question.min
        max = question.max
        unit = question.unit
        calendar = question.calendar ?? CalendarSettings()
        noneOption = options.firstIndex { $0.id == "none" }
        allOptionBits = options.count >= 64 ? ~0 : (1 << UInt64(options.count)) - 1
        var vocabulary: [([Character], Int)] = []
        for index in options.indices {
            // Names of one word only: a word inside a longer name ("caffeine" in "aspirin with caffeine")
            // does not name the option on its own, so a slip of it must not either.
            for name in options[index].matchForms.exact {
                let words = TextFolding.words(name)
                guard words.count == 1, let word = words.first, word.count >= 4, !vocabulary.contains(where: { $0.0 == Array(word) && $0.1 == index })
                else { continue }
                vocabulary.append((Array(word), index))
            }
        }
        self.vocabulary = vocabulary
        var context = Set<String>()
        let texts = question.text.parts.compactMap { part -> String? in if case .literal(let text) = part { text } else { nil } } + [question.help ?? ""]
        for text in texts {
            // Sentence punctuation stays inside folded words ("aura."): a typed word has none.
            for word in TextFolding.words(TextFolding.fold(text)) {
                let word = String(word.trimmingCharacters(in: ".").trimmingCharacters(in: "'"))
                context.insert(word)
                context.insert(YesNoReader.stem(word))
            }
        }
        contextWords = context
        quantity = QuantityQuestion(unit: question.unit, min: question.min, max: question.max, period: question.period, thresholds: thresholds)
    }

    /// The option with id `none`, which "none" and "nothing" choose.
    let noneOption: Int?
    /// A bit for each option.
    let allOptionBits: UInt64
    /// Every option name that is one word of four letters or more, with its option: what a near miss is measured against.
    let vocabulary: [([Character], Int)]
    /// The words of the question's text and help: a yes or no may repeat them ("yes, a stiff neck").
    let contextWords: Set<String>
}

/// Reads answers as people type them (DESIGN.md, "The session state machine").
enum AnswerMatcher {
    /// Whole lines that skip an optional question.
    static let skipPhrases = ["skip", "pass", "skip it", "skip this", "prefer not to say", "rather not say", "i'd rather not say"]
    static let spanishSkipPhrases = ["saltar", "omitir", "paso", "pasar", "saltar pregunta", "prefiero no decirlo", "prefiero no contestar", "prefiero no responder"]
    static let skipWords = WordTable(skipPhrases.map { ($0, true) })
    /// With the Spanish ones too, for a dialog in Spanish (English answers still work there).
    static let skipWordsWithSpanish = WordTable((skipPhrases + spanishSkipPhrases).map { ($0, true) })

    /// `folded` is `TextFolding.fold(line)`, when the caller has it already. For tests and tools: a
    /// session passes the form its dialog prepared.
    static func match(_ line: String, question: Question, folded: String? = nil, today: CalendarDay? = nil) -> AnswerMatch {
        match(line, question: AnswerForm(question), folded: folded, today: today)
    }

    /// A session's turn reads its question's prepared `AnswerForm` (`Dialog.answerForms`); `today` is the
    /// session's date, which relative dates ("yesterday") and `max: today` count from.
    static func match(_ line: String, question: AnswerForm, folded: String? = nil, today: CalendarDay? = nil) -> AnswerMatch {
        let folded = folded ?? TextFolding.fold(line)
        // A quoted skip word is an answer; whether the line is quoted matters only for those words.
        if (EngineLanguage.current == .spanish ? skipWordsWithSpanish : skipWords).contains(folded), !(line.trimmingCharacters(in: " ").first.map { $0 == "\"" || $0 == "'" } ?? false) {
            return question.isOptional ? .value(nil) : .notUnderstood(UserTexts.cannotSkip)
        }
        switch question.kind {
        case .yesno: return matchYesNo(line, folded: folded, question: question)
        case .choice: return matchChoice(line, folded: folded, question: question)
        case .multi: return matchMulti(line, folded: folded, question: question)
        case .number: return unsureUnlessRead(matchNumber(line, folded: folded, question: question), folded: folded)
        case .scale: return unsureUnlessRead(matchScale(line, folded: folded, question: question), folded: folded)
        case .text: return matchText(line)
        case .date: return DateReader.read(line, settings: question.calendar, today: today)
        case .time: return TimeReader.read(line, settings: question.calendar)
        }
    }

    /// An amount wins over the hedges around it ("not sure, maybe 10"); doubt without one is "unsure".
    private static func unsureUnlessRead(_ match: AnswerMatch, folded: String) -> AnswerMatch {
        guard case .notUnderstood = match, DoubtReader.doubt(in: TextFolding.words(folded).map(String.init)) != nil else { return match }
        return .unsure
    }

    // MARK: yes/no

    private static func matchYesNo(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        // The words people mostly type, looked up whole before the line is read word by word.
        if folded.utf8.count > 1 || YesNoReader.typedAsLetter(folded, in: line) {
            let vocabulary = YesNoReader.vocabulary
            if vocabulary.yesWords.contains(folded) { return .value(.bool(true)) }
            // "no?" is not a no: the word reader takes it as doubt.
            if vocabulary.noWords.contains(folded), !YesNoReader.isAsked(line) { return .value(.bool(false)) }
        }
        return YesNoReader.read(folded, line: line, contextWords: question.contextWords)
    }

    // MARK: choice and multi

    /// Options a piece of text names: by number, id, text, `also` word, unique prefix, or words contained in it.
    /// The options' names were folded when the dialog was built (`OptionDefinition.prepared()`).
    static func options(named part: String, in question: AnswerForm) -> [Int] {
        let options = question.options
        if let number = Int(part) {
            return number >= 1 && number <= options.count ? [number - 1] : []
        }
        if let exact = question.optionsByExactName[part] { return exact }
        if part.count >= 2 {
            var prefixed: [Int] = []
            for index in options.indices where options[index].matchForms.prefixes.contains(where: { $0.hasPrefix(part) }) {
                prefixed.append(index)
            }
            if !prefixed.isEmpty { return prefixed }
        }
        // Words inside a longer line: "I took Imitrex last week".
        let partWords = " " + TextFolding.words(part).joined(separator: " ") + " "
        var contained: [Int] = []
        for index in options.indices where options[index].matchForms.phrases.contains(where: { partWords.contains($0) }) {
            contained.append(index)
        }
        return contained
    }

    private static func describe(_ indices: [Int], in question: AnswerForm) -> String {
        indices.map { "\($0 + 1) (\(question.options[$0].text))" }.joined(separator: ", ")
    }

    private static func matchChoice(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        let count = question.options.count
        guard !folded.isEmpty else { return .notUnderstood(UserTexts.chooseOne(count: count)) }
        // An option's number, as most choices are typed, names that option or none.
        if let number = Int(folded) {
            guard number >= 1 && number <= count else { return .notUnderstood(UserTexts.noSuchChoice(number, count: count)) }
            return .value(.option(number - 1))
        }
        // The whole line an option's name, as it is usually typed: one lookup.
        if let exact = question.optionsByExactName[folded], exact.count == 1 { return .value(.option(exact[0])) }
        let reading = ListReader.read(line, form: question, allowsAll: false)
        if reading.isUnsure { return .unsure }
        if let problem = reading.problem { return .notUnderstood(problem) }
        let chosen = question.options.indices.filter { reading.chosen & (1 << UInt64($0)) != 0 }
        if chosen.count == 1 {
            return .value(.option(chosen[0]), noted: noted(reading, in: question))
        }
        if chosen.isEmpty {
            return .notUnderstood(reading.denied != 0 ? UserTexts.onlyDenied(count: count) : UserTexts.noChoiceMatched(count: count))
        }
        if chosen.count == count { return .notUnderstood(UserTexts.couldBeAny(count: count)) }
        return .notUnderstood(UserTexts.couldMean(describe(chosen, in: question)))
    }

    /// What to say back when a list was not taken literally: denials, "all but", near misses.
    private static func noted(_ reading: ListReader.Reading, in question: AnswerForm) -> String? {
        guard reading.denied != 0 || !reading.nearMisses.isEmpty else { return nil }
        var text = ListReader.describe(reading.chosen, in: question)
        if reading.denied != 0 { text += "; not " + ListReader.describe(reading.denied, in: question) }
        for miss in reading.nearMisses { text += UserTexts.readAs(miss.word, question.options[miss.option].text) }
        return text
    }

    private static func matchMulti(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        let count = question.options.count
        var chosen: UInt64 = 0
        let words = TextFolding.words(folded)
        // Option numbers only ("1, 3"), as lists are mostly typed: each names its option, or none does.
        var numbersOnly = !words.isEmpty
        for word in words {
            guard let number = Int(word) else {
                numbersOnly = false
                break
            }
            guard number >= 1 && number <= count else { return .notUnderstood(UserTexts.noSuchAnswer(number, count: count)) }
            chosen |= 1 << UInt64(number - 1)
        }
        var noted: String?
        if !numbersOnly {
            if let exact = question.optionsByExactName[folded], exact.count == 1 {
                chosen = 1 << UInt64(exact[0])
            } else {
                let reading = ListReader.read(line, form: question, allowsAll: true)
                if reading.isUnsure { return .unsure }
                if let problem = reading.problem { return .notUnderstood(problem) }
                chosen = reading.chosen
                if chosen == 0 && reading.denied == 0 && !reading.saidNone { return .notUnderstood(UserTexts.noChoiceMatchedInList) }
                // A line that only denies ("no nausea") chose none of them.
                if chosen == 0, reading.denied != 0, let none = question.noneOption { chosen = 1 << UInt64(none) }
                noted = Self.noted(reading, in: question)
            }
        }
        if let none = question.noneOption, chosen & (1 << UInt64(none)) != 0, chosen != 1 << UInt64(none) {
            return .notUnderstood(UserTexts.noneWithOthers(question.options[none].text))
        }
        return .value(.options(chosen), noted: noted)
    }

    // MARK: numbers

    /// An amount read from the line (`QuantityReader`), with what to say back when it was not taken
    /// literally ("about 36 hours"). `folded` is `TextFolding.fold(line)`, when the caller has it.
    static func readNumber(_ line: String, form: AnswerForm, folded: String? = nil) -> QuantityReading {
        QuantityReader.read(line, question: form.quantity, folded: folded)
    }

    private static func matchNumber(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        switch readNumber(line, form: question, folded: folded) {
        case .amount(let value, let noted): .value(.number(value), noted: noted)
        case .notUnderstood(let reason): .notUnderstood(reason)
        }
    }

    /// A scale is a number question from 0 to 10 unless it says otherwise: "7/10", "8 out of 10", "seven".
    private static func matchScale(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        matchNumber(line, folded: folded, question: question)
    }

    // MARK: text

    static func matchText(_ line: String) -> AnswerMatch {
        var text = line.trimmingCharacters(in: " ")
        if text.count >= 2, let first = text.first, let last = text.last, (first == "\"" && last == "\"") || (first == "'" && last == "'") {
            text = text.dropFirst().dropLast()
        }
        return text.isEmpty ? .notUnderstood(UserTexts.typeAnswer) : .value(.text(String(text)))
    }
}

extension String {
    func replacingUnderscores() -> String {
        replacing("_", with: " ")
    }
}
