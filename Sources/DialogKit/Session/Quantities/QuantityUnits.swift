// QuantityUnits: the time units an amount may be typed in, `per:` periods, and plain digits.

extension QuantityReader {
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
}
