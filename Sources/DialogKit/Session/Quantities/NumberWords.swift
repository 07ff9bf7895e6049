// NumberWords: numbers written in words: "forty-one", "a hundred and five", "two dozen".

extension QuantityReader {
    static let smallNumbers: [String: Double] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Double] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let multipliers: [String: Double] = ["hundred": 100, "thousand": 1000, "dozen": 12]

    /// A number in words from `start` ("forty-one", "a hundred and five", "two dozen"): its value, how many
    /// tokens it takes, and whether it is a plain cardinal; nil when no number word starts there.
    static func numberWords(_ tokens: [Token], at start: Int) -> (Double, Int, Bool)? {
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
}
