// QuantityTokens: a line cut into numbers in digits, words and the signs that matter to an amount.

extension QuantityReader {

    /// A piece of the line: a number in digits, a word (letters, apostrophes dropped), or a sign that matters.
    enum Token: Equatable {
        case number(Double)
        case word(String)
        case dash
        case slash
        /// Digits that are no number ("1.5.3").
        case malformed(String)
    }

    static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isWholeNumber }

    /// The line as tokens: lowercased, Latin accents removed, any script's decimal digits as ASCII digits,
    /// every dash as "-", other punctuation and symbols as separators.
    static func tokens(of line: String) -> [Token] {
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
}
