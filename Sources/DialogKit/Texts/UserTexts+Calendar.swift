// UserTexts+Calendar: what the person is told at a date or time question, and at an "other, please specify" answer.

extension UserTexts {
    /// How dates and times are asked again (`DateReader`, `TimeReader`), in the engine's language.
    enum Calendar {
        static var dateHelp: String {
            text("I could not read that as a date. Please give the date, such as 24 November 2026 or 2026-11-24.",
                es: "No he podido leer eso como una fecha. Por favor, escriba la fecha, por ejemplo 24 de noviembre de 2026 o 2026-11-24.")
        }
        static var relativeNotAllowed: String {
            text("Please give the date itself, such as 24 November 2026 or 2026-11-24.",
                es: "Por favor, escriba la fecha misma, por ejemplo 24 de noviembre de 2026 o 2026-11-24.")
        }
        static var relativeWithoutToday: String {
            text("I cannot tell which day that is here. Please give the date itself, such as 24 November 2026.",
                es: "Aquí no puedo saber qué día es ese. Por favor, escriba la fecha misma, por ejemplo 24 de noviembre de 2026.")
        }
        static var vagueDate: String {
            text("Which day was that? Please give the date, such as 24 November 2026, or say how many days ago (\"3 days ago\").",
                es: "¿Qué día fue? Por favor, escriba la fecha, por ejemplo 24 de noviembre de 2026, o diga hace cuántos días (\"hace 3 días\").")
        }
        static var fullYear: String {
            text("Please write the year in full, such as 24/11/2026 or 24 November 2026.",
                es: "Por favor, escriba el año completo, por ejemplo 24/11/2026 o 24 de noviembre de 2026.")
        }
        static var whichDay: String {
            text("Which day of the month? Please give the whole date, such as 24 November 2026.",
                es: "¿Qué día del mes? Por favor, escriba la fecha completa, por ejemplo 24 de noviembre de 2026.")
        }
        static var whichYear: String {
            text("Which year? Please give the whole date, such as 24 November 2026.",
                es: "¿De qué año? Por favor, escriba la fecha completa, por ejemplo 24 de noviembre de 2026.")
        }
        static func dayOrMonth(_ dayFirst: String, _ monthFirst: String) -> String {
            text("Is that \(dayFirst) or \(monthFirst)? Please write the month as a word, such as \(dayFirst).",
                es: "¿Es el \(dayFirst) o el \(monthFirst)? Por favor, escriba el mes con letras, por ejemplo \(dayFirst).")
        }
        static func noSuchDay(_ day: Int, month: Int, year: Int?) -> String {
            let valid = (1...12).contains(month)
            let name = valid ? CalendarDay.monthName(month) : UserTexts.text("month \(month)", es: "mes \(month)")
            return text("There is no \(day) \(name)\(year.map { " \($0)" } ?? ""). Please check the date.",
                es: "No existe el \(day) \(valid ? "de" : "del") \(name)\(year.map { " de \($0)" } ?? ""). Por favor, revise la fecha.")
        }
        static func wrongWeekday(_ date: String, _ actual: String, _ named: String) -> String {
            text("\(date) is a \(actual), not a \(named). Please check the date.",
                es: "El \(date) es \(actual), no \(named). Por favor, revise la fecha.")
        }
        static func dateTooEarly(_ bound: String) -> String {
            bound == "today"
                ? text("That date is before today. Please check the date.", es: "Esa fecha es anterior a hoy. Por favor, revise la fecha.")
                : text("That date is before \(bound). Please check the date.", es: "Esa fecha es anterior al \(bound). Por favor, revise la fecha.")
        }
        static func dateTooLate(_ bound: String) -> String {
            bound == "today"
                ? text("That date is in the future. Please give a date up to today.", es: "Esa fecha está en el futuro. Por favor, escriba una fecha de hoy o anterior.")
                : text("That date is after \(bound). Please check the date.", es: "Esa fecha es posterior al \(bound). Por favor, revise la fecha.")
        }

        static var timeHelp: String {
            text("I could not read that as a time. Please give a time such as 11 pm or 23:30.",
                es: "No he podido leer eso como una hora. Por favor, escriba una hora, por ejemplo 11 de la noche o 23:30.")
        }
        static var minutesRange: String {
            text("The minutes of a time go from 00 to 59. Please give a time such as 11:30 pm or 23:30.",
                es: "Los minutos de una hora van de 00 a 59. Por favor, escriba una hora, por ejemplo 11:30 de la noche o 23:30.")
        }
        static func noSuchHour(_ hour: Int) -> String {
            text("There is no hour \(hour) in a day. Please give a time such as 11 pm or 23:30.",
                es: "Un día no tiene hora \(hour). Por favor, escriba una hora, por ejemplo 11 de la noche o 23:30.")
        }
        static func twelveHourClock(_ hour: Int) -> String {
            text("With am or pm the hour goes from 1 to 12. Please give a time such as 11 pm, or \(hour):00 without pm.",
                es: "Con de la mañana o de la noche la hora va de 1 a 12. Por favor, escriba una hora como 11 de la noche, o \(hour):00 sin más.")
        }
        static func morningOrEvening(_ first: String, _ second: String) -> String {
            text("Is that \(first) or \(second)? Please add am or pm, or give the time as on a 24-hour clock (\(first) or \(second)).",
                es: "¿Es a las \(first) o a las \(second)? Por favor, añada de la mañana o de la tarde/noche, o escriba la hora de 0 a 24 (\(first) o \(second)).")
        }
        static func timeOutside(_ earliest: String?, _ latest: String?) -> String {
            switch (earliest, latest) {
            case let (low?, high?):
                text("That time is outside \(low) to \(high). Please check the time.",
                    es: "Esa hora está fuera de \(low) a \(high). Por favor, revise la hora.")
            case let (low?, nil): text("That time is before \(low). Please check the time.", es: "Esa hora es anterior a las \(low). Por favor, revise la hora.")
            case let (nil, high?): text("That time is after \(high). Please check the time.", es: "Esa hora es posterior a las \(high). Por favor, revise la hora.")
            default: timeHelp
            }
        }

        static var typeDate: String {
            text("Please type a date, such as 24 November 2026.", es: "Por favor, escriba una fecha, por ejemplo 24 de noviembre de 2026.")
        }
        static var typeTime: String {
            text("Please type a time, such as 11 pm or 23:30.", es: "Por favor, escriba una hora, por ejemplo 11 de la noche o 23:30.")
        }
    }
}
