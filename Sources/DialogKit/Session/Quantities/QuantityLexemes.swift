// QuantityLexemes: the words and numbers of a line by the part they play in an amount: numbers, units,
// ranges, rates ("twice a week"), zero words, hedges and the words an amount cannot be taken from.

extension QuantityReader {
    /// What a unit measures: time (in hours), the question's own non-time unit, or a number of times.
    enum Measure: Equatable {
        case time(hours: Double, name: String)
        case own
        case times
    }

    /// The line's words and numbers by the part they play in an amount.
    enum Lexeme: Equatable {
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

    /// Words that mean no amount at all: "none", "never" (0 of anything).
    static let zeroWords: Set<String> = ["none", "nil", "nothing", "never", "no", "nought", "naught"]

    /// Words an amount cannot be taken from: asked again, rather than guessed.
    static let vagueWords: Set<String> = [
        "several", "many", "lots", "lot", "loads", "load", "ages", "most", "various", "multiple", "countless", "often",
        "sometimes", "frequently", "occasionally", "rarely", "always", "constantly", "few", "numerous", "plenty",
    ]

    /// Words around an amount that do not change it: hedges, doubt, and the words of a sentence about an
    /// amount ("I'm 41", "it lasts about 6 hours"). Doubt without an amount is the caller's to read.
    static let fillerWords: Set<String> = [
        "i", "im", "ive", "id", "me", "my", "it", "its", "is", "was", "are", "were", "be", "been", "am", "have", "has", "had",
        "them", "they", "theyre", "usually", "normally", "typically", "generally", "mostly", "mainly", "about", "around",
        "roughly", "approximately", "approx", "circa", "ca", "almost", "nearly", "just", "only", "over", "under", "like",
        "maybe", "perhaps", "possibly", "probably", "likely", "unsure", "dunno", "idk", "kinda", "sorta", "think", "guess",
        "say", "would", "lasts", "last", "lasting", "lasted", "takes", "for", "in", "on", "age", "aged", "old", "headache",
        "headaches", "migraine", "migraines", "attack", "attacks", "um", "umm", "uh", "er", "erm", "hmm", "well", "so", "oh",
        "ok", "okay", "yeah", "yes", "total", "altogether", "exactly", "ish", "honestly", "really", "than", "ago", "hmmm",
    ]

    /// Hedges and doubt of several words, dropped before words are read on their own ("no idea" is no zero).
    static let fillerPhrases: [[String]] = [
        ["not", "sure"], ["not", "really", "sure"], ["not", "certain"], ["no", "idea"], ["no", "clue"], ["dont", "know"],
        ["do", "not", "know"], ["cant", "remember"], ["cant", "recall"], ["cannot", "remember"], ["dont", "remember"],
        ["hard", "to", "say"], ["who", "knows"], ["kind", "of"], ["sort", "of"], ["or", "so"], ["at", "least"],
        ["more", "or", "less"], ["more", "than"], ["less", "than"], ["give", "or", "take"], ["or", "thereabouts"],
        ["a", "bit"], ["a", "little"], ["up", "to"], ["could", "be"], ["might", "be"], ["lets", "say"],
    ]

    /// The first words of `fillerPhrases`: most words start none, and are not compared with each phrase.
    static let phraseStarts = Set(fillerPhrases.compactMap(\.first))


    static func lexemes(_ tokens: [Token], question: QuantityQuestion) -> [Lexeme] {
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
}
