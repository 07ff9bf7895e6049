// UserTexts+Calendar: what the person is told at a date or time question, and at an "other, please specify" answer.

extension UserTexts {
    /// How dates and times are asked again (`DateReader`, `TimeReader`).
    enum Calendar {
        static let dateHelp = "I could not read that as a date. Please give the date, such as 24 November 2026 or 2026-11-24."
        static let relativeNotAllowed = "Please give the date itself, such as 24 November 2026 or 2026-11-24."
        static let relativeWithoutToday = "I cannot tell which day that is here. Please give the date itself, such as 24 November 2026."
        static let vagueDate = "Which day was that? Please give the date, such as 24 November 2026, or say how many days ago (\"3 days ago\")."
        static let fullYear = "Please write the year in full, such as 24/11/2026 or 24 November 2026."
        static let whichDay = "Which day of the month? Please give the whole date, such as 24 November 2026."
        static let whichYear = "Which year? Please give the whole date, such as 24 November 2026."
        static func dayOrMonth(_ dayFirst: String, _ monthFirst: String) -> String {
            "Is that \(dayFirst) or \(monthFirst)? Please write the month as a word, such as \(dayFirst)."
        }
        static func noSuchDay(_ day: Int, month: Int, year: Int?) -> String {
            let name = (1...12).contains(month) ? CalendarDay.monthNames[month - 1] : "month \(month)"
            return "There is no \(day) \(name)\(year.map { " \($0)" } ?? ""). Please check the date."
        }
        static func wrongWeekday(_ date: String, _ actual: String, _ named: String) -> String {
            "\(date) is a \(actual), not a \(named). Please check the date."
        }
        static func dateTooEarly(_ bound: String) -> String { "That date is before \(bound). Please check the date." }
        static func dateTooLate(_ bound: String) -> String {
            bound == "today" ? "That date is in the future. Please give a date up to today." : "That date is after \(bound). Please check the date."
        }

        static let timeHelp = "I could not read that as a time. Please give a time such as 11 pm or 23:30."
        static let minutesRange = "The minutes of a time go from 00 to 59. Please give a time such as 11:30 pm or 23:30."
        static func noSuchHour(_ hour: Int) -> String { "There is no hour \(hour) in a day. Please give a time such as 11 pm or 23:30." }
        static func twelveHourClock(_ hour: Int) -> String {
            "With am or pm the hour goes from 1 to 12. Please give a time such as 11 pm, or \(hour):00 without pm."
        }
        static func morningOrEvening(_ first: String, _ second: String) -> String {
            "Is that \(first) or \(second)? Please add am or pm, or give the time as on a 24-hour clock (\(first) or \(second))."
        }
        static func timeOutside(_ earliest: String?, _ latest: String?) -> String {
            switch (earliest, latest) {
            case let (low?, high?): "That time is outside \(low) to \(high). Please check the time."
            case let (low?, nil): "That time is before \(low). Please check the time."
            case let (nil, high?): "That time is after \(high). Please check the time."
            default: timeHelp
            }
        }

        static let typeDate = "Please type a date, such as 24 November 2026."
        static let typeTime = "Please type a time, such as 11 pm or 23:30."
    }
}
