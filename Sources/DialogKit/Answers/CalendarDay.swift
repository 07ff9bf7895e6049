// CalendarDay and ClockTime: the values of `date` and `time` questions, with the calendar arithmetic they need.

/// A day of the (proleptic Gregorian) calendar, without a time or a zone. Kept as the number of days
/// since 1970-01-01, which is the number a session holds for a `date` answer: comparing two days is
/// comparing two numbers, and `days_ago` is a subtraction.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int

    public init(dayNumber: Int) {
        self.dayNumber = dayNumber
    }

    /// The day, or nil when there is no such day (`2026-02-30`), or the year is outside 1 to 9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        // Days from the civil date, counting years from March so that February's length comes last.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        dayNumber = era * 146_097 + dayOfEra - 719_468
    }

    /// `YYYY-MM-DD`, as ISO 8601 and the store write it; nil when it is not one valid day.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day at a moment (seconds since 1970-01-01 UTC) in a zone `utcOffset` seconds ahead of UTC:
    /// how a channel, which may read a clock, gives a session its today.
    public init(unixTime: Int, utcOffset: Int) {
        let seconds = unixTime + utcOffset
        dayNumber = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Year, month (1–12) and day (1–31).
    public var components: (year: Int, month: Int, day: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    public var weekday: Int {
        ((dayNumber % 7) + 7 + 3) % 7
    }

    /// `2026-11-24`: how the store, the exports and transcripts write a day.
    public var iso: String {
        let (year, month, day) = components
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// `24 November 2026` (in Spanish `24 de noviembre de 2026`): how summaries show a day, with the month
    /// as a word so that no reader takes the day for the month.
    public var readable: String {
        let (year, month, day) = components
        return UserTexts.text("\(day) \(Self.monthNames[month - 1]) \(year)", es: "\(day) de \(Self.spanishMonthNames[month - 1]) de \(year)")
    }

    /// The name of weekday `index` (0 is Monday) in the engine's language.
    static func weekdayName(_ index: Int) -> String {
        UserTexts.text(weekdayNames[index], es: spanishWeekdayNames[index])
    }

    /// The name of month `month` (1 is January) in the engine's language.
    static func monthName(_ month: Int) -> String {
        UserTexts.text(monthNames[month - 1], es: spanishMonthNames[month - 1])
    }

    public var description: String { iso }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let spanishMonthNames = [
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
    ]
    static let spanishWeekdayNames = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
}

/// A time of day to the minute, without a date or a zone: what a `time` question keeps, as the minutes
/// since midnight (0 to 1439).
public struct ClockTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var minutes: Int

    /// The time, or nil outside 00:00 to 23:59.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        minutes = hour * 60 + minute
    }

    public init?(minutes: Int) {
        guard (0..<1440).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    /// `HH:MM` (24-hour, two digits each), as the store, exports and dialog settings write a time.
    public init?(iso text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// `23:30`: the store's and the summary's form (24-hour, never ambiguous).
    public var iso: String {
        let hour = minutes / 60
        let minute = minutes % 60
        return (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public var description: String { iso }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutes < rhs.minutes }
}
