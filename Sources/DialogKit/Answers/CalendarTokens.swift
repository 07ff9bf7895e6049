// CalendarTokens: a typed date or time cut into numbers, words and the marks between them.

/// One piece of a typed date or time.
enum CalendarToken: Sendable, Equatable {
    /// ASCII digits, with how many there were ("07" is two: a leading zero is a 24-hour clock).
    case number(Int, digits: Int)
    /// Letters (and apostrophes: "o'clock"), lowercased.
    case word(String)
    /// `:` `.` `/` `-`: what separates the parts of "23:30", "11.30", "3/4/2026", "2026-11-24".
    case mark(Character)
    /// Anything else (an emoji, a digit of another script): a line holding one is not a date or time.
    case other(Character)

    /// Cuts a line into tokens; spaces and commas only separate.
    static func scan(_ line: String) -> [CalendarToken] {
        var tokens: [CalendarToken] = []
        var digits = ""
        var letters = ""
        func flush() {
            if !digits.isEmpty {
                // More than 9 digits is no part of a date; kept as a number that fits no rule.
                tokens.append(.number(digits.count > 9 ? Int.max : Int(digits) ?? Int.max, digits: digits.count))
                digits = ""
            }
            if !letters.isEmpty {
                tokens.append(.word(letters))
                letters = ""
            }
        }
        for character in line.lowercased() {
            if character.isASCII && character.isNumber {
                if !letters.isEmpty { flush() }
                digits.append(character)
            } else if character.isLetter || (character == "'" && !letters.isEmpty) || character == "\u{2019}" {
                if !digits.isEmpty { flush() }
                letters.append(character == "\u{2019}" ? "'" : character)
            } else {
                flush()
                switch character {
                case " ", ",", "\t": break
                case ":", ".", "/", "-": tokens.append(.mark(character))
                case "!", "?", ";": break
                default: tokens.append(.other(character))
                }
            }
        }
        flush()
        return tokens
    }
}

extension Array where Element == CalendarToken {
    /// The words of the tokens, for doubt and fillers.
    var words: [String] {
        compactMap { if case .word(let word) = $0 { word } else { nil } }
    }

    /// The tokens less the phrases of doubt among their words ("not sure, maybe yesterday" is
    /// "yesterday"): whether there was doubt is asked of `DoubtReader` apart.
    func removingDoubt() -> [CalendarToken] {
        var kept: [CalendarToken] = []
        var index = 0
        while index < count {
            guard case .word = self[index] else {
                kept.append(self[index])
                index += 1
                continue
            }
            let run = self[index...].prefix { if case .word = $0 { true } else { false } }.map { token -> String in
                if case .word(let word) = token { word } else { "" }
            }
            if let (_, length) = DoubtReader.phrases.phrase(at: 0, in: run) {
                index += length
            } else {
                kept.append(self[index])
                index += 1
            }
        }
        return kept
    }
}
