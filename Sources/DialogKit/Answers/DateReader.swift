// DateReader: a typed date ("2026-11-24", "24 November 2026", "Nov 24", "last Tuesday") to a day, or why not.

/// What a `date` or `time` question reads besides its kind: whether relative dates are allowed, and its bounds.
public struct CalendarSettings: Sendable, Equatable {
    /// A bound of a date or time question, as `min:` and `max:` write it.
    public enum Bound: Sendable, Equatable, CustomStringConvertible {
        /// A fixed day (`min: 2020-01-01`).
        case day(CalendarDay)
        /// The session's today (`max: today`): a day the session is given from outside, never read here.
        case today
        /// A time of day (`min: "18:00"`).
        case time(ClockTime)

        public var description: String {
            switch self {
            case .day(let day): day.iso
            case .today: "today"
            case .time(let time): time.iso
            }
        }
    }

    /// `relative: true`: "yesterday", "3 days ago", "last Tuesday" are read (counted from the session's today).
    public var allowsRelative = false
    public var earliest: Bound?
    public var latest: Bound?

    public init(allowsRelative: Bool = false, earliest: Bound? = nil, latest: Bound? = nil) {
        self.allowsRelative = allowsRelative
        self.earliest = earliest
        self.latest = latest
    }
}

extension CalendarSettings {
    /// Whether a date (a day number) or a time (minutes since midnight) lies within `min` and `max`, as
    /// the readers keep it; `today` resolves `max: today`. Another kind of value has no such bounds.
    public func admits(_ value: Value, kind: QuestionKind, today: CalendarDay?) -> Bool {
        guard case .number(let number) = value else { return true }
        switch kind {
        case .date: return DateReader.outOfBounds(CalendarDay(dayNumber: Int(number)), settings: self, today: today) == nil
        case .time: return ClockTime(minutes: Int(number)).map { TimeReader.within($0, settings: self) } ?? false
        default: return true
        }
    }
}

/// Reads a date. Nothing is guessed: "3/4/2026" (3 April or 4 March?) and a relative date without a
/// known today are asked back; a date without a year takes the year that puts it nearest today,
/// and is said back.
enum DateReader {
    /// Words that change nothing in a date ("on the 24th", "it was about yesterday").
    static let fillers: Set<String> = [
        "on", "the", "of", "it", "was", "is", "in", "around", "about", "roughly", "approximately", "approx", "maybe",
        "probably", "possibly", "i", "think", "guess", "started", "start", "began", "since", "from", "like", "um", "er",
        "st", "nd", "rd", "th", "day", "date", "it's", "its", "that", "yes",
    ]
    static let months: [String: Int] = {
        var table: [String: Int] = ["sept": 9]
        for (index, name) in CalendarDay.monthNames.enumerated() {
            table[name.lowercased()] = index + 1
            table[String(name.lowercased().prefix(3))] = index + 1
        }
        return table
    }()
    static let weekdays: [String: Int] = {
        var table: [String: Int] = ["tues": 1, "thur": 3, "thurs": 3, "weds": 2]
        for (index, name) in CalendarDay.weekdayNames.enumerated() {
            table[name.lowercased()] = index
            table[String(name.lowercased().prefix(3))] = index
        }
        return table
    }()
    static let countWords: [String: Int] = [
        "a": 1, "an": 1, "one": 1, "two": 2, "couple": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    ]
    static let relativeWords: Set<String> = ["today", "yesterday", "tomorrow", "ago", "last", "this", "next", "week", "weeks", "month", "months", "year", "years", "days"]

    static func read(_ line: String, settings: CalendarSettings, today: CalendarDay?) -> AnswerMatch {
        let spanish = EngineLanguage.current == .spanish
        let scanned = CalendarToken.scan(line)
        let all = spanish ? SpanishCalendar.folded(scanned) : scanned
        let doubt = DoubtReader.doubt(in: all.words)
        var tokens = (spanish ? SpanishCalendar.date(all.removingDoubt()) : all.removingDoubt()).filter {
            guard case .word(let word) = $0 else { return true }
            return !fillers.contains(word)
        }
        if tokens.isEmpty { return doubt != nil ? .unsure : .notUnderstood(UserTexts.Calendar.dateHelp) }
        if tokens.contains(where: { if case .other = $0 { true } else { false } }) { return .notUnderstood(UserTexts.Calendar.dateHelp) }
        if tokens.last == .mark(".") { tokens.removeLast() }
        // "Tuesday 24 November 2026": beside a month, a weekday names the day the date is (and must be it).
        var namedWeekday: Int?
        if tokens.contains(where: { if case .word(let word) = $0 { months[word] != nil } else { false } }) {
            tokens.removeAll {
                guard case .word(let word) = $0, let weekday = weekdays[word] else { return false }
                namedWeekday = weekday
                return true
            }
        }
        let reading: Result<(CalendarDay, noted: Bool), Refusal>
        if tokens.contains(where: { if case .word(let word) = $0 { relativeWords.contains(word) || weekdays[word] != nil } else { false } }) {
            guard settings.allowsRelative else { return .notUnderstood(UserTexts.Calendar.relativeNotAllowed) }
            guard let today else { return .notUnderstood(UserTexts.Calendar.relativeWithoutToday) }
            reading = relative(tokens, today: today)
        } else {
            reading = absolute(tokens, today: today)
        }
        switch reading {
        case .failure(let refusal):
            if case .notADate = refusal, doubt == .unsure { return .unsure }
            return .notUnderstood(refusal.text)
        case .success(let (day, noted)):
            if let named = namedWeekday, named != day.weekday {
                return .notUnderstood(UserTexts.Calendar.wrongWeekday(day.readable, CalendarDay.weekdayName(day.weekday), CalendarDay.weekdayName(named)))
            }
            if let problem = outOfBounds(day, settings: settings, today: today) { return .notUnderstood(problem) }
            return .value(.number(Double(day.dayNumber)), noted: noted ? day.readable : nil)
        }
    }

    /// Why a line is asked again.
    enum Refusal: Error {
        case notADate
        case message(String)

        var text: String {
            switch self {
            case .notADate: UserTexts.Calendar.dateHelp
            case .message(let text): text
            }
        }
    }

    // MARK: - Relative dates

    private static func relative(_ tokens: [CalendarToken], today: CalendarDay) -> Result<(CalendarDay, noted: Bool), Refusal> {
        var words: [String] = []
        for token in tokens {
            switch token {
            case .word(let word): words.append(word)
            case .number(let value, _): words.append(String(value))
            default: return .failure(.notADate)
            }
        }
        func back(_ days: Int) -> Result<(CalendarDay, noted: Bool), Refusal> { .success((CalendarDay(dayNumber: today.dayNumber - days), true)) }
        if words == ["today"] { return back(0) }
        if words == ["yesterday"] { return back(1) }
        if words == ["tomorrow"] { return back(-1) }
        if words == ["before", "yesterday"] { return back(2) }
        if words.count <= 2, words.count == 1 || words[0] == "last", let wanted = weekdays[words[words.count - 1]] {
            // The most recent such day before today: "last Tuesday" on a Tuesday is a week ago.
            let distance = (today.weekday - wanted + 7) % 7
            return back(distance == 0 ? 7 : distance)
        }
        if words.count == 3, words[2] == "ago", let amount = Int(words[0]) ?? countWords[words[0]], amount <= 36_500 {
            switch words[1] {
            case "day", "days": return back(amount)
            case "week", "weeks": return back(amount * 7)
            case "fortnight", "fortnights": return back(amount * 14)
            case "month", "months", "year", "years":
                let (year, month, day) = today.components
                let months = words[1].hasPrefix("month") ? amount : amount * 12
                let total = year * 12 + (month - 1) - months
                let (newYear, newMonth) = (total / 12, total % 12 + 1)
                guard let found = CalendarDay(year: newYear, month: newMonth, day: Swift.min(day, CalendarDay.daysIn(month: newMonth, year: newYear)))
                else { return .failure(.notADate) }
                return .success((found, true))
            default: break
            }
        }
        if words.contains("ago") || words.contains("last") || words.contains("this") || words.contains("next") || words.contains("week")
            || words.contains("month")
        {
            return .failure(.message(UserTexts.Calendar.vagueDate))
        }
        return .failure(.notADate)
    }

    // MARK: - Dates written out

    private static func absolute(_ tokens: [CalendarToken], today: CalendarDay?) -> Result<(CalendarDay, noted: Bool), Refusal> {
        // 2026-11-24 (also with / or .): year first is never ambiguous.
        if tokens.count == 5, case .number(let year, 4) = tokens[0], case .mark(let first) = tokens[1], case .number(let month, _) = tokens[2],
            tokens[3] == .mark(first), case .number(let day, _) = tokens[4], first != ":"
        {
            return made(year: year, month: month, day: day, noted: first != "-")
        }
        // 3/4/2026 or 24.11.2026: day and month are asked back unless only one order is a date.
        if tokens.count == 5, case .number(let a, let aDigits) = tokens[0], case .mark(let first) = tokens[1], case .number(let b, let bDigits) = tokens[2],
            tokens[3] == .mark(first), case .number(let year, let yearDigits) = tokens[4], first != ":", aDigits <= 2, bDigits <= 2
        {
            guard yearDigits == 4 else { return .failure(.message(UserTexts.Calendar.fullYear)) }
            if a > 12 && b <= 12 { return made(year: year, month: b, day: a, noted: true) }
            if b > 12 && a <= 12 { return made(year: year, month: a, day: b, noted: true) }
            if a == b { return made(year: year, month: a, day: a, noted: true) }
            if let dayFirst = CalendarDay(year: year, month: b, day: a), let monthFirst = CalendarDay(year: year, month: a, day: b) {
                return .failure(.message(UserTexts.Calendar.dayOrMonth(dayFirst.readable, monthFirst.readable)))
            }
            return .failure(.notADate)
        }
        // 24 November 2026, November 24 2026, Nov 24, 24th of Nov.
        var day: Int?
        var month: Int?
        var year: Int?
        for token in tokens {
            switch token {
            case .word(let word):
                guard let found = months[word], month == nil else { return .failure(.notADate) }
                month = found
            case .number(let value, let digits):
                if digits == 4, year == nil, day != nil || month != nil {
                    year = value
                } else if digits <= 2, day == nil {
                    day = value
                } else {
                    return .failure(.notADate)
                }
            case .mark("."), .mark("-"), .mark("/"):
                continue
            default:
                return .failure(.notADate)
            }
        }
        guard let month else { return .failure(.notADate) }
        guard let day else { return .failure(.message(UserTexts.Calendar.whichDay)) }
        if let year { return made(year: year, month: month, day: day, noted: false) }
        guard let today else { return .failure(.message(UserTexts.Calendar.whichYear)) }
        // The year that puts the day nearest today: "Nov 24" said in January is last November.
        let thisYear = today.components.year
        let candidates = [thisYear - 1, thisYear, thisYear + 1].compactMap { CalendarDay(year: $0, month: month, day: day) }
        guard let nearest = candidates.min(by: { abs($0.dayNumber - today.dayNumber) < abs($1.dayNumber - today.dayNumber) }) else {
            return .failure(.message(UserTexts.Calendar.noSuchDay(day, month: month, year: nil)))
        }
        return .success((nearest, true))
    }

    private static func made(year: Int, month: Int, day: Int, noted: Bool) -> Result<(CalendarDay, noted: Bool), Refusal> {
        guard let found = CalendarDay(year: year, month: month, day: day) else {
            return .failure(.message(UserTexts.Calendar.noSuchDay(day, month: month, year: year)))
        }
        return .success((found, noted))
    }

    // MARK: - Bounds

    /// Why a day is outside the question's `min`/`max`, or nil. A bound of `today` with no known today holds nothing back.
    static func outOfBounds(_ day: CalendarDay, settings: CalendarSettings, today: CalendarDay?) -> String? {
        func resolved(_ bound: CalendarSettings.Bound?) -> CalendarDay? {
            switch bound {
            case .day(let day)?: day
            case .today?: today
            default: nil
            }
        }
        if let earliest = resolved(settings.earliest), day < earliest {
            return UserTexts.Calendar.dateTooEarly(settings.earliest == .today ? "today" : earliest.readable)
        }
        if let latest = resolved(settings.latest), day > latest {
            return UserTexts.Calendar.dateTooLate(settings.latest == .today ? "today" : latest.readable)
        }
        return nil
    }
}
