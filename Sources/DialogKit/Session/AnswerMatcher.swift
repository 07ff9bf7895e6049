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

    /// The form of a question of a dialog (whose options the dialog has prepared).
    init(_ question: Question) {
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
        noneOption = options.firstIndex { $0.id == "none" }
        allOptionBits = options.count >= 64 ? ~0 : (1 << UInt64(options.count)) - 1
        var vocabulary: [([Character], Int)] = []
        for index in options.indices {
            for name in options[index].matchForms.exact {
                for word in TextFolding.words(name) where word.count >= 4 && !vocabulary.contains(where: { $0.0 == Array(word) && $0.1 == index }) {
                    vocabulary.append((Array(word), index))
                }
            }
        }
        self.vocabulary = vocabulary
        var context = Set<String>()
        let texts = question.text.parts.compactMap { part -> String? in if case .literal(let text) = part { text } else { nil } } + [question.help ?? ""]
        for text in texts {
            // Sentence punctuation stays inside folded words ("aura."): a typed word has none.
            for word in TextFolding.words(TextFolding.fold(text)) { context.insert(String(word.trimmingCharacters(in: ".").trimmingCharacters(in: "'"))) }
        }
        contextWords = context
    }

    /// The option with id `none`, which "none" and "nothing" choose.
    let noneOption: Int?
    /// A bit for each option.
    let allOptionBits: UInt64
    /// Every word of four letters or more in the options' names, with its option: what a near miss is measured against.
    let vocabulary: [([Character], Int)]
    /// The words of the question's text and help: a yes or no may repeat them ("yes, a stiff neck").
    let contextWords: Set<String>
}

/// Reads answers as people type them (DESIGN.md, "The session state machine").
enum AnswerMatcher {
    static let yesWords: WordTable<Bool> = ["y", "yes", "yeah", "yea", "yep", "yup", "ya", "sure", "true", "correct", "right", "ok", "okay", "definitely", "absolutely", "aye"]
    static let noWords: WordTable<Bool> = ["n", "no", "nope", "nah", "nay", "never", "false", "not", "negative", "none"]
    static let skipWords: WordTable<Bool> = ["skip", "pass", "skip it", "skip this", "prefer not to say", "rather not say", "i'd rather not say"]

    /// `folded` is `TextFolding.fold(line)`, when the caller has it already. For tests and tools: a
    /// session passes the form its dialog prepared.
    static func match(_ line: String, question: Question, folded: String? = nil) -> AnswerMatch {
        match(line, question: AnswerForm(question), folded: folded)
    }

    /// A session's turn reads its question's prepared `AnswerForm` (`Dialog.answerForms`).
    static func match(_ line: String, question: AnswerForm, folded: String? = nil) -> AnswerMatch {
        let folded = folded ?? TextFolding.fold(line)
        // A quoted skip word is an answer; whether the line is quoted matters only for those words.
        if skipWords.contains(folded), !(line.trimmingCharacters(in: " ").first.map { $0 == "\"" || $0 == "'" } ?? false) {
            return question.isOptional ? .value(nil) : .notUnderstood("This question needs an answer; it cannot be skipped.")
        }
        switch question.kind {
        case .yesno: return matchYesNo(line, folded: folded, question: question)
        case .choice: return matchChoice(line, folded: folded, question: question)
        case .multi: return matchMulti(line, folded: folded, question: question)
        case .number: return unsureUnlessRead(matchNumber(line, folded: folded, question: question), folded: folded)
        case .scale: return unsureUnlessRead(matchScale(folded, question: question), folded: folded)
        case .text: return matchText(line)
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
            if yesWords.contains(folded) { return .value(.bool(true)) }
            if noWords.contains(folded) { return .value(.bool(false)) }
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
        if !numbersOnly {
            if let exact = question.optionsByExactName[folded], exact.count == 1 {
                chosen = 1 << UInt64(exact[0])
            } else {
                let reading = ListReader.read(line, form: question, allowsAll: true)
                if reading.isUnsure { return .unsure }
                if let problem = reading.problem { return .notUnderstood(problem) }
                chosen = reading.chosen
                if chosen == 0 && reading.denied == 0 && !reading.saidNone { return .notUnderstood(UserTexts.noChoiceMatchedInList) }
                if chosen == 0, reading.denied != 0, let none = question.noneOption { chosen = 1 << UInt64(none) }
                if let none = question.noneOption, chosen & (1 << UInt64(none)) != 0, chosen != 1 << UInt64(none) {
                    return .notUnderstood(UserTexts.noneWithOthers(question.options[none].text))
                }
                return .value(.options(chosen), noted: noted(reading, in: question))
            }
        }
        if let none = question.noneOption, chosen & (1 << UInt64(none)) != 0, chosen != 1 << UInt64(none) {
            return .notUnderstood(UserTexts.noneWithOthers(question.options[none].text))
        }
        return .value(.options(chosen))
    }

    // MARK: numbers

    /// Hours in one of each time unit; answers in one unit are converted to the question's.
    static let hoursPerUnit: [String: Double] = [
        "second": 1.0 / 3600, "minute": 1.0 / 60, "hour": 1, "day": 24, "week": 24 * 7, "month": 24 * 30.4375, "year": 24 * 365.25,
    ]

    /// The time unit a word names ("hrs" -> "hour"), or nil.
    static func timeUnit(_ word: String) -> String? {
        // Every unit word starts with one of these letters: other words need no comparisons.
        switch word.utf8.first {
        case UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "h"), UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "y"): break
        default: return nil
        }
        return switch word {
        case "s", "sec", "secs", "second", "seconds": "second"
        case "m", "min", "mins", "minute", "minutes": "minute"
        case "h", "hr", "hrs", "hour", "hours": "hour"
        case "d", "day", "days": "day"
        case "w", "wk", "wks", "week", "weeks": "week"
        case "mo", "mos", "month", "months": "month"
        case "y", "yr", "yrs", "year", "years": "year"
        default: nil
        }
    }

    static let numberWords: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1, "half": 0.5,
        "couple": 2, "none": 0, "no": 0, "never": 0,
    ]

    static let fillerWords: Set<String> = [
        "about", "around", "roughly", "approximately", "approx", "maybe", "perhaps", "like", "almost", "nearly", "ca",
        "circa", "some", "usually", "normally", "typically", "i", "think", "guess", "say", "it's", "its", "is", "lasts",
        "last", "for", "of", "than", "more", "less", "just", "over", "under", "~", "and", "old", "aged", "age", "am",
        "i'm", "im", "per", "a", "each", "every", "in", "the", "total", "or", "so",
    ]

    /// A number with optional units: "about 6 hours", "1 hour 30 minutes", "an hour and a half", "2 days", "twelve".
    /// `line` is the text as typed, so that a decimal comma ("1,5") can be told from a list.
    /// `folded` is `TextFolding.fold(line)`, when the caller has it already.
    static func parseQuantity(_ line: String, questionUnit: String?, folded foldedLine: String? = nil) -> Result<Double, NumberProblem> {
        // Without a comma there is no decimal comma to turn into a point, so the line folds as it is.
        let reusable = line.containsUTF8(0x2C) ? nil : foldedLine
        let folded = reusable ?? TextFolding.fold(line.replacingDecimalCommas())
        // Digits alone ("34") are the number, whatever the unit.
        if let value = wholeNumber(folded) { return .success(value) }
        if folded.containsNumericRange() { return .failure(.range) }
        let unitWord = questionUnit.map { TextFolding.fold($0) }
        let targetUnit = unitWord.flatMap(timeUnit)
        if folded.hasPrefix("-"), folded.dropFirst().first?.isNumber == true {
            // "-2": TextFolding splits on "-", so a negative number is read here, whole.
            return parseQuantity(String(folded.dropFirst()), questionUnit: questionUnit).map { -$0 }
        }
        let words = TextFolding.words(folded).flatMap(splitGluedUnit)
        var total = 0.0
        var pending: Double?
        var sawNumber = false
        var lastFactor: Double?
        for (index, word) in words.enumerated() {
            let next = index + 1 < words.count ? words[index + 1] : ""
            if let value = wholeNumber(word) ?? Double(word), value.isFinite {
                if pending != nil { return .failure(.severalNumbers) }
                pending = value
                sawNumber = true
            } else if let unit = timeUnit(word) {
                // A unit after a number already used ("15 days a month") is a rate, not a quantity.
                guard let number = pending else { continue }
                guard let targetUnit, let from = hoursPerUnit[unit], let to = hoursPerUnit[targetUnit] else {
                    if word == unitWord || word + "s" == unitWord { total += number; pending = nil; continue }
                    return .failure(.wrongUnit)
                }
                total += number * from / to
                lastFactor = from / to
                pending = nil
            } else if word == unitWord || word + "s" == unitWord {
                if let number = pending { total += number; pending = nil }
            } else if word == "half" {
                if let number = pending {
                    pending = number + 0.5
                } else if let lastFactor {
                    total += 0.5 * lastFactor
                } else {
                    pending = 0.5
                    sawNumber = true
                }
            } else if word == "a" || word == "an" {
                // "an hour": one; otherwise a filler word.
                if pending == nil, !sawNumber, timeUnit(next) != nil {
                    pending = 1
                    sawNumber = true
                }
            } else if let value = numberWords[word] {
                if let number = pending {
                    if word == "hundred" {
                        pending = number * 100
                    } else if number >= 20, number.truncatingRemainder(dividingBy: 10) == 0, value < 10 {
                        pending = number + value
                    } else {
                        return .failure(.severalNumbers)
                    }
                } else {
                    pending = value
                    sawNumber = true
                }
            } else if fillerWords.contains(word) {
                continue
            } else if ["to", "till", "until"].contains(word), sawNumber {
                return .failure(.range)
            } else {
                return .failure(.notANumber)
            }
        }
        if let number = pending { total += number }
        return sawNumber ? .success(total) : .failure(.notANumber)
    }

    /// 1 to 15 ASCII digits as a number, the value `Double(text)` gives, read without the general parser.
    private static func wholeNumber(_ text: some StringProtocol) -> Double? {
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39, digits < 15 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? Double(value) : nil
    }

    /// "4h" -> ["4", "h"], "30min" -> ["30", "min"]; other words unchanged.
    private static func splitGluedUnit(_ word: Substring) -> [String] {
        if let first = word.utf8.first, first < 0x80, word.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: every byte is a Character, a number is a digit and a letter is a to z, either case.
            guard first >= 0x30 && first <= 0x39 else { return [String(word)] }
            let isLetter = { (byte: UInt8) in (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
            guard let split = word.utf8.firstIndex(where: isLetter) else { return [String(word)] }
            return splitGluedUnit(word, at: split)
        }
        guard let first = word.first, first.isNumber, let split = word.firstIndex(where: { $0.isLetter }) else { return [String(word)] }
        return splitGluedUnit(word, at: split)
    }

    private static func splitGluedUnit(_ word: Substring, at split: Substring.Index) -> [String] {
        let number = word[..<split]
        let unit = word[split...]
        guard Double(number) != nil, timeUnit(String(unit)) != nil else { return [String(word)] }
        return [String(number), String(unit)]
    }

    enum NumberProblem: Error, Equatable {
        case notANumber, severalNumbers, range, wrongUnit
    }

    private static func rangeText(_ question: AnswerForm) -> String {
        let unit = question.unit.map { " \($0)" } ?? ""
        switch (question.min, question.max) {
        case let (min?, max?): return "a number from \(NumberFormatting.plain(min)) to \(NumberFormatting.plain(max))\(unit)"
        case let (min?, nil): return "a number of at least \(NumberFormatting.plain(min))\(unit)"
        case let (nil, max?): return "a number up to \(NumberFormatting.plain(max))\(unit)"
        default: return "a number\(unit.isEmpty ? "" : " of" + unit)"
        }
    }

    private static func matchNumber(_ line: String, folded: String, question: AnswerForm) -> AnswerMatch {
        switch parseQuantity(line, questionUnit: question.unit, folded: folded) {
        case .failure(.range):
            return .notUnderstood("Please give one number rather than a range (if it varies, the usual one): \(rangeText(question)).")
        case .failure(.severalNumbers):
            return .notUnderstood("I found more than one number there. Please give \(rangeText(question)).")
        case .failure(.wrongUnit):
            return .notUnderstood("Please give \(rangeText(question)).")
        case .failure(.notANumber):
            return .notUnderstood("I could not read a number there. Please give \(rangeText(question)).")
        case .success(let value):
            return inRange(value, question: question)
        }
    }

    private static func inRange(_ value: Double, question: AnswerForm) -> AnswerMatch {
        if let min = question.min, value < min { return .notUnderstood("That is below the range. Please give \(rangeText(question)).") }
        if let max = question.max, value > max { return .notUnderstood("That is above the range. Please give \(rangeText(question)).") }
        return .value(.number(value))
    }

    private static func matchScale(_ folded: String, question: AnswerForm) -> AnswerMatch {
        // "7/10", "7 out of 10", "7 of 10": what comes before the scale's end.
        var words = TextFolding.words(folded.split(separator: "/", maxSplits: 1).first.map(String.init) ?? "")
        if let of = words.firstIndex(of: "of") {
            words = Array(words[..<of])
            if words.last == "out" { words.removeLast() }
        }
        let text = words.joined(separator: " ")
        switch parseQuantity(text, questionUnit: nil) {
        case .success(let value): return inRange(value, question: question)
        default: return .notUnderstood("Please give \(rangeText(question)).")
        }
    }

    // MARK: text

    private static func matchText(_ line: String) -> AnswerMatch {
        var text = line.trimmingCharacters(in: " ")
        if text.count >= 2, let first = text.first, let last = text.last, (first == "\"" && last == "\"") || (first == "'" && last == "'") {
            text = text.dropFirst().dropLast()
        }
        return text.isEmpty ? .notUnderstood("Please type an answer.") : .value(.text(String(text)))
    }
}

extension String {
    func replacingUnderscores() -> String {
        replacing("_", with: " ")
    }

    /// "1,5" -> "1.5": a comma between digits is a decimal comma when reading one number.
    func replacingDecimalCommas() -> String {
        guard containsUTF8(0x2C) else { return self }  // no comma: nothing to replace
        let characters = Array(self)
        var out = ""
        for (index, character) in characters.enumerated() {
            if character == ",", index > 0, index + 1 < characters.count, characters[index - 1].isNumber, characters[index + 1].isNumber {
                out.append(".")
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Whether the text holds "2-3" or "2 - 3": a range where one number is wanted.
    func containsNumericRange() -> Bool {
        guard containsUTF8(0x2D) else { return false }  // no hyphen: no range
        let characters = Array(self).filter { $0 != " " }
        for index in characters.indices.dropFirst().dropLast() where characters[index] == "-" {
            if characters[index - 1].isNumber && characters[index + 1].isNumber { return true }
        }
        return false
    }
}
