// QuantityReader: an amount read from a whole line as people type it: number words, numbers inside a
// sentence, units, compounds, ranges, rates and zero words (docs/dialog-language.md, "How amounts are read").

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
        let lexemes = lexemes(tokens(of: line), question: question)
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

    // MARK: units

    /// Hours in one of each time unit; answers in one unit are converted to the question's. A month is
    /// 30.4375 days and a year 365.25 days (the Gregorian averages).
    static let hoursPerUnit: [String: Double] = [
        "second": 1.0 / 3600, "minute": 1.0 / 60, "hour": 1, "day": 24, "week": 24 * 7, "fortnight": 24 * 14,
        "month": 24 * 30.4375, "year": 24 * 365.25, "decade": 24 * 3652.5,
    ]

    /// The time unit a word names ("hrs" -> "hour"), or nil.
    static func timeUnit(_ word: String) -> String? {
        // Every unit word starts with one of these letters: other words need no comparisons.
        switch word.utf8.first {
        case UInt8(ascii: "s"), UInt8(ascii: "m"), UInt8(ascii: "h"), UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "y"),
            UInt8(ascii: "f"):
            break
        default: return nil
        }
        return switch word {
        case "s", "sec", "secs", "second", "seconds": "second"
        case "m", "min", "mins", "minute", "minutes": "minute"
        case "h", "hr", "hrs", "hour", "hours": "hour"
        case "d", "day", "days": "day"
        case "w", "wk", "wks", "week", "weeks": "week"
        case "fortnight", "fortnights": "fortnight"
        case "mo", "mos", "month", "months": "month"
        case "y", "yr", "yrs", "year", "years": "year"
        case "decade", "decades": "decade"
        default: nil
        }
    }

    /// The time unit a word names at this question: "m" is minutes at a question in hours or minutes, and
    /// months at one in days or longer ("18m" at a months question is no 18 minutes).
    static func timeUnit(_ word: String, at question: QuantityQuestion) -> String? {
        guard word == "m" else { return timeUnit(word) }
        return (question.unitHours ?? 0) >= 24 ? "month" : "minute"
    }

    /// The hours of a `per:` period ("month", "week", "90 days", "a year"), or nil when it names none.
    static func periodHours(_ text: String) -> Double? {
        let words = TextFolding.words(TextFolding.fold(text)).map(String.init)
        guard let last = words.last, let unit = timeUnit(last), let hours = hoursPerUnit[unit], words.count <= 2 else { return nil }
        guard words.count == 2 else { return hours }
        let count = words[0] == "a" || words[0] == "an" || words[0] == "one" ? 1 : wholeNumber(words[0])
        guard let count, count > 0 else { return nil }
        return count * hours
    }

    /// 1 to 15 ASCII digits as a number, the value `Double(text)` gives, read without the general parser.
    static func wholeNumber(_ text: some StringProtocol) -> Double? {
        var value = 0
        var digits = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39, digits < 15 else { return nil }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits > 0 ? Double(value) : nil
    }

    // MARK: tokens

    /// A piece of the line: a number in digits, a word (letters, apostrophes dropped), or a sign that matters.
    private enum Token: Equatable {
        case number(Double)
        case word(String)
        case dash
        case slash
        /// Digits that are no number ("1.5.3").
        case malformed(String)
    }

    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isWholeNumber }

    /// The line as tokens: lowercased, Latin accents removed, any script's decimal digits as ASCII digits,
    /// every dash as "-", other punctuation and symbols as separators.
    private static func tokens(of line: String) -> [Token] {
        var characters: [Character] = []
        characters.reserveCapacity(line.utf8.count)
        for character in line.lowercased() {
            if !character.isASCII, character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first,
                scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue
            {
                // "٤١", "４": the digits of other scripts are digits.
                characters.append(Character(String(Int(digit))))
            } else {
                characters.append(TextFolding.baseLetter(character))
            }
        }
        var tokens: [Token] = []
        var index = 0
        let count = characters.count
        while index < count {
            let character = characters[index]
            let startsDecimal = character == "." && index + 1 < count && isDigit(characters[index + 1])
            if isDigit(character) || startsDecimal {
                var text = startsDecimal ? "0" : ""
                var points = 0
                var end = index
                scanning: while end < count {
                    let next = characters[end]
                    if isDigit(next) {
                        text.append(next)
                    } else if next == ".", end + 1 < count, isDigit(characters[end + 1]) {
                        points += 1
                        text.append(".")
                    } else if next == ",", points == 0, end + 1 < count, isDigit(characters[end + 1]) {
                        // "1,5" is a decimal comma; "1,000" groups thousands; "3, 4" (a space) separates.
                        var digitsAfter = 0
                        while end + 1 + digitsAfter < count, isDigit(characters[end + 1 + digitsAfter]) { digitsAfter += 1 }
                        if digitsAfter == 3 {
                            // A group of thousands: nothing to add.
                        } else if digitsAfter <= 2 {
                            points += 1
                            text.append(".")
                        } else {
                            break scanning
                        }
                    } else {
                        break scanning
                    }
                    end += 1
                }
                tokens.append(points <= 1 ? Double(text).map(Token.number) ?? .malformed(text) : .malformed(text))
                index = end
            } else if character.isLetter {
                var word = ""
                var end = index
                while end < count, characters[end].isLetter || "'’‘`".contains(characters[end]) {
                    if characters[end].isLetter { word.append(characters[end]) }
                    end += 1
                }
                tokens.append(.word(word))
                index = end
            } else {
                if "-−–—‐".contains(character) {
                    tokens.append(.dash)
                } else if character == "/" {
                    tokens.append(.slash)
                } else if character.isNumber {
                    // "½", "²", "Ⅻ": a number that is no decimal digit is not read, and not skipped either
                    // ("1½ hours" must not be 1 hour).
                    tokens.append(.malformed(String(character)))
                }
                index += 1
            }
        }
        return tokens
    }

    // MARK: lexemes

    /// What a unit measures: time (in hours), the question's own non-time unit, or a number of times.
    private enum Measure: Equatable {
        case time(hours: Double, name: String)
        case own
        case times
    }

    /// The line's words and numbers by the part they play in an amount.
    private enum Lexeme: Equatable {
        /// `literal`: digits or cardinal words ("41", "forty-one"), as opposed to "a", "a couple", "none".
        case number(Double, literal: Bool)
        /// "a few": the range 2 to 4.
        case few
        case half
        /// "and a half" after a number or a unit.
        case andHalf
        case unit(Measure)
        /// "-", "to", "or", "till", "until": the ends of a range.
        case rangeTo
        case between
        case and
        /// "a", "per", "each" between a count and its period ("3 days a week").
        case per
        case every
        case other
        /// "/", "out of", "of" between two numbers ("7/10").
        case outOf
        /// "once", "twice", "thrice".
        case times(Double)
        /// "daily", "weekly": once in a period of these hours.
        case frequency(Double)
        case negative
        /// "several", "lots": an amount no number can be taken from.
        case vague(String)
        case unknown(String)

        var isAmount: Bool {
            switch self {
            case .number, .few, .half, .times, .frequency, .every: true
            default: false
            }
        }

        /// Whether an amount ends here, so that a dash or "a" after it joins a range or a period.
        var endsAmount: Bool {
            switch self {
            case .number, .few, .half, .andHalf, .unit, .times: true
            default: false
            }
        }
    }

    private static let smallNumbers: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    private static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    private static let multipliers: [String: Double] = ["hundred": 100, "thousand": 1000, "dozen": 12]

    /// Words that mean no amount at all: "none", "never" (0 of anything).
    private static let zeroWords: Set<String> = ["none", "nil", "nothing", "never", "no", "nought", "naught"]

    /// Words an amount cannot be taken from: asked again, rather than guessed.
    private static let vagueWords: Set<String> = [
        "several", "many", "lots", "lot", "loads", "load", "ages", "most", "various", "multiple", "countless", "often",
        "sometimes", "frequently", "occasionally", "rarely", "always", "constantly", "few", "numerous", "plenty",
    ]

    /// Words around an amount that do not change it: hedges, doubt, and the words of a sentence about an
    /// amount ("I'm 41", "it lasts about 6 hours"). Doubt without an amount is the caller's to read.
    private static let fillerWords: Set<String> = [
        "i", "im", "ive", "id", "me", "my", "it", "its", "is", "was", "are", "were", "be", "been", "am", "have", "has", "had",
        "them", "they", "theyre", "usually", "normally", "typically", "generally", "mostly", "mainly", "about", "around",
        "roughly", "approximately", "approx", "circa", "ca", "almost", "nearly", "just", "only", "over", "under", "like",
        "maybe", "perhaps", "possibly", "probably", "likely", "unsure", "dunno", "idk", "kinda", "sorta", "think", "guess",
        "say", "would", "lasts", "last", "lasting", "lasted", "takes", "for", "in", "on", "age", "aged", "old", "headache",
        "headaches", "migraine", "migraines", "attack", "attacks", "um", "umm", "uh", "er", "erm", "hmm", "well", "so", "oh",
        "ok", "okay", "yeah", "yes", "total", "altogether", "exactly", "ish", "honestly", "really", "than", "ago", "hmmm",
    ]

    /// Hedges and doubt of several words, dropped before words are read on their own ("no idea" is no zero).
    private static let fillerPhrases: [[String]] = [
        ["not", "sure"], ["not", "really", "sure"], ["not", "certain"], ["no", "idea"], ["no", "clue"], ["dont", "know"],
        ["do", "not", "know"], ["cant", "remember"], ["cant", "recall"], ["cannot", "remember"], ["dont", "remember"],
        ["hard", "to", "say"], ["who", "knows"], ["kind", "of"], ["sort", "of"], ["or", "so"], ["at", "least"],
        ["more", "or", "less"], ["more", "than"], ["less", "than"], ["give", "or", "take"], ["or", "thereabouts"],
        ["a", "bit"], ["a", "little"], ["up", "to"], ["could", "be"], ["might", "be"], ["lets", "say"],
    ]

    /// The first words of `fillerPhrases`: most words start none, and are not compared with each phrase.
    private static let phraseStarts = Set(fillerPhrases.compactMap(\.first))

    private static func lexemes(_ tokens: [Token], question: QuantityQuestion) -> [Lexeme] {
        var out: [Lexeme] = []
        var index = 0
        func word(_ at: Int) -> String? {
            guard at < tokens.count, case .word(let word) = tokens[at] else { return nil }
            return word
        }
        func isNumberAhead(_ at: Int) -> Bool {
            guard at < tokens.count else { return false }
            if case .number = tokens[at] { return true }
            return word(at).map { smallNumbers[$0] != nil || tens[$0] != nil } ?? false
        }
        func lastIsNumber() -> Bool {
            if case .number? = out.last { return true }
            return false
        }
        func isUnit(_ word: String?) -> Bool {
            guard let word else { return false }
            return timeUnit(word) != nil || (question.unitHours == nil && (word == question.unitWord || word == question.unitSingular))
        }
        tokenLoop: while index < tokens.count {
            switch tokens[index] {
            case .number(let value):
                // "2 dozen", "3 hundred"
                if let next = word(index + 1), let factor = multipliers[next] {
                    out.append(.number(value * factor, literal: next != "dozen"))
                    index += 2
                } else {
                    out.append(.number(value, literal: true))
                    index += 1
                }
            case .malformed(let text):
                out.append(.unknown(text))
                index += 1
            case .dash:
                // After an amount a dash joins a range ("2-3"); before digits, with none before, it is a minus.
                if out.last?.endsAmount == true {
                    out.append(.rangeTo)
                } else if index + 1 < tokens.count, case .number = tokens[index + 1] {
                    out.append(.negative)
                }
                index += 1
            case .slash:
                if case .number? = out.last { out.append(.outOf) }
                index += 1
            case .word(let text):
                if phraseStarts.contains(text) {
                    for phrase in fillerPhrases where phrase.indices.allSatisfy({ word(index + $0) == phrase[$0] }) {
                        index += phrase.count
                        continue tokenLoop
                    }
                }
                if let (value, length, literal) = numberWords(tokens, at: index) {
                    out.append(.number(value, literal: literal))
                    index += length
                    continue tokenLoop
                }
                index += 1
                switch text {
                case "a", "an":
                    let next = word(index)
                    if next == "few" {
                        out.append(.few)
                        index += 1
                    } else if next == "couple" {
                        out.append(.number(2, literal: false))
                        index += 1
                    } else if next == "lot" {
                        out.append(.vague("a lot"))
                        index += 1
                    } else if next == "half" {
                        out.append(.half)
                        index += 1
                    } else if isUnit(next) {
                        // "3 days a week": a period; "a day": one.
                        out.append(out.last?.endsAmount == true ? .per : .number(1, literal: false))
                    }
                // Otherwise an article before a number ("about a 7"): nothing.
                case "and":
                    if let next = word(index), next == "a" || next == "an", word(index + 1) == "half" {
                        out.append(.andHalf)
                        index += 2
                    } else {
                        out.append(.and)
                    }
                case "half":
                    if let next = word(index), next == "a" || next == "an" {
                        if word(index + 1) == "dozen" {
                            out.append(.number(6, literal: false))
                            index += 2
                        } else {
                            out.append(.half)
                            index += 1
                        }
                    } else {
                        out.append(.half)
                    }
                case "couple": out.append(.number(2, literal: false))
                case "or", "to", "till", "until", "through", "thru": out.append(.rangeTo)
                case "between": out.append(.between)
                case "per", "each": out.append(.per)
                case "every": out.append(.every)
                case "other": out.append(.other)
                case "out":
                    if word(index) == "of" {
                        out.append(.outOf)
                        index += 1
                    } else {
                        out.append(.unknown(text))
                    }
                case "of":
                    // "7 of 10"; elsewhere ("a couple of days") nothing.
                    if lastIsNumber(), isNumberAhead(index) { out.append(.outOf) }
                case "once": out.append(.times(1))
                case "twice": out.append(.times(2))
                case "thrice": out.append(.times(3))
                case "daily", "nightly": out.append(.frequency(24))
                case "weekly": out.append(.frequency(24 * 7))
                case "fortnightly": out.append(.frequency(24 * 14))
                case "monthly": out.append(.frequency(24 * 30.4375))
                case "yearly", "annually": out.append(.frequency(24 * 365.25))
                case "times", "time": out.append(.unit(.times))
                case "x" where lastIsNumber(): out.append(.unit(.times))  // "3x a week"
                case "not":
                    // "not once", "not any", "not at all": none.
                    if let next = word(index), next == "once" || next == "any" || next == "ever" {
                        out.append(.number(0, literal: false))
                        index += 1
                    } else if word(index) == "at", word(index + 1) == "all" {
                        out.append(.number(0, literal: false))
                        index += 2
                    } else {
                        out.append(.unknown(text))
                    }
                case "some" where isNumberAhead(index): break  // "some 20 years"
                default:
                    if zeroWords.contains(text) {
                        out.append(.number(0, literal: false))
                    } else if let unit = timeUnit(text, at: question), let hours = hoursPerUnit[unit] {
                        out.append(.unit(.time(hours: hours, name: unit)))
                    } else if question.unitHours == nil, text == question.unitWord || text == question.unitSingular {
                        out.append(.unit(.own))
                    } else if vagueWords.contains(text) || text == "some" {
                        out.append(.vague(text))
                    } else if !fillerWords.contains(text) {
                        out.append(.unknown(text))
                    }
                }
            }
        }
        return out
    }

    /// A number in words from `start` ("forty-one", "a hundred and five", "two dozen"): its value, how many
    /// tokens it takes, and whether it is a plain cardinal; nil when no number word starts there.
    private static func numberWords(_ tokens: [Token], at start: Int) -> (Double, Int, Bool)? {
        func word(_ at: Int) -> String? {
            guard at < tokens.count, case .word(let word) = tokens[at] else { return nil }
            return word
        }
        var index = start
        var total = 0.0
        var current = 0.0
        var found = false
        var literal = true
        var lastWasTens = false
        var lastWasMultiplier = false
        while index < tokens.count {
            if tokens[index] == .dash {
                // "forty-one"
                guard lastWasTens, let next = word(index + 1), let value = smallNumbers[next], value >= 1, value <= 9 else { break }
                index += 1
                continue
            }
            guard let text = word(index) else { break }
            if let value = smallNumbers[text] {
                let rest = current.truncatingRemainder(dividingBy: 100)
                // After "twenty" only a digit; after nothing or "hundred" anything below twenty.
                guard rest == 0 || (rest >= 20 && rest.truncatingRemainder(dividingBy: 10) == 0 && value >= 1 && value <= 9) else { break }
                guard !(found && rest == 0 && current == 0 && total == 0) else { break }  // "zero one"
                current += value
                lastWasTens = false
                lastWasMultiplier = false
            } else if let value = tens[text] {
                guard current.truncatingRemainder(dividingBy: 100) == 0, !(found && current == 0 && total == 0) else { break }
                current += value
                lastWasTens = true
                lastWasMultiplier = false
            } else if let factor = multipliers[text] {
                if text == "hundred" {
                    guard current < 100 else { break }
                    current = (found ? current : 1) * 100
                } else if text == "thousand" {
                    guard total == 0 else { break }
                    total = (found ? current : 1) * 1000
                    current = 0
                } else {
                    current = (found ? current : 1) * factor
                    literal = false
                }
                lastWasTens = false
                lastWasMultiplier = true
            } else if (text == "a" || text == "an") && !found, let next = word(index + 1), multipliers[next] != nil {
                // "a hundred", "a dozen": the article is the one.
                index += 1
                continue
            } else if text == "and", lastWasMultiplier, let next = word(index + 1), smallNumbers[next] != nil || tens[next] != nil {
                // "a hundred and five"
                index += 1
                continue
            } else {
                break
            }
            found = true
            index += 1
            if text == "dozen" { break }
        }
        guard found else { return nil }
        return (total + current, index - start, literal)
    }

    // MARK: parsing

    /// An amount as typed: its ends in the base of its measure (hours for time), how it was written.
    private struct Quantity {
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
    private struct Phrase {
        var quantity: Quantity
        var outOf: Double?
        var periodHours: Double?
    }

    private struct Parser {
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
